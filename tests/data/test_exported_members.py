"""`landsea.data.__all__` is what the package exports, no more, no less (httpx style)."""

import doctest
import inspect
import types

import landsea.data as package


def test_all_lists_exactly_the_public_names_the_package_holds() -> None:
    held = {
        name
        for name, value in vars(package).items()
        if not name.startswith("_") and not isinstance(value, types.ModuleType)
    }
    assert sorted(package.__all__) == sorted(held)


def test_every_exported_class_and_function_lives_in_the_room_and_says_what_it_does() -> None:
    for name in package.__all__:
        value = getattr(package, name)
        if inspect.isclass(value) or inspect.isfunction(value):
            assert value.__module__.startswith("landsea.data."), (name, value.__module__)
            assert value.__doc__, f"{name} has no docstring"


def test_the_examples_in_the_docstrings_run() -> None:
    for module in (package,):
        assert doctest.testmod(module, raise_on_error=True).attempted > 0
