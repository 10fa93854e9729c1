"""Sea legs: measured on searoute's sea-lane graph, and closable at the named sea passages.

searoute (a dev dependency; its graph ships inside the package, nothing is downloaded) is the
independent oracle: the lengths in links.csv must be what it measures, no lane may slip through
a passage it does not end at, and the skeleton's shortest sea paths must match searoute's own
port-to-port paths.
"""

from __future__ import annotations

import pytest

from landsea.data.bundled import load_corridor
from landsea.data.sea_lanes import (
    LENGTH_SOURCE,
    SEAROUTE_PASSAGES,
    great_circle_km,
    measure_links,
)
from landsea.network import corridor_network
from landsea.routing import RouteRequest, route

PASSAGE_RADIUS_KM = 30.0  # a lane closer than this to a passage node goes through it
SEA_ONLY = ("road", "rail", "river")


@pytest.fixture(scope="module")
def tables():
    return load_corridor()


@pytest.fixture(scope="module")
def measured(tables):
    return measure_links(tables.links, tables.places)


def _lon_lat(tables) -> dict[str, tuple[float, float]]:
    return {str(p): (float(r["lon"]), float(r["lat"])) for p, r in tables.places.iterrows()}


def test_every_searoute_length_in_links_csv_is_what_searoute_measures(tables, measured) -> None:
    assert len(measured) >= 25
    for link_id, leg in measured.items():
        held = float(tables.links.at[link_id, "length_km"])
        assert held == pytest.approx(leg.length_km, abs=1.0), link_id


def test_every_lane_at_a_sea_passage_is_measured_on_searoute(tables) -> None:
    links, places = tables.links, tables.places
    passages = set(places.index[places["kind"] == "sea_passage"])
    at_passage = links["from_id"].isin(passages) | links["to_id"].isin(passages)
    assert (links.loc[at_passage, "mode"] == "sea").all()
    assert links.loc[at_passage, "length_source"].str.startswith(LENGTH_SOURCE).all()
    assert {"XZMAL", "XZSGS", "XZGOT", "XZSUN", "XZLOM"} <= passages
    assert (places.loc[sorted(passages), "country"] == "XZ").all()


def test_no_lane_slips_through_a_passage_it_does_not_end_at(tables, measured) -> None:
    lon_lat = _lon_lat(tables)
    passages = [p for p in tables.places.index if tables.places.at[p, "kind"] == "sea_passage"]
    for link_id, leg in measured.items():
        for passage in passages:
            if passage in (leg.from_id, leg.to_id):
                continue
            nearest = min(great_circle_km(lon_lat[passage], point) for point in leg.path)
            assert nearest > PASSAGE_RADIUS_KM, (link_id, passage, nearest)


def _sea_km(origin: str, destination: str, *closed: str) -> tuple[float, list[str]]:
    request = RouteRequest(
        origin, destination, by="distance", avoid_modes=SEA_ONLY, avoid_passages=closed
    )
    found = route(corridor_network(), request)
    return found.length_km, [s.to_id for s in found.steps if s.kind == "move"]


@pytest.mark.parametrize(
    ("origin", "destination"),
    [
        ("CNQZH", "SGSIN"),
        ("CNQZH", "THLCH"),
        ("CNQZH", "MMRGN"),
        ("CNQZH", "KHKOS"),
        ("CNZHA", "SGSIN"),
        ("CNSHA", "SGSIN"),
        ("VNHPH", "VNCLI"),
    ],
)
def test_the_skeleton_matches_searoutes_own_port_to_port_path(
    tables,
    origin: str,
    destination: str,
) -> None:
    import searoute

    lon_lat = _lon_lat(tables)
    found = searoute.searoute(list(lon_lat[origin]), list(lon_lat[destination]), units="km")
    direct = float(found["properties"]["length"])  # every passage open
    km, _ = _sea_km(origin, destination)
    assert km == pytest.approx(direct, rel=0.02)


def test_closing_malacca_sends_yangon_ships_round_by_sunda_as_searoute_does(tables) -> None:
    open_km, open_path = _sea_km("Qinzhou", "Yangon")
    closed_km, closed_path = _sea_km("Qinzhou", "Yangon", "Strait of Malacca")
    assert "XZMAL" in open_path
    assert "XZMAL" not in closed_path and "XZSUN" in closed_path
    assert closed_km > open_km + 2000
    # searoute itself, Malacca barred (the ends are no passages: Sunda stays open)
    import searoute

    lon_lat = _lon_lat(tables)
    barred = searoute.searoute(
        list(lon_lat["CNQZH"]),
        list(lon_lat["MMRGN"]),
        units="km",
        restrictions=["northwest", SEAROUTE_PASSAGES["XZMAL"]],
    )
    assert closed_km == pytest.approx(float(barred["properties"]["length"]), rel=0.02)


def test_closing_malacca_and_sunda_leaves_lombok(tables) -> None:
    km, path = _sea_km("Qinzhou", "Yangon", "Strait of Malacca", "Sunda Strait")
    assert "XZLOM" in path and "XZMAL" not in path and "XZSUN" not in path
    assert km > _sea_km("Qinzhou", "Yangon", "Strait of Malacca")[0]
