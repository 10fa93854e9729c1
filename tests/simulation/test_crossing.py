"""Crossing runs as a planner reads them: dwell, hours, season, regimes, Pingxiang's queue."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from landsea.errors import SimulationError
from landsea.simulation.arrivals import SeasonalPeak
from landsea.simulation.crossing import CrossingRun, CrossingScenario, simulate_crossing
from landsea.simulation.dataset_crossings import corridor_crossings, run_regimes
from landsea.simulation.spec import CrossingSpec, crossing_specs
from landsea.simulation.stage_table import PATH_PASS_H

FIXTURES = Path(__file__).parent / "fixtures"


@cache
def _fixture(crossing_id: str) -> CrossingSpec:
    crossings = pd.read_csv(FIXTURES / "crossings.csv", dtype=str)
    regimes = pd.read_csv(FIXTURES / "crossing_regimes.csv")
    return crossing_specs(crossings, regimes)[crossing_id]


@cache
def _pingxiang() -> CrossingSpec:
    return corridor_crossings().specs["YOUYIGUAN_HUUNGHI_ROAD"]


@cache
def _pingxiang_fruit_season() -> dict[str, CrossingRun]:
    """The paper's case: 1,350 trucks a day (1,200-1,500) with a fruit season mid-run."""
    scenario = CrossingScenario(1350, peak=SeasonalPeak(day=20, half_width_days=8, factor=1.5))
    return run_regimes(_pingxiang(), days=40, scenario=scenario, seed=1)


def test_calibration_gives_normal_traffic_the_datasets_normal_dwell() -> None:
    from landsea.simulation.service_scale import service_scale, simulated_dwell_h

    for crossing_id in ("DAYGATE_ROAD", "ALLDAY_RAIL"):
        spec = _fixture(crossing_id)
        scale = service_scale(spec)
        assert 0.05 < scale < 1.0  # the dataset's dwell holds queueing and nights: work is less
        target = spec.process["standard"].mean_h
        assert simulated_dwell_h(spec, scale) == pytest.approx(target, rel=0.01)


def test_at_low_flow_round_the_clock_dwell_is_the_work_and_the_path() -> None:
    from landsea.simulation.service_scale import calibrated

    rail = calibrated(_fixture("ALLDAY_RAIL"))
    run = simulate_crossing(rail, "standard", days=400, scenario=CrossingScenario(1.0), seed=3)
    # the calibrated work, a quarter-hour on the border path, and the M/D/1 wait for the path
    rate, headway = 0.5 / 24.0, 24.0 / rail.capacity_per_direction
    path_wait = rate * headway**2 / (2.0 * (1.0 - rate * headway))
    work = rail.process["standard"].mean_h * (rail.service_scale or 1.0)
    expected = work + PATH_PASS_H + path_wait
    assert run.summary.dwell_mean_h == pytest.approx(expected, rel=0.03)


def test_service_starts_only_while_the_gate_is_open() -> None:
    run = simulate_crossing(_fixture("DAYGATE_ROAD"), "standard", 20, CrossingScenario(150))
    for direction in run.directions:
        served = direction.service_h > 0
        hour = direction.start_h[served] % 24.0
        assert np.all((hour >= 8.0) & (hour < 18.0))


def test_trucks_arriving_at_night_wait_for_the_morning() -> None:
    run = simulate_crossing(_fixture("DAYGATE_ROAD"), "standard", 20, CrossingScenario(150))
    for direction in run.directions:
        arrival_hour = direction.arrival_h % 24.0
        night = arrival_hour >= 18.0
        to_morning = 24.0 - arrival_hour[night] + 8.0
        assert np.all(direction.start_h[0][night] - direction.arrival_h[night] >= to_morning - 1e-9)


