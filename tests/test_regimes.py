"""Border regimes: one record each, in one registry, and data rows for every crossing.

The last tests add a fifth regime the way docs/simulation.md says (one record, rows in a copy of
the dataset) and show, touching no other module, that it routes, simulates and appears in the
hub's schema.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest
from pydantic import ValidationError

from landsea.data.bundled import load_corridor
from landsea.data.io import read_tables
from landsea.data.schema import CROSSING_REGIMES
from landsea.errors import DataError
from landsea.regimes import (
    EXIT_GATE,
    STANDARD,
    STANDARD_NAME,
    Regime,
    StageRow,
    regime_names,
    regime_record,
    register_regime,
    unregister_regime,
)

CORRIDOR = Path(__file__).resolve().parents[1] / "src" / "landsea" / "data" / "corridor"
QUARTER_HOUR = 0.25

# A made-up fifth regime: an authorised-operator lane, documents pre-cleared, most loads green.
GREEN_LANE = Regime(
    name="green_lane",
    label="green lane",
    stages=(
        StageRow("documents_joint", "documents", "joint", 0.10),
        StageRow("inspection_joint", "inspection", "joint", 0.05),
        EXIT_GATE,
    ),
    channels=(0.95, 0.04, 0.01),
    time_factor=0.40,
    cost_factor=0.70,
    reasoning="estimate: authorised operators, documents cleared before arrival",
)


def test_the_four_regimes_are_registered_standard_first() -> None:
    assert regime_names() == ("standard", "single_window", "joint_inspection", "tir")
    assert regime_record(STANDARD_NAME) is STANDARD
    assert regime_record("tir").label == "TIR carnet"


def test_an_unknown_regime_is_named_with_the_choices() -> None:
    with pytest.raises(DataError, match="unknown regime 'express'; choose one of standard, "):
        regime_record("express")


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"name": "Green Lane"}, "snake_case"),
        ({"label": " "}, "needs a label"),
        ({"channels": (0.5, 0.3, 0.1)}, "add up to 0.9, not 1"),
        ({"channels": (1.1, -0.1, 0.0)}, "three probabilities >= 0"),
        ({"stages": ()}, "at least one stage"),
        ({"stages": (StageRow("x", "lunch", "exit", 0.1),)}, "kind one of documents"),
        ({"stages": (StageRow("x", "documents", "exit", -0.1),)}, "share must be >= 0"),
        ({"time_factor": 0.0}, "must be > 0"),
    ],
)
def test_a_record_out_of_range_is_refused_naming_the_field(
    change: dict[str, object], message: str
) -> None:
    fields = {**GREEN_LANE.__dict__, **change}
    with pytest.raises(DataError, match=message):
        Regime(**fields)  # type: ignore[arg-type]


def test_a_regime_is_registered_once_and_the_standard_stays() -> None:
    with pytest.raises(DataError, match="registered already"):
        register_regime(STANDARD)
    with pytest.raises(DataError, match="cannot be unregistered"):
        unregister_regime(STANDARD_NAME)
    with pytest.raises(DataError, match="unknown regime 'green_lane'"):
        unregister_regime("green_lane")


def test_the_bundled_rows_are_the_standard_rows_scaled_by_each_regimes_factors() -> None:
    # The record's routing factors are what the dataset's rows say: time to the quarter hour,
    # fee to the dollar.
    regimes = load_corridor().crossing_regimes
    standard = regimes[regimes["regime"] == STANDARD_NAME].set_index("crossing_id")
    checked = 0
    for _, row in regimes.iterrows():
        record, base = regime_record(row["regime"]), standard.loc[row["crossing_id"]]
        for field in ("min_h", "mode_h", "max_h"):
            scaled = base[field] * record.time_factor
            assert abs(row[field] - scaled) <= QUARTER_HOUR / 2 + 1e-9, (row["crossing_id"], field)
        assert abs(row["cost_usd"] - base["cost_usd"] * record.cost_factor) <= 0.5
        checked += 1
    assert checked == len(regimes) == len(standard) * len(regime_names())


def test_every_regime_in_the_data_has_a_record_and_every_record_its_rows() -> None:
    regimes = load_corridor().crossing_regimes
    assert set(regimes["regime"]) == set(regime_names())


@pytest.fixture
def green_lane() -> Iterator[Regime]:
    register_regime(GREEN_LANE)
    try:
        yield GREEN_LANE
    finally:
        unregister_regime(GREEN_LANE.name)


def test_a_registered_regime_without_rows_fails_validation_naming_each_crossing(
    green_lane: Regime,
) -> None:
    crossings = len(pd.read_csv(CORRIDOR / "crossings.csv"))
    expected = r"crossings.csv:1:crossing_id: crossing '\w+' has no 'green_lane' row in "
    with pytest.raises(DataError, match=expected + rf"crossing_regimes \(and {crossings - 1} more"):
        read_tables(CORRIDOR)


def _dataset_with_rows_for(regime: Regime, folder: Path) -> Path:
    """A copy of the bundled dataset with a row per crossing for `regime`, scaled as its
    record says from the crossing's standard row (what a maintainer adds to the CSV)."""
    shutil.copytree(CORRIDOR, folder)
    path = folder / CROSSING_REGIMES.file
    table = pd.read_csv(path, dtype=str, keep_default_na=False)
    standard = table[table["regime"] == STANDARD_NAME]
    added = standard.assign(
        regime=regime.name,
        **{
            field: (standard[field].astype(float) * regime.time_factor).round(2).astype(str)
            for field in ("min_h", "mode_h", "max_h")
        },
        cost_usd=(standard["cost_usd"].astype(float) * regime.cost_factor).round(0).astype(str),
        source=f"estimate: standard x {regime.time_factor} time, x {regime.cost_factor} cost",
    )
    pd.concat([table, added]).to_csv(path, index=False)
    return folder


