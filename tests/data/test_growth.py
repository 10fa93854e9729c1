"""Demand that grows (issue 11.2): sourced rates by partner and commodity, year by year."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from landsea.data.bundled import load_corridor
from landsea.data.demand import baseline_demand, demand_for_year, grow_demand, growth_rates
from landsea.data.demand.growth import GrowthEdit, growth_factor, partner_country, rate_for
from landsea.errors import DataError


def test_the_most_specific_rate_wins() -> None:
    rates = growth_rates()
    assert rate_for(rates, "VN", "agri_perishable", 2023) == pytest.approx(0.203)
    assert rate_for(rates, "VN", "machinery", 2023) == pytest.approx(0.036)
    assert rate_for(rates, "TH", "machinery", 2023) == pytest.approx(0.088)
    assert rate_for(rates, "TH", "machinery", 2022) == pytest.approx(0.05)
    assert rate_for(rates, "SG", "electronics", 2030) == pytest.approx(0.069)


def test_growing_forward_then_back_returns_the_base() -> None:
    rates = growth_rates()
    ahead = growth_factor(rates, "VN", "machinery", 2018, 2024)
    # 2019-2021 at 8.8 %, 2022 at 5 %, 2023 at 3.6 %, 2024 at 15.3 %
    assert ahead == pytest.approx(1.088**3 * 1.05 * 1.036 * 1.153)
    assert ahead * growth_factor(rates, "VN", "machinery", 2024, 2018) == pytest.approx(1.0)


def test_the_partner_is_the_end_outside_china() -> None:
    assert partner_country("CN", "VN") == "VN"
    assert partner_country("TH", "CN") == "TH"
    assert partner_country("LA", "TH") == "TH"


def test_each_row_grows_from_its_own_base_year() -> None:
    places = load_corridor().places
    base = baseline_demand(places)
    grown = grow_demand(base, 2030, places)
    row = base.iloc[0]
    partner = partner_country(
        places.at[row["origin"], "country"], places.at[row["destination"], "country"]
    )
    factor = growth_factor(growth_rates(), partner, row["commodity"], int(row["year"]), 2030)
    assert grown.iloc[0]["teu_per_year"] == pytest.approx(row["teu_per_year"] * factor)
    assert (grown["year"] == 2030).all()


def test_demand_grows_from_2020_to_2025_to_2030() -> None:
    totals = [demand_for_year(year)["teu_per_year"].sum() for year in (2020, 2025, 2030)]
    assert totals[0] < totals[1] < totals[2]
    assert demand_for_year(None)["teu_per_year"].sum() == pytest.approx(
        baseline_demand()["teu_per_year"].sum()
    )


def test_a_year_the_table_does_not_cover_is_an_error() -> None:
    with pytest.raises(DataError, match="no growth rate for 2036"):
        demand_for_year(2040)


def test_every_bundled_rate_carries_its_source() -> None:
    for rate in growth_rates():
        assert rate.source.startswith(("source:", "estimate:"))


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("source", "China customs", "source: ..."),
        ("rate_per_year", "fast", "not a number"),
        ("to_year", "2010", "before from_year"),
        ("rate_per_year", "-1.5", "above -1"),
    ],
)
def test_a_bad_growth_row_names_file_row_and_field(
    tmp_path: Path, field: str, value: str, message: str
) -> None:
    row = {
        "partner": "VN",
        "commodity": "*",
        "from_year": "2014",
        "to_year": "2030",
        "rate_per_year": "0.05",
        "source": "estimate: test",
    }
    row[field] = value
    path = tmp_path / "growth.csv"
    pd.DataFrame([row]).to_csv(path, index=False)
    with pytest.raises(DataError, match=message) as raised:
        growth_rates(str(path))
    assert raised.value.location is not None
    assert (raised.value.location.row, raised.value.location.field) == (1, field)


def test_edits_replace_or_scale_the_tables_rate_in_order() -> None:
    rates = growth_rates()
    override = GrowthEdit(partner="VN", from_year=2023, to_year=2024, rate_per_year=0.1)
    half = GrowthEdit(commodity="agri_perishable", rate_factor=0.5)
    assert rate_for(rates, "VN", "machinery", 2023, (override,)) == pytest.approx(0.1)
    assert rate_for(rates, "VN", "machinery", 2022, (override,)) == pytest.approx(0.05)
    assert rate_for(rates, "TH", "machinery", 2023, (override,)) == pytest.approx(0.088)
    assert rate_for(rates, "VN", "agri_perishable", 2023, (half,)) == pytest.approx(0.1015)
    assert rate_for(rates, "VN", "agri_perishable", 2023, (override, half)) == pytest.approx(0.05)
    assert rate_for(rates, "VN", "agri_perishable", 2023, (half, override)) == pytest.approx(0.1)


@pytest.mark.parametrize(
    ("figures", "message"),
    [
        ({}, "one of"),
        ({"rate_per_year": 0.1, "rate_factor": 2.0}, "one of"),
        ({"rate_per_year": -1.0}, "above -1"),
        ({"rate_factor": -0.5}, "0 or more"),
    ],
)
def test_an_edit_gives_one_sound_figure(figures: dict[str, float], message: str) -> None:
    with pytest.raises(DataError, match=message):
        GrowthEdit(**figures)  # type: ignore[arg-type]
