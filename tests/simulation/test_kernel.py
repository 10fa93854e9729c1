"""The compiled tandem recursion against a SimPy model of the same system, customer by customer."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from landsea.simulation.kernel import next_open, scheduled_departures, serve_tandem
from landsea.simulation.queue import fcfs_waits, mmc_inputs
from landsea.simulation.reference import simpy_mmc_waits, simpy_tandem
from landsea.simulation.streams import stream


def test_mm4_waits_equal_simpy_customer_by_customer() -> None:
    inputs = mmc_inputs(arrival_rate=3.6, service_rate=1.0, customers=5_000, seed=11)
    ours = fcfs_waits(inputs, servers=4)
    theirs = simpy_mmc_waits(inputs.arrival_h, inputs.service_h, servers=4)
    assert np.mean(ours > 0) > 0.5  # a busy queue, so the comparison means something
    np.testing.assert_allclose(ours, theirs, rtol=1e-9, atol=1e-9)


def _gate_scenario(seed: int, customers: int = 3_000) -> tuple[np.ndarray, ...]:
    """Trucks in batches of 5 through a day-time gate, a green-channel bypass, a night stage."""
    rng = stream(seed, "test/gate")
    batch_times = np.cumsum(rng.exponential(0.3, customers // 5))
    arrival = np.repeat(batch_times, 5)
    service = rng.exponential(1.0, (3, arrival.shape[0]))
    service[1, rng.random(arrival.shape[0]) < 0.6] = 0.0  # green channel: no inspection
    servers = np.array([3, 2, 4])
    opens = np.array([8.0, 0.0, 20.0])
    closes = np.array([19.0, 24.0, 6.0])  # the third stage works overnight
    return arrival, service, servers, opens, closes


def test_tandem_with_hours_batches_and_bypass_equals_simpy() -> None:
    arrival, service, servers, opens, closes = _gate_scenario(seed=5)
    ours_start, ours_depart = serve_tandem(arrival, service, servers, opens, closes)
    ref_start, ref_depart = simpy_tandem(arrival, service, servers, opens, closes)
    np.testing.assert_allclose(ours_start, ref_start, rtol=1e-9, atol=1e-9)
    np.testing.assert_allclose(ours_depart, ref_depart, rtol=1e-9, atol=1e-9)


def test_service_starts_only_inside_opening_hours() -> None:
    arrival, service, servers, opens, closes = _gate_scenario(seed=6)
    start, _ = serve_tandem(arrival, service, servers, opens, closes)
    gate_hour = start[0] % 24.0
    assert np.all((gate_hour >= 8.0) & (gate_hour < 19.0))
    night = start[2][service[2] > 0] % 24.0
    assert np.all((night >= 20.0) | (night < 6.0))


def test_green_channel_bypasses_the_stage_without_waiting() -> None:
    arrival, service, servers, opens, closes = _gate_scenario(seed=7)
    start, depart = serve_tandem(arrival, service, servers, opens, closes)
    green = service[1] == 0.0
    np.testing.assert_array_equal(start[1][green], depart[0][green])
    np.testing.assert_array_equal(depart[1][green], depart[0][green])


def test_next_open_handles_day_overnight_and_round_the_clock_windows() -> None:
    assert next_open(5.0, 8.0, 19.0) == 8.0
    assert next_open(12.0, 8.0, 19.0) == 12.0
    assert next_open(19.0, 8.0, 19.0) == 32.0  # closing time is closed: next morning
    assert next_open(23.0, 20.0, 6.0) == 23.0
    assert next_open(27.0, 20.0, 6.0) == 27.0  # 03:00 on day 1, still the night shift
    assert next_open(31.0, 20.0, 6.0) == 44.0
    assert next_open(31.0, 0.0, 24.0) == 31.0


def test_scheduled_departures_fill_each_train_then_wait_for_the_next() -> None:
    ready = np.array([0.5, 0.6, 0.7, 5.0, 0.8])
    leave = scheduled_departures(ready, first_h=1.0, headway_h=2.0, capacity=2)
    np.testing.assert_array_equal(leave, [1.0, 1.0, 3.0, 5.0, 3.0])


@settings(max_examples=30, deadline=None)
@given(
    seed=st.integers(0, 10_000),
    servers=st.lists(st.integers(1, 6), min_size=1, max_size=3),
    opens=st.sampled_from([0.0, 6.0, 7.5, 21.0]),
    span=st.sampled_from([24.0, 10.0, 13.25]),
    batch=st.sampled_from([1, 4]),
    bypass=st.sampled_from([0.0, 0.5]),
    hold_factor=st.sampled_from([1.0, 2.5]),
    late_at=st.sampled_from([np.inf, 3.0, 0.0]),
)
def test_any_small_tandem_matches_simpy(
    seed: int,
    servers: list[int],
    opens: float,
    span: float,
    batch: int,
    bypass: float,
    hold_factor: float,
    late_at: float,
) -> None:
    from landsea.simulation.kernel import Extension

    rng = stream(seed, "test/property")
    customers = 200
    arrival = np.repeat(np.cumsum(rng.exponential(0.4 * batch, customers // batch)), batch)
    stages = len(servers)
    service = rng.exponential(1.0, (stages, arrival.shape[0]))
    service[rng.random(service.shape) < bypass / stages] = 0.0
    hold = service * hold_factor
    closes = (opens + span) % 24.0 if span < 24.0 else opens + span
    window = (np.array(servers), np.full(stages, opens), np.full(stages, closes))
    late = (np.full(stages, min(closes + 2.0, 24.0)), np.full(stages, late_at))
    ours, _ = serve_tandem(arrival, service, *window, Extension(*late), hold)
    ref, _ = simpy_tandem(arrival, service, *window, *late, hold_h=hold)
    np.testing.assert_allclose(ours, ref, rtol=1e-9, atol=1e-9)


def test_hourly_counts_agree_with_sorted_counting() -> None:
    from landsea.simulation.kpis import count_by_hour

    times = np.concatenate([stream(1, "test/hours").random(500) * 30.0, [0.0, 7.0, 7.0, 29.0]])
    hours = np.arange(1, 25, dtype=float)
    expected = np.searchsorted(np.sort(times), hours, side="right")
    np.testing.assert_array_equal(count_by_hour(times, 24), expected)


def test_counting_up_to_a_grid_agrees_with_sorted_counting() -> None:
    from landsea.simulation.kpis import count_upto

    times = np.concatenate([stream(2, "test/grid").random(500) * 30.0, [19.0, 19.0, 43.0]])
    grid = np.array([0.5, 19.0, 25.25, 43.0, 67.0])
    expected = np.searchsorted(np.sort(times), grid, side="right")
    np.testing.assert_array_equal(count_upto(times, grid), expected)


def _late_scenario() -> tuple[np.ndarray, np.ndarray]:
    rng = stream(9, "test/late")
    arrival = np.cumsum(rng.exponential(0.08, 4_000))  # about 300 a day at a 10-hour gate
    return arrival, rng.exponential(0.09, (1, arrival.shape[0]))


def test_a_gate_that_always_works_late_is_a_longer_window() -> None:
    from landsea.simulation.kernel import Extension, serve_tandem

    arrival, service = _late_scenario()
    window = (np.array([2]), np.array([8.0]))
    late = serve_tandem(
        arrival, service, *window, np.array([19.0]), Extension(np.array([22.0]), np.array([0.0]))
    )
    longer = serve_tandem(arrival, service, *window, np.array([22.0]))
    never = serve_tandem(
        arrival, service, *window, np.array([19.0]), Extension(np.array([22.0]), np.array([np.inf]))
    )
    shorter = serve_tandem(arrival, service, *window, np.array([19.0]))
    np.testing.assert_array_equal(late[0], longer[0])
    np.testing.assert_array_equal(never[0], shorter[0])


def test_the_gate_works_late_exactly_on_days_with_a_queue_at_closing() -> None:
    from landsea.simulation.kernel import Extension, serve_tandem_extending

    arrival, service = _late_scenario()
    start, _, late = serve_tandem_extending(
        arrival,
        service,
        np.array([2]),
        np.array([8.0]),
        np.array([19.0]),
        Extension(np.array([22.0]), np.array([15.0])),
    )
    decided = late[0]
    assert {0, 1} <= set(decided.tolist())
    for day, verdict in enumerate(decided):
        if verdict < 0:
            continue
        closing = day * 24.0 + 19.0
        waiting = np.count_nonzero(arrival < closing) - np.count_nonzero(start[0] < closing)
        assert verdict == (waiting >= 15), day
        started_late = (start[0] >= closing) & (start[0] < day * 24.0 + 22.0)
        assert started_late.any() == bool(verdict), day


def test_working_late_on_congested_days_matches_simpy() -> None:
    from landsea.simulation.kernel import Extension, serve_tandem

    arrival, service = _late_scenario()
    arrival, service = arrival[:1_500], service[:, :1_500]
    window = (np.array([2]), np.array([8.0]), np.array([19.0]))
    late = (np.array([22.0]), np.array([15.0]))
    ours, _ = serve_tandem(arrival, service, *window, Extension(*late))
    theirs, _ = simpy_tandem(arrival, service, *window, *late)
    assert np.any((ours[0] % 24.0 >= 19.0) & (ours[0] % 24.0 < 22.0))  # some days ran late
    np.testing.assert_allclose(ours, theirs, rtol=1e-9, atol=1e-9)


def test_stage_order_is_the_stable_sort_nearly_sorted_or_not() -> None:
    """The compiled insertion sort gives numpy's stable order, ties kept, and numpy's sort
    takes over on shuffled times and on nan."""
    from landsea.simulation.kernel import arrival_order, serve_stage

    rng = stream(4, "test/order")
    arrival = np.cumsum(rng.exponential(0.05, 3_000))
    start, depart = np.empty(3_000), np.empty(3_000)
    serve_stage(arrival, rng.exponential(0.4, 3_000), 8, 0.0, 24.0, start, depart)
    depart[100:110] = depart[100]  # ties
    shuffled = rng.permutation(np.round(depart, 1))  # far from sorted, with many ties
    with_nan = depart.copy()
    with_nan[50] = np.nan
    for times in (depart, shuffled, with_nan, np.sort(depart)):
        np.testing.assert_array_equal(arrival_order(times), np.argsort(times, kind="stable"))
    assert not np.all(np.diff(depart) >= 0), "departures of 8 servers overtake one another"