def test_the_seasonal_peak_raises_northbound_arrivals_only() -> None:
    peak = SeasonalPeak(day=30, half_width_days=10, factor=1.6)
    run = simulate_crossing(
        _fixture("DAYGATE_ROAD"), "standard", 60, CrossingScenario(1000, peak=peak), seed=2
    )
    north, south = (len(d.arrival_h) for d in run.directions[::-1])
    in_peak = [
        np.count_nonzero((d.arrival_h >= 29 * 24) & (d.arrival_h < 31 * 24)) / 2
        for d in run.directions
    ]
    assert in_peak[1] == pytest.approx(500 * 1.6, rel=0.1)  # b_to_a, into place_a's country
    assert in_peak[0] == pytest.approx(500, rel=0.1)
    assert north > south


def test_regimes_see_the_same_arrivals() -> None:
    runs = _pingxiang_fruit_season()
    first = runs["standard"].directions[0].arrival_h
    for run in runs.values():
        np.testing.assert_array_equal(run.directions[0].arrival_h, first)


def test_pingxiang_shows_the_queue_the_paper_describes() -> None:
    run = _pingxiang_fruit_season()["standard"]
    summary = run.summary
    # fn 37: 1,200-1,500 trips a day through a port designed for 800-1,000
    assert summary.throughput_per_day / summary.designed_per_day > 1.3
    # fact sheet §6: in fruit peaks queues of days and well over a thousand trucks waiting
    assert run.daily["left_waiting"].max() > 1_500
    assert summary.dwell_p90_h > 48.0
    # while normal days clear within the day's hours plus a night (normal dwell 4-12 h + night)
    assert summary.dwell_p50_h < 30.0


def test_every_regime_shortens_dwell_at_pingxiang() -> None:
    runs = _pingxiang_fruit_season()
    standard = runs["standard"].summary
    for regime in ("single_window", "joint_inspection", "tir"):
        lighter = runs[regime].summary
        assert standard.dwell_mean_ci95_h is not None
        assert lighter.dwell_mean_h < standard.dwell_mean_ci95_h[0], regime
        assert lighter.dwell_p90_h < standard.dwell_p90_h, regime
        assert runs[regime].daily["left_waiting"].max() < run_max(runs["standard"]), regime


def run_max(run: CrossingRun) -> int:
    return int(run.daily["left_waiting"].max())


def test_above_capacity_the_backlog_grows_day_after_day() -> None:
    run = simulate_crossing(_pingxiang(), "standard", 30, CrossingScenario(1700), seed=4)
    backlog = run.daily["left_waiting"].to_numpy()
    assert backlog[-5:].mean() > 2 * backlog[5:10].mean()
    assert run.summary.in_system_at_end > 1_000


def test_working_late_on_congested_days_relieves_the_gate() -> None:
    gate, scenario = _fixture("DAYGATE_ROAD"), CrossingScenario(230)
    never = simulate_crossing(gate, "standard", 40, scenario, seed=5, extend_at_queue=1e9)
    congested = simulate_crossing(gate, "standard", 40, scenario, seed=5)
    always = simulate_crossing(gate, "standard", 40, scenario, seed=5, extended_hours=True)
    assert never.daily["open_late"].sum() == 0
    assert always.daily["open_late"].sum() == 40
    assert 0 < congested.daily["open_late"].sum() <= 40
    assert never.summary.dwell_mean_h > congested.summary.dwell_mean_h
    assert congested.summary.dwell_mean_h >= always.summary.dwell_mean_h


def test_working_late_needs_a_later_closing_in_the_data() -> None:
    with pytest.raises(SimulationError, match="no later closing"):
        simulate_crossing(
            _fixture("ALLDAY_RAIL"), "standard", 5, CrossingScenario(5), extended_hours=True
        )


def test_utilisation_is_a_share_of_open_server_hours() -> None:
    run = simulate_crossing(_fixture("DAYGATE_ROAD"), "standard", 30, CrossingScenario(150))
    assert run.stages["utilisation"].between(0.05, 1.2).all()
    assert set(run.stages["direction"]) == {"a_to_b", "b_to_a"}


