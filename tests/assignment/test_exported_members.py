"""`landsea.assignment.__all__` is what the package exports, no more, no less (httpx style)."""

from __future__ import annotations

import importlib
import inspect
import subprocess
import sys

import landsea.assignment as package


def test_every_public_class_and_function_is_defined_in_the_package() -> None:
    for name in package.__all__:
        value = getattr(package, name)
        if inspect.isclass(value) or inspect.isfunction(value):
            assert value.__module__.startswith("landsea.assignment."), (name, value.__module__)
            assert value.__doc__, f"{name} has no docstring"


def test_all_lists_exactly_the_names_the_package_loads() -> None:
    assert sorted(package.__all__) == sorted(package._HOMES)
    for name, module in package._HOMES.items():
        assert hasattr(importlib.import_module(f"landsea.assignment.{module}"), name), name


def test_an_unknown_name_is_an_attribute_error() -> None:
    assert not hasattr(package, "great_circle_km")


def test_the_registry_and_the_package_load_without_the_compiled_kernels() -> None:
    code = (
        "import sys; import landsea.assignment.algorithms as a; a.algorithm_names('network'); "
        "print(sorted(m for m in sys.modules if m.startswith(('numba', 'landsea.routing'))))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
