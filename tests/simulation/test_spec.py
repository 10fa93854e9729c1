"""Reading crossings for the simulation: capacities, hours, process times, and bad rows."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from landsea.errors import DataError
from landsea.simulation.hours import parse_window
from landsea.simulation.names import UnknownCrossingError, resolve_crossing
from landsea.simulation.spec import crossing_specs

FIXTURES = Path(__file__).parent / "fixtures"


def _tables() -> tuple[pd.DataFrame, pd.DataFrame]:
    return (
        pd.read_csv(FIXTURES / "crossings.csv", dtype=str),
        pd.read_csv(FIXTURES / "crossing_regimes.csv"),
    )


def test_capacity_hours_and_process_times_are_read() -> None:
    specs = crossing_specs(*_tables())
    gate = specs["DAYGATE_ROAD"]
    assert gate.capacity_per_day == 200.0  # the mid of the designed 180-220
    assert (gate.hours.opens_h, gate.hours.closes_h) == (8.0, 18.0)
    assert gate.extended_hours is not None and gate.extended_hours.closes_h == 21.0
    assert gate.process["standard"].mean_h == pytest.approx(6.0)
    rail = specs["ALLDAY_RAIL"]
    assert rail.hours.always_open
    assert "default" in rail.capacity_basis  # no figure: the default for trains, said so


def test_observed_traffic_above_design_becomes_the_capacity() -> None:
    crossings, regimes = _tables()
    crossings.loc[0, ["observed_per_day_low", "observed_per_day_high"]] = ["250", "300"]
    gate = crossing_specs(crossings, regimes)["DAYGATE_ROAD"]
    assert gate.capacity_per_day == 300.0
    assert gate.designed_per_day == 200.0


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("opens", "8am", "not HH:MM"),
        ("closes", "25:00", "out of range"),
        ("closes", "00:00", "no time open"),
    ],
)
def test_hours_that_do_not_parse_name_file_row_and_field(
    field: str, value: str, message: str
) -> None:
    crossings, regimes = _tables()
    crossings.loc[1, field] = value
    with pytest.raises(DataError, match=message) as caught:
        crossing_specs(crossings, regimes)
    assert str(caught.value).startswith("crossings.csv:2:")
    assert caught.value.exit_code == 2


def test_a_process_time_with_mode_above_max_is_refused() -> None:
    crossings, regimes = _tables()
    regimes.loc[2, "mode_h"] = 99.0
    with pytest.raises(DataError, match="min <= mode <= max") as caught:
        crossing_specs(crossings, regimes)
    assert str(caught.value).startswith("crossing_regimes.csv:3:mode_h")


def test_a_missing_regime_is_named() -> None:
    crossings, regimes = _tables()
    with pytest.raises(DataError, match="no process time for regime"):
        crossing_specs(crossings, regimes[regimes["regime"] != "tir"])


def test_window_text_for_the_command_line() -> None:
    assert parse_window("06:30-22:00").opens_h == 6.5
    assert parse_window("00:00-24:00").always_open
    with pytest.raises(DataError, match="HH:MM-HH:MM"):
        parse_window("all day")


def test_crossings_are_found_by_id_name_word_or_place() -> None:
    specs = crossing_specs(*_tables())
    assert resolve_crossing(specs, "daygate_road") == "DAYGATE_ROAD"
    assert resolve_crossing(specs, "Dusk") == "DAYGATE_ROAD"
    assert resolve_crossing(specs, "xaaaa") == "DAYGATE_ROAD"  # a road gate wins a shared place
    assert resolve_crossing(specs, "XAAAA", mode="rail_1435") == "ALLDAY_RAIL"


def test_a_typo_gets_suggestions() -> None:
    specs = crossing_specs(*_tables())
    with pytest.raises(UnknownCrossingError, match=r"did you mean [^,]*\(DAYGATE_ROAD\)") as caught:
        resolve_crossing(specs, "Daygaet")
    assert caught.value.exit_code == 2