@pytest.mark.parametrize(
    ("days", "warmup", "arrivals", "message"),
    [(0, 0, 10.0, "days must be"), (10, 10, 10.0, "warm-up"), (10, 1, 0.0, "arrivals per day")],
)
def test_bad_run_settings_are_refused(
    days: int, warmup: int, arrivals: float, message: str
) -> None:
    with pytest.raises(SimulationError, match=message):
        simulate_crossing(
            _fixture("DAYGATE_ROAD"),
            "standard",
            days,
            CrossingScenario(arrivals),
            warmup_days=warmup,
        )


def test_an_unknown_regime_is_refused() -> None:
    with pytest.raises(SimulationError, match="choose one of standard"):
        simulate_crossing(_fixture("DAYGATE_ROAD"), "green_lane", 5, CrossingScenario(10))


def test_in_the_fruit_season_northbound_clearance_falls_to_what_was_reported() -> None:
    # fact sheet §6: in fruit peaks ~1,000 trucks a day arrive against ~300-630 cleared
    peak = SeasonalPeak(day=20, half_width_days=10, factor=1.5, extra_red_share=0.2)
    run = simulate_crossing(_pingxiang(), "standard", 40, CrossingScenario(1350, peak=peak), 2)
    northbound = run.directions[1]
    assert northbound.direction == "b_to_a"
    day = np.floor(northbound.exit_h / 24.0)
    arrived = np.floor(northbound.arrival_h / 24.0)
    peak_days = range(17, 23)
    cleared = [np.count_nonzero(day == d) for d in peak_days]
    arriving = [np.count_nonzero(arrived == d) for d in peak_days]
    assert 900 < np.mean(arriving) < 1_100
    assert 300 <= np.mean(cleared) <= 650


def test_red_channel_checks_lengthen_the_season_queue() -> None:
    quiet = SeasonalPeak(day=20, half_width_days=10, factor=1.5)
    checked = SeasonalPeak(day=20, half_width_days=10, factor=1.5, extra_red_share=0.2)
    runs = [
        simulate_crossing(_pingxiang(), "standard", 40, CrossingScenario(1350, peak=p), 2)
        for p in (quiet, checked)
    ]
    assert runs[1].summary.dwell_p90_h > runs[0].summary.dwell_p90_h
    inspection = runs[1].stages.set_index(["direction", "stage"])["served_share"]
    assert inspection[("b_to_a", "inspection_exit")] > inspection[("a_to_b", "inspection_exit")]


@cache
def _pingxiang_checked_season() -> dict[str, CrossingRun]:
    peak = SeasonalPeak(day=20, half_width_days=8, factor=1.5, extra_red_share=0.2)
    return run_regimes(_pingxiang(), days=40, scenario=CrossingScenario(1350, peak=peak), seed=1)


def test_with_fruit_checks_every_regime_still_shortens_mean_and_backlog() -> None:
    runs = _pingxiang_checked_season()
    standard = runs["standard"]
    for regime in ("single_window", "joint_inspection", "tir"):
        lighter = runs[regime]
        assert lighter.summary.dwell_mean_h < standard.summary.dwell_mean_h, regime
        assert run_max(lighter) < run_max(standard), regime
    joint = runs["joint_inspection"].summary  # pools both sides' bays: every percentile falls
    assert joint.dwell_p90_h < standard.summary.dwell_p90_h
    assert joint.dwell_p99_h < standard.summary.dwell_p99_h


def test_faster_documents_move_the_season_queue_to_the_inspection_bays() -> None:
    # With documents no longer the bottleneck, red-channel fruit trucks queue at inspection:
    # the mean falls but the slowest 1% wait longer than under the standard regime.
    runs = _pingxiang_checked_season()
    standard, single = runs["standard"], runs["single_window"]
    waits = single.stages.set_index(["direction", "stage"])["mean_wait_h"]
    base = standard.stages.set_index(["direction", "stage"])["mean_wait_h"]
    assert waits[("b_to_a", "inspection_exit")] > base[("b_to_a", "inspection_exit")]
    assert single.summary.dwell_p99_h > standard.summary.dwell_p99_h


