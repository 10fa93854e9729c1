"""Gauge-change yards: trains in batches, tracks and cranes as servers, scheduled departures."""

from __future__ import annotations

import json
from collections.abc import Callable, Generator
from dataclasses import replace
from typing import Any

import numpy as np
import pytest

from landsea.data.bundled import load_corridor
from landsea.errors import SimulationError
from landsea.simulation.yard_model import YardSpec, simulate_yard
from landsea.simulation.yard_specs import corridor_yards

RunCli = Callable[..., int]
SMALL_YARD = YardSpec(
    "test yard",
    tracks=1,
    cranes=2,
    lift_h=0.05,
    setup_h=1.0,
    inbound_teu=40,
    outbound_per_day=3.0,
    outbound_teu=40,
)


def test_containers_of_a_train_arrive_together_and_leave_after_their_lift() -> None:
    run = simulate_yard(SMALL_YARD, trains_per_day=1.5, days=40, seed=1)
    by_train = run.container_arrival_h.reshape(-1, SMALL_YARD.inbound_teu)
    assert np.all(by_train == by_train[:, :1])
    assert np.all(run.container_release_h > run.container_arrival_h)
    assert np.all(run.container_leave_h >= run.container_release_h)


def test_no_departure_carries_more_than_a_train_holds() -> None:
    run = simulate_yard(SMALL_YARD, trains_per_day=2.8, days=40, seed=2)
    _, loads = np.unique(run.container_leave_h, return_counts=True)
    assert loads.max() <= SMALL_YARD.outbound_teu
    headway = 24.0 / SMALL_YARD.outbound_per_day
    offsets = (run.container_leave_h - SMALL_YARD.first_departure_h) / headway
    np.testing.assert_allclose(offsets, np.round(offsets), atol=1e-9)  # only at departure times


def test_a_train_holds_its_track_for_setup_and_lifts() -> None:
    yards = corridor_yards(load_corridor())
    alashankou = yards["CNAKL"].spec
    run = simulate_yard(alashankou, trains_per_day=2.0, days=30, seed=3)
    on_track = run.train_depart_h - run.train_start_h
    # [G1]: the whole train changes gauge in about 1.5 h
    assert on_track.mean() == pytest.approx(1.5, abs=0.1)


def test_when_trains_bring_more_than_departures_take_the_yard_fills() -> None:
    capacity_trains = SMALL_YARD.outbound_teu_per_day / SMALL_YARD.inbound_teu
    light = simulate_yard(SMALL_YARD, 0.5 * capacity_trains, days=60, seed=4)
    heavy = simulate_yard(SMALL_YARD, 1.3 * capacity_trains, days=60, seed=4)
    assert heavy.summary["dwell_mean_h"] > 5 * light.summary["dwell_mean_h"]
    backlog = heavy.daily["in_yard_at_midnight"].to_numpy()
    assert backlog[-10:].mean() > 3 * backlog[5:15].mean()
    assert light.summary["dwell_mean_h"] < 24.0 / SMALL_YARD.outbound_per_day + 3.0


def test_more_departures_shorten_the_dwell() -> None:
    base = simulate_yard(SMALL_YARD, 2.5, days=60, seed=5)
    more = simulate_yard(replace(SMALL_YARD, outbound_per_day=4.0), 2.5, days=60, seed=5)
    assert more.summary["dwell_p90_h"] < base.summary["dwell_p90_h"]


def test_every_gauge_change_and_sea_rail_port_in_the_dataset_is_a_terminal() -> None:
    tables = load_corridor()
    kinds = tables.transfers["kind"].isin(["gauge_change", "sea_rail"])
    yards = corridor_yards(tables)
    assert set(yards) == set(tables.transfers.loc[kinds, "place_id"])
    vientiane = yards["LAVTS"]
    assert (vientiane.inbound_mode, vientiane.outbound_mode) == ("rail_1435", "rail_1000")
    assert vientiane.spec.outbound_per_day == pytest.approx(2.0)  # services.csv: 14 a week