def test_a_fifth_regime_routes(green_lane: Regime, tmp_path: Path) -> None:
    from landsea.network import network_from_tables
    from landsea.routing import RouteRequest, route

    network = network_from_tables(read_tables(_dataset_with_rows_for(green_lane, tmp_path / "d")))
    request = RouteRequest("Kunming", "Vientiane", by="time")
    standard = route(network, request)
    lane = route(network, RouteRequest("Kunming", "Vientiane", by="time", regime="green_lane"))
    crossings = [step for step in lane.steps if step.crossing_id]
    assert crossings and all(step.regime == "green_lane" for step in crossings)
    assert lane.time_h < standard.time_h


def test_a_fifth_regime_simulates(green_lane: Regime, tmp_path: Path) -> None:
    from landsea.simulation.crossing import CrossingScenario, simulate_crossing
    from landsea.simulation.spec import crossing_specs

    tables = read_tables(_dataset_with_rows_for(green_lane, tmp_path / "d"))
    spec = crossing_specs(tables.crossings, tables.crossing_regimes)["MOHAN_BOTEN_ROAD"]
    lane = simulate_crossing(spec, "green_lane", 20, CrossingScenario(150), seed=3)
    standard = simulate_crossing(spec, STANDARD_NAME, 20, CrossingScenario(150), seed=3)
    assert [stage.name for stage in lane.plan.stages] == [
        "documents_joint",
        "inspection_joint",
        "exit_gate",
    ]
    assert lane.summary.trucks > 0
    assert lane.summary.dwell_mean_h < standard.summary.dwell_mean_h


def test_a_fifth_regime_appears_in_the_hubs_schema(green_lane: Regime, tmp_path: Path) -> None:
    from landsea.config import Settings
    from landsea.hub.app import create_app
    from landsea.hub.schemas.consignments import ItineraryIn, PlanIn

    app = create_app(Settings(database_url=f"sqlite:///{tmp_path / 'hub.sqlite3'}"))
    try:
        schemas = app.openapi()["components"]["schemas"]
    finally:
        app.state.hub.db.dispose()
    assert "green_lane" in schemas["PlanIn"]["properties"]["regime"]["enum"]
    assert "green_lane" in schemas["ItineraryIn"]["properties"]["regime"]["enum"]
    assert PlanIn.model_validate({"regime": "green_lane"}).regime == "green_lane"
    with pytest.raises(ValidationError, match="unknown regime 'amber_lane'"):
        PlanIn.model_validate({"regime": "amber_lane"})
    given = {"legs": [{"mode": "road", "from": "CNKNM", "to": "LAVTE"}], "regime": "green_lane"}
    assert ItineraryIn.model_validate(given).regime == "green_lane"


def test_an_unregistered_regime_leaves_the_hubs_schema(tmp_path: Path) -> None:
    from landsea.hub.schemas.consignments import PlanIn

    register_regime(GREEN_LANE)
    unregister_regime(GREEN_LANE.name)
    with pytest.raises(ValidationError, match="unknown regime 'green_lane'"):
        PlanIn.model_validate({"regime": "green_lane"})
    assert "green_lane" not in PlanIn.model_json_schema()["properties"]["regime"]["enum"]
