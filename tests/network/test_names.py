"""One resolver for places, crossings and terminals: the same tiers and suggestions for each."""

import pytest

from landsea.errors import (
    UnknownCrossingError,
    UnknownNameError,
    UnknownPlaceError,
    UnknownTerminalError,
)
from landsea.network import Network
from landsea.network.names import resolve_crossings, resolve_place, resolve_terminal

GAUGE_YARDS = ("LACCC",)  # the tiny network's one gauge change


@pytest.mark.parametrize(
    ("query", "place"),
    [
        ("cnaaa", "CNAAA"),  # an id, any case
        ("ALPHA", "CNAAA"),  # an alias
        ("alpha (city)", "CNAAA"),  # the name
        ("  Charlie ", "LACCC"),  # spaces do not count
        ("Delt", "THDDD"),  # a word starts with it
        ("city", "CNAAA"),  # a whole word of the name
    ],
)
def test_a_place_by_id_alias_name_word_or_start(tiny: Network, query: str, place: str) -> None:
    assert resolve_place(tiny, query) == place


def test_a_place_typo_lists_the_closest_places_by_name(tiny: Network) -> None:
    with pytest.raises(UnknownPlaceError) as err:
        resolve_place(tiny, "Charly")
    assert err.value.suggestions[0] == "Charlie (LACCC)"
    assert err.value.exit_code == 2
    assert "unknown place 'Charly'; did you mean Charlie (LACCC)" in str(err.value)


def test_a_query_that_names_several_places_is_an_error_listing_them(tiny: Network) -> None:
    with pytest.raises(UnknownPlaceError, match="names several places") as err:
        resolve_place(tiny, "C")  # Charlie, CNAAA, CNBBB, Alpha (city)
    assert "Charlie (LACCC)" in err.value.suggestions


@pytest.mark.parametrize(
    ("query", "crossings"),
    [
        ("bc_road", {"BC_ROAD"}),  # an id, any case, `_` as a space
        ("Bravo / Charlie rail", {"BC_RAIL"}),  # the name
        ("Charlie", {"BC_ROAD", "BC_RAIL"}),  # a place on one side names both gates
        ("cnbbb", {"BC_ROAD", "BC_RAIL"}),  # so does its code
        ("rail", {"BC_RAIL"}),  # a whole word of the name
        ("Brav", {"BC_ROAD", "BC_RAIL"}),  # a word starts with it
    ],
)
def test_crossings_by_id_name_word_or_side(tiny: Network, query: str, crossings: set[str]) -> None:
    assert set(resolve_crossings(tiny, query)) == crossings


def test_a_crossing_typo_lists_the_closest_crossings_by_name(tiny: Network) -> None:
    with pytest.raises(UnknownCrossingError) as err:
        resolve_crossings(tiny, "Bravvo")
    assert err.value.suggestions == [
        "Bravo / Charlie road (BC_ROAD)",
        "Bravo / Charlie rail (BC_RAIL)",
    ]
    assert err.value.exit_code == 2


def test_a_terminal_by_code_name_or_typo(tiny: Network) -> None:
    assert resolve_terminal(tiny.places, GAUGE_YARDS, "charlie") == "LACCC"
    assert resolve_terminal(tiny.places, GAUGE_YARDS, "Char") == "LACCC"
    with pytest.raises(UnknownTerminalError, match="unknown terminal 'Charlei'") as err:
        resolve_terminal(tiny.places, GAUGE_YARDS, "Charlei")
    assert err.value.suggestions == ["Charlie (LACCC)"]


def test_a_terminal_is_not_a_crossing(tiny: Network) -> None:
    with pytest.raises(UnknownTerminalError) as err:
        resolve_terminal(tiny.places, GAUGE_YARDS, "Bravo")  # a border crossing, not a yard
    assert not isinstance(err.value, UnknownCrossingError)
    assert isinstance(err.value, UnknownNameError) and isinstance(err.value, LookupError)
    assert err.value.exit_code == 2


@pytest.mark.parametrize("error", [UnknownPlaceError, UnknownCrossingError, UnknownTerminalError])
def test_every_kind_words_its_error_the_same_way(error: type[UnknownNameError]) -> None:
    assert str(error("Xx", ["A (B)"])) == f"unknown {error.kind} 'Xx'; did you mean A (B)?"
    assert str(error("Xx", [])) == f"unknown {error.kind} 'Xx'"
    several = error("X", ["A (B)", "C (D)"], several=True)
    assert str(several) == f"'X' names several {error.kind}s; did you mean A (B), C (D)?"