@pytest.mark.parametrize(
    ("change", "message"),
    [({"tracks": 0}, "tracks must be at least 1"), ({"lift_h": 0.0}, "lift_h must be positive")],
)
def test_bad_yard_settings_are_refused(change: dict[str, float], message: str) -> None:
    with pytest.raises(SimulationError, match=message):
        simulate_yard(replace(SMALL_YARD, **change), 1.0, days=10)  # type: ignore[arg-type]


def test_yard_command_json_and_typo(run_cli: RunCli, capsys: pytest.CaptureFixture[str]) -> None:
    assert run_cli("simulate", "yard", "Vientiane South", "--days", "20", "--json") == 0
    report = json.loads(capsys.readouterr().out)
    assert report["place_id"] == "LAVTS"
    assert report["summary"]["dwell_p50_h"] <= report["summary"]["dwell_p90_h"]
    assert run_cli("simulate", "yard", "Vientianne Sout") == 2
    message = " ".join(capsys.readouterr().err.split())
    assert "did you mean Vientiane South station (CLR freight / gauge-change yard) (LAVTS)?" in (
        message
    )


def test_a_port_works_ships_into_trains_or_trains_into_ships() -> None:
    tables = load_corridor()
    to_sea = corridor_yards(tables, "rail_1435")["CNQZH"]
    to_rail = corridor_yards(tables, "sea")["CNQZH"]
    assert (to_sea.inbound_mode, to_sea.outbound_mode) == ("rail_1435", "sea")
    assert (to_rail.inbound_mode, to_rail.outbound_mode) == ("sea", "rail_1435")
    assert to_rail.spec.inbound_teu > to_rail.spec.outbound_teu  # a ship fills several trains
    assert to_rail.spec.outbound_per_day == pytest.approx(3.0)  # 21 rail-sea trains a week
    run = simulate_yard(to_rail.spec, to_rail.typical_trains_per_day, days=60, seed=6)
    # a ship's boxes leave over several train departures: the batch mismatch is the dwell
    assert run.summary["dwell_mean_h"] > 24.0 / to_rail.spec.outbound_per_day


def test_terminal_command_takes_ships(run_cli: RunCli, capsys: pytest.CaptureFixture[str]) -> None:
    assert (
        run_cli("simulate", "terminal", "Qinzhou", "--from-mode", "sea", "--days", "30", "--json")
        == 0
    )
    report = json.loads(capsys.readouterr().out)
    assert (report["inbound_mode"], report["outbound_mode"]) == ("sea", "rail_1435")


def _simpy_departures(ready: np.ndarray, first: float, headway: float, capacity: int) -> np.ndarray:
    """The same batch service written as SimPy processes: boxes join a store when ready, and a
    train leaves every headway with up to `capacity` of them, first come first served."""
    import simpy

    env = simpy.Environment()
    platform = simpy.Store(env)
    leave = np.full(ready.shape[0], np.nan)

    def box(index: int) -> Generator[Any, Any, None]:
        yield env.timeout(float(ready[index]))
        yield platform.put(index)

    def trains() -> Generator[Any, Any, None]:
        yield env.timeout(first)
        while np.isnan(leave).any():
            for _ in range(min(capacity, len(platform.items))):
                index = yield platform.get()
                leave[index] = env.now
            yield env.timeout(headway)

    for index in np.argsort(ready, kind="stable"):
        env.process(box(int(index)))
    env.process(trains())
    env.run()
    return leave


def test_scheduled_departures_match_a_simpy_model() -> None:
    from landsea.simulation.kernel import scheduled_departures
    from landsea.simulation.streams import stream

    rng = stream(3, "test/departures")
    ready = np.sort(rng.random(400) * 200.0) + rng.random(400) * 0.01
    ready = ready + 0.001 * (np.arange(400) % 7)  # no box ready exactly at a departure
    ours = scheduled_departures(ready, first_h=6.0, headway_h=8.0, capacity=17)
    theirs = _simpy_departures(ready, first=6.0, headway=8.0, capacity=17)
    np.testing.assert_array_equal(ours, theirs)
