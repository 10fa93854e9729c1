"""The error family: each error is also the built-in a caller would catch, with its exit code."""

import pytest

from landsea.errors import DataError, Location, NoRouteError, UnknownPlaceError


def test_data_error_names_file_row_and_field() -> None:
    err = DataError("length_km must be positive", Location("links.csv", 7, "length_km"))
    assert str(err) == "links.csv:7:length_km: length_km must be positive"
    assert isinstance(err, ValueError)
    assert err.exit_code == 2


def test_unknown_place_lists_suggestions() -> None:
    err = UnknownPlaceError("Bangkock", ["Bangkok (THBKK)"])
    assert "did you mean Bangkok (THBKK)" in str(err)
    assert isinstance(err, LookupError)


def test_no_route_is_exit_3() -> None:
    with pytest.raises(LookupError) as caught:
        raise NoRouteError("no route", cut_by="avoid-country VN")
    assert caught.value.exit_code == 3
    assert caught.value.cut_by == "avoid-country VN"
