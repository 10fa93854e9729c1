"""Demand tables: the documented baseline, CSV and OMX round trips, and bad input."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from landsea.data.bundled import load_corridor
from landsea.data.demand import (
    baseline_demand,
    place_lookup,
    read_demand_csv,
    read_demand_omx,
    write_demand_csv,
    write_demand_omx,
)
from landsea.data.demand.derivation import derive_baseline
from landsea.errors import DataError
from landsea.vocabulary import COMMODITIES

FIXTURES = Path(__file__).parents[1] / "fixtures" / "assignment"


@pytest.fixture(scope="module")
def places() -> dict[str, str]:
    return place_lookup(load_corridor().places)


def test_the_shipped_baseline_is_what_the_documented_derivation_gives() -> None:
    values = {k: c.value_usd_per_teu for k, c in load_corridor().parameters.commodities.items()}
    derived = derive_baseline(values)
    shipped = baseline_demand()
    pd.testing.assert_frame_equal(
        shipped[["origin", "destination", "commodity"]],
        derived[["origin", "destination", "commodity"]],
    )
    np.testing.assert_allclose(shipped["teu_per_year"], derived["teu_per_year"], atol=0.05)


def test_the_baseline_is_directional_exports_exceed_imports_from_chongqing() -> None:
    table = baseline_demand()
    out = table[table["origin"] == "CNNPB"]["teu_per_year"].sum()
    back = table[table["destination"] == "CNNPB"]["teu_per_year"].sum()
    assert out > 5 * back > 0


def test_places_may_be_given_by_alias_and_come_back_as_ids(places: dict[str, str]) -> None:
    table = read_demand_csv(FIXTURES / "demand_small.csv", places, COMMODITIES)
    assert table["origin"].tolist() == ["CNCKG", "THBKK", "CNKNM"]
    assert table["destination"].tolist() == ["THBKK", "CNCKG", "LAVTE"]


def test_csv_round_trip(tmp_path: Path, places: dict[str, str]) -> None:
    table = read_demand_csv(FIXTURES / "demand_small.csv", places, COMMODITIES)
    write_demand_csv(table, tmp_path / "d.csv")
    again = read_demand_csv(tmp_path / "d.csv", places, COMMODITIES)
    pd.testing.assert_frame_equal(table, again)


def test_omx_round_trip_keeps_every_cell(tmp_path: Path, places: dict[str, str]) -> None:
    table = read_demand_csv(FIXTURES / "demand_small.csv", places, COMMODITIES)
    write_demand_omx(table, tmp_path / "d.omx")
    again = read_demand_omx(tmp_path / "d.omx", places, COMMODITIES)
    key = ["origin", "destination", "commodity"]
    left = table.sort_values(key).reset_index(drop=True)
    right = again.sort_values(key).reset_index(drop=True)
    pd.testing.assert_frame_equal(left, right)


def test_an_unknown_place_names_file_row_and_field(places: dict[str, str]) -> None:
    path = FIXTURES / "demand_bad_place.csv"
    with pytest.raises(DataError, match=r"demand_bad_place.csv:2:destination: unknown place"):
        read_demand_csv(path, places, COMMODITIES)


@pytest.mark.parametrize(
    ("cell", "field", "message"),
    [
        ({"commodity": "gold"}, "commodity", "unknown commodity 'gold'"),
        ({"teu_per_year": -5}, "teu_per_year", "demand must be finite and >= 0"),
        ({"teu_per_year": "lots"}, "teu_per_year", "'lots' is not a number"),
    ],
)
def test_bad_cells_name_the_row_and_field(
    tmp_path: Path, places: dict[str, str], cell: dict[str, object], field: str, message: str
) -> None:
    row = {"origin": "CNCKG", "destination": "THBKK", "commodity": "electronics"}
    row["teu_per_year"] = 10  # type: ignore[assignment]
    row.update(cell)  # type: ignore[arg-type]
    path = tmp_path / "demand.csv"
    pd.DataFrame([row]).to_csv(path, index=False)
    with pytest.raises(DataError, match=rf"demand.csv:1:{field}: {message}"):
        read_demand_csv(path, places, COMMODITIES)


def test_a_repeated_row_is_refused(tmp_path: Path, places: dict[str, str]) -> None:
    row = {"origin": "CNCKG", "destination": "THBKK", "commodity": "electronics", "teu_per_year": 1}
    path = tmp_path / "demand.csv"
    pd.DataFrame([row, row]).to_csv(path, index=False)
    with pytest.raises(DataError, match=r"demand\.csv:2: origin, destination and commodity repeat"):
        read_demand_csv(path, places, COMMODITIES)


def test_an_omx_cell_error_names_the_matrix_and_the_cell(
    tmp_path: Path, places: dict[str, str]
) -> None:
    import openmatrix as omx

    path = tmp_path / "bad.omx"
    with omx.open_file(str(path), "w") as store:
        store["electronics"] = np.array([[0.0, 5.0], [-1.0, 0.0]])
        store.root._v_attrs["place_id"] = '["CNCKG", "THBKK"]'
    with pytest.raises(DataError, match=r"bad.omx:electronics\[THBKK,CNCKG\]: demand must be"):
        read_demand_omx(path, places, COMMODITIES)


def test_omx_zones_that_do_not_match_the_network_are_refused(
    tmp_path: Path, places: dict[str, str]
) -> None:
    import openmatrix as omx

    path = tmp_path / "zones.omx"
    with omx.open_file(str(path), "w") as store:
        store["electronics"] = np.zeros((2, 2))
        store.root._v_attrs["place_id"] = '["CNCKG", "XXNOPE"]'
    with pytest.raises(DataError, match=r"zones.omx:place_id\[1\]: zone 1 is 'XXNOPE'"):
        read_demand_omx(path, places, COMMODITIES)


def test_partner_regions_and_import_mixes_are_shares_of_places_and_commodities() -> None:
    from landsea.data.demand.derivation import IMPORT_MIX_BY_PARTNER, PARTNER_REGIONS

    places = load_corridor().places
    for country, regions in PARTNER_REGIONS.items():
        assert sum(regions.values()) == pytest.approx(1.0), country
        assert all(places.at[place, "country"] == country for place in regions), country
    for country, mix in IMPORT_MIX_BY_PARTNER.items():
        assert sum(mix.values()) == pytest.approx(1.0), country
        assert set(mix) <= set(COMMODITIES), country


def test_northern_laos_northern_thailand_and_shan_trade_with_china_both_ways() -> None:
    table = baseline_demand()
    for zone in ("LALXG", "LAODY", "THCRI", "MMLSH"):
        out = table[table["origin"] == zone]["teu_per_year"].sum()
        back = table[table["destination"] == zone]["teu_per_year"].sum()
        assert out > 0 and back > 0, zone
    # Myanmar's and Laos' exports to China are farm produce and minerals: no electronics
    from_myanmar = table[table["origin"].isin(["MMMDL", "MMLSH"])]
    assert not (from_myanmar["commodity"] == "electronics").any()
