"""`landsea.hub.__all__` is honest: every name resolves, is documented, and lives where said."""

from __future__ import annotations

import importlib

import pytest

import landsea.hub
import landsea.web


@pytest.mark.parametrize("name", landsea.hub.__all__)
def test_every_exported_name_resolves_and_is_documented(name: str) -> None:
    member = getattr(landsea.hub, name)
    assert member is not None
    if callable(member):
        assert (member.__doc__ or "").strip(), f"{name} has no docstring"


def test_no_public_name_is_left_out() -> None:
    assert sorted(landsea.hub.__all__) == sorted(set(landsea.hub.__all__))
    with pytest.raises(AttributeError):
        _ = landsea.hub.no_such_name


def test_the_web_package_exports_nothing_yet() -> None:
    assert importlib.import_module("landsea.web").__all__ == []
    assert landsea.web.__all__ == []
