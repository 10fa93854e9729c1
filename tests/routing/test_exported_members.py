"""`landsea.routing.__all__` is what the package exports, no more, no less (httpx style)."""

import doctest
import importlib
import inspect
import subprocess
import sys

import landsea.routing as package
import landsea.routing.objectives


def test_all_lists_exactly_the_names_the_package_loads() -> None:
    assert sorted(package.__all__) == sorted(package._HOMES)
    for name, module in package._HOMES.items():
        assert hasattr(importlib.import_module(f"landsea.routing.{module}"), name), name


def test_every_exported_class_and_function_lives_in_the_room_and_says_what_it_does() -> None:
    for name in package.__all__:
        value = getattr(package, name)
        if inspect.isclass(value) or inspect.isfunction(value):
            assert value.__module__.startswith("landsea.routing."), (name, value.__module__)
            assert value.__doc__, f"{name} has no docstring"


def test_an_unknown_name_is_an_attribute_error() -> None:
    assert not hasattr(package, "heap_dijkstra")


def test_the_kernels_load_without_the_network_tables() -> None:
    code = (
        "import sys; import landsea.routing.kernels; "
        "print(sorted(m for m in sys.modules if m.startswith('landsea.network')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_the_examples_in_the_docstrings_run() -> None:
    for module in (package, landsea.routing.objectives):
        assert doctest.testmod(module, raise_on_error=True).attempted > 0