def test_every_crossing_in_the_dataset_simulates_under_every_regime() -> None:
    for spec in corridor_crossings().specs.values():
        runs = run_regimes(spec, days=6, scenario=CrossingScenario(spec.typical_arrivals_per_day))
        for regime, run in runs.items():
            assert run.summary.trucks > 0, (spec.crossing_id, regime)
            assert run.summary.dwell_p50_h >= spec.process[regime].min_h * 0.5


def test_arrivals_can_come_from_directed_flows_in_teu() -> None:
    scenario = CrossingScenario.from_flows(
        a_to_b_per_day=600, b_to_a_per_day=1400, units_per_vehicle=2.0
    )
    assert scenario.arrivals_per_day == pytest.approx(1000)
    assert scenario.share_a_to_b == pytest.approx(0.3)
    with pytest.raises(SimulationError, match="no flow"):
        CrossingScenario.from_flows(0.0, 0.0)


def test_a_whole_crossing_run_matches_the_simpy_model_truck_by_truck() -> None:
    from landsea.simulation.reference import simpy_tandem

    run = simulate_crossing(_fixture("DAYGATE_ROAD"), "standard", 8, CrossingScenario(220), 6)
    plan = run.plan
    assert 0 < run.daily["open_late"].sum() < 8  # the late-closing rule is exercised both ways
    count = len(plan.stages)
    for direction in run.directions:
        start, depart = simpy_tandem(
            direction.arrival_h,
            direction.service_h,
            np.array([stage.servers for stage in plan.stages]),
            np.full(count, plan.hours.opens_h),
            np.full(count, plan.hours.closes_h),
            np.full(count, plan.late_closes_h),
            np.full(count, plan.late_at_queue),
        )
        np.testing.assert_allclose(direction.start_h, start, rtol=1e-9, atol=1e-9)
        np.testing.assert_allclose(direction.depart_h, depart, rtol=1e-9, atol=1e-9)


def test_trains_cross_on_a_path_one_headway_apart() -> None:
    rail = _fixture("ALLDAY_RAIL")  # no capacity in the data: 24 trains a day, 12 each way
    run = simulate_crossing(rail, "standard", 30, CrossingScenario(32.0), seed=8)
    path = [stage.name for stage in run.plan.stages].index("border_path")
    assert run.plan.capacity_per_direction == pytest.approx(12.0)
    for direction in run.directions:
        starts = np.sort(direction.start_h[path])
        assert np.diff(starts).min() >= 2.0 - 1e-9  # 24 h / 12 trains
    assert run.summary.in_system_at_end > 30  # 16 a day each way against 12: a queue builds


def test_a_rail_run_with_paths_matches_simpy_train_by_train() -> None:
    from landsea.simulation.reference import simpy_tandem

    run = simulate_crossing(
        _fixture("ALLDAY_RAIL"), "joint_inspection", 20, CrossingScenario(10.0), seed=9
    )
    plan = run.plan
    count = len(plan.stages)
    for direction in run.directions:
        start, _ = simpy_tandem(
            direction.arrival_h,
            direction.service_h,
            np.array([stage.servers for stage in plan.stages]),
            np.zeros(count),
            np.full(count, 24.0),
            hold_h=direction.hold_h,
        )
        np.testing.assert_allclose(direction.start_h, start, rtol=1e-9, atol=1e-9)


def test_replications_give_intervals_that_hold_in_a_season() -> None:
    from landsea.simulation.replications import replicate, replication_seeds

    peak = SeasonalPeak(day=15, half_width_days=6, factor=1.5, extra_red_share=0.2)
    scenario = CrossingScenario(1350, peak=peak)
    replicated = replicate(
        lambda seed: simulate_crossing(_pingxiang(), "standard", 30, scenario, seed), 4, 6
    )
    assert len(set(replicated.runs["seed"])) == 6  # independent children of seed 4
    assert replication_seeds(4, 6) == list(replicated.runs["seed"])
    centre, low, high = replicated.interval("dwell_mean_h")
    assert low < centre < high
    assert replicated.to_dict()["replications"] == 6
    with pytest.raises(SimulationError, match="replications must be"):
        replication_seeds(4, 0)
