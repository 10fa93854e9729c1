"""Network totals (TEU-km, vehicle-km, charges, CO2 by mode and country) against hand work.

One pair, Nanning -> Hanoi, 10 TEU a day of electronics: the logit assignment spreads it over
a few routes (road through Youyiguan, rail through Pingxiang, road through Longbang...). The
expected figures are worked out from each route's links in links.csv (length, mode, the
country of the place the link leaves) and the route's flow, not from the graph arrays the
function reads.
"""

from __future__ import annotations

from collections import defaultdict

import pandas as pd
import pytest

from landsea.assignment.freight import CorridorAssignment, assign_corridor
from landsea.network import corridor_network
from landsea.network.model import Network
from landsea.scenarios import kpis
from landsea.scenarios.totals import network_totals
from landsea.units import DAYS_PER_YEAR

TEU_PER_UNIT = {  # CapacitySettings' estimate
    "road": 2.0,
    "rail_1435": 70.0,
    "rail_1000": 70.0,
    "sea": 20.0,
    "river": 20.0,
}
VEHICLE = {"road": "truck", "sea": "vessel", "river": "vessel"}


@pytest.fixture(scope="module")
def case() -> tuple[Network, CorridorAssignment]:
    network = corridor_network()
    demand = pd.DataFrame(
        [
            {
                "origin": "CNNIN",
                "destination": "VNHAN",
                "commodity": "electronics",
                "teu_per_year": 10 * DAYS_PER_YEAR,
            }
        ]
    )
    return network, assign_corridor(network, demand)


def _by_hand(network: Network, assignment: CorridorAssignment) -> dict[tuple[str, str], float]:
    """TEU-km a year per (mode, country) from the links each route uses."""
    links = network.tables.links  # indexed by link_id
    country = network.places["country"]
    detail = assignment.detail
    assert detail is not None
    out: dict[tuple[str, str], float] = defaultdict(float)
    for key, routes in detail.route_sets.routes.items():
        for route, teu_day in zip(routes, detail.route_sets.flows[key], strict=True):
            for link_id in detail.graph.link_id[route]:
                if link_id == "":
                    continue  # loading, transfers and waits: no distance
                link = links.loc[str(link_id)]
                place = str(link["from_id"])
                out[(str(link["mode"]), str(country[place]))] += (
                    teu_day * DAYS_PER_YEAR * float(link["length_km"])
                )
    return out


def test_teu_km_and_vehicle_km_by_mode_and_country(
    case: tuple[Network, CorridorAssignment],
) -> None:
    network, assignment = case
    table = network_totals(assignment, network).set_index(["mode", "country"])
    expected = _by_hand(network, assignment)
    assert set(expected) <= set(table.index)
    assert ("road", "CN") in expected and ("road", "VN") in expected  # a real spread
    for (mode, country), teu_km in expected.items():
        row = table.loc[(mode, country)]
        assert row["teu_km_per_year"] == pytest.approx(teu_km, rel=1e-9)
        assert row["vehicle_km_per_year"] == pytest.approx(teu_km / TEU_PER_UNIT[mode], rel=1e-9)
        assert row["vehicle"] == VEHICLE.get(mode, "train")
    transfers = table.xs("transfer", level="mode") if "transfer" in table.index else None
    if transfers is not None:
        assert (transfers["teu_km_per_year"] == 0).all()


def test_charges_and_co2_add_up_to_the_scenario_totals(
    case: tuple[Network, CorridorAssignment],
) -> None:
    """Summed over modes and countries, charges and CO2 are the corridor totals `kpis.totals`
    computes from the route table (route charges x flow), another path through the numbers."""
    network, assignment = case
    table = network_totals(assignment, network)
    totals = kpis.totals(kpis._routes(assignment), assignment)
    assert table["charges_usd_per_year"].sum() == pytest.approx(
        totals["charges_usd_per_year"], rel=1e-9
    )
    assert table["co2_t_per_year"].sum() == pytest.approx(totals["co2_t_per_year"], rel=1e-9)
    assert (table["co2_t_per_year"] >= 0).all()
    assert list(table.columns[:3]) == ["mode", "country", "teu_km_per_year"]
