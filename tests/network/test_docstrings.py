"""Rooms 1-3 (data, network, routing): public code says what it does and what it raises.

Every public function, class and public method has a docstring, with a Raises section where its
own body raises (the same rule `tests/simulation/test_exported_members.py` keeps for room 4b).
"""

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[2] / "src" / "landsea"


def _public_defs(tree: ast.Module) -> list[ast.FunctionDef | ast.ClassDef]:
    found: list[ast.FunctionDef | ast.ClassDef] = []
    for node in tree.body:
        if isinstance(node, ast.FunctionDef | ast.ClassDef) and not node.name.startswith("_"):
            found.append(node)
            if isinstance(node, ast.ClassDef):
                found += [
                    member
                    for member in node.body
                    if isinstance(member, ast.FunctionDef) and not member.name.startswith("_")
                ]
    return found


@pytest.mark.parametrize("room", ["data", "network", "routing"])
def test_public_functions_and_classes_have_docstrings_and_say_what_they_raise(room: str) -> None:
    missing = []
    for path in sorted((SRC / room).glob("*.py")):
        for node in _public_defs(ast.parse(path.read_text(encoding="utf-8"))):
            where = f"{room}/{path.name}:{node.name}"
            doc = ast.get_docstring(node) or ""
            if not doc:
                missing.append(f"{where}: no docstring")
            raises = isinstance(node, ast.FunctionDef) and any(
                isinstance(inner, ast.Raise) for inner in ast.walk(node)
            )
            if raises and "Raises:" not in doc:
                missing.append(f"{where}: raises without a Raises section")
    assert missing == []
