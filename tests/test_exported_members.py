"""Each room's `__all__` is exactly what its `__init__` exports (httpx's test_exported_members).

A room's public surface is its package: the names its `__init__.py` binds from landsea's own
modules (`from landsea.x import name`, also under `if TYPE_CHECKING:` where a room loads its names
lazily through a module `__getattr__`, as landsea.routing does) and the public functions, classes
and constants it defines itself. Names it binds from other libraries (`TYPE_CHECKING`, `Any`) and
submodules are not part of the surface. The test fails when a name is exported but not listed,
listed but not exported, or listed but does not resolve.
"""

from __future__ import annotations

import ast
import importlib
import types
from pathlib import Path

import pytest

ROOMS = [
    "landsea.data",
    "landsea.network",
    "landsea.routing",
    "landsea.assignment",
    "landsea.simulation",
    "landsea.scenarios",
    "landsea.hub",
    "landsea.web",
    "landsea.cli",
]


def _is_type_checking_block(node: ast.If) -> bool:
    return (isinstance(node.test, ast.Name) and node.test.id == "TYPE_CHECKING") or (
        isinstance(node.test, ast.Attribute) and node.test.attr == "TYPE_CHECKING"
    )


def _from_landsea(node: ast.ImportFrom) -> bool:
    return node.level > 0 or (node.module or "").split(".")[0] == "landsea"


def _bound_names(statements: list[ast.stmt]) -> set[str]:
    """Names the statements bind from landsea or define themselves."""
    names: set[str] = set()
    for node in statements:
        if isinstance(node, ast.ImportFrom) and _from_landsea(node):
            assert all(alias.name != "*" for alias in node.names), "no star imports in a room"
            names.update(alias.asname or alias.name for alias in node.names)
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            names.add(node.name)
        elif isinstance(node, ast.Assign):
            names.update(t.id for t in node.targets if isinstance(t, ast.Name))
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            names.add(node.target.id)
        elif isinstance(node, ast.If) and _is_type_checking_block(node):
            names.update(_bound_names(node.body))
    return names


def exported_names(package: types.ModuleType) -> set[str]:
    """The public names a room's `__init__` really exports, submodules left out."""
    assert package.__file__ is not None
    tree = ast.parse(Path(package.__file__).read_text(encoding="utf-8"))
    public = {name for name in _bound_names(tree.body) if not name.startswith("_")}
    return {name for name in public if not isinstance(_resolve(package, name), types.ModuleType)}


def _resolve(package: types.ModuleType, name: str) -> object:
    return getattr(package, name)  # a module __getattr__ (PEP 562) answers lazy names


@pytest.mark.parametrize("room", ROOMS)
def test_all_lists_exactly_the_exported_names(room: str) -> None:
    package = importlib.import_module(room)
    declared = getattr(package, "__all__", None)
    assert declared is not None, f"{room}/__init__.py declares no __all__"
    assert len(declared) == len(set(declared)), f"{room}.__all__ lists a name twice"
    exported = exported_names(package)
    assert sorted(set(declared) - exported) == [], f"{room}.__all__ lists names it does not export"
    assert sorted(exported - set(declared)) == [], f"{room} exports names missing from __all__"


@pytest.mark.parametrize("room", ROOMS)
def test_every_name_in_all_resolves(room: str) -> None:
    package = importlib.import_module(room)
    for name in getattr(package, "__all__", []):
        value = _resolve(package, name)
        assert not isinstance(value, types.ModuleType), (
            f"{room}.{name} is a module: a submodule of that name shadows the export"
        )


def test_the_lazy_room_resolves_through_its_module_getattr() -> None:
    """landsea.routing binds its names on first use; a missing one is an AttributeError."""
    routing = importlib.import_module("landsea.routing")
    assert callable(getattr(routing, "__getattr__", None))
    with pytest.raises(AttributeError):
        _resolve(routing, "no_such_name")
