"""Simulation: landsea's compiled tandem recursion against SimPy and Ciw, side by side.

1. M/M/4 at utilisation 0.9 (arrival 3.6, service 1): 10^6 customers in landsea; SimPy and Ciw
   on fewer customers (they are 100x slower), compared as customers per second. SimPy runs a
   textbook model (a source process, a Resource, a timeout per service) on the very same
   inter-arrival and service times, so its waits must equal landsea's; the run checks that.
2. One simulated year of the Pingxiang road port (Youyiguan / Huu Nghi) at 1,500 trucks a day,
   both directions, through the four stages of the joint-inspection regime with gate hours
   07:00-19:00: the whole `simulate_crossing` (arrivals, services, kernel, KPIs) against a goal
   of 0.5 s; SimPy on 30 days of the same model for a per-truck ratio.

Run: `.venv/bin/python -m benchmarks simulation`. Wall times drift; read the ratios.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable, Generator
from typing import Any

import numpy as np

MMC_CUSTOMERS = 1_000_000
SIMPY_CUSTOMERS = 200_000
CIW_CUSTOMERS = 50_000
YEAR_DAYS = 365
SIMPY_DAYS = 30


def _best_of(runs: int, work: Callable[[], Any]) -> tuple[float, Any]:
    times, result = [], None
    for _ in range(runs):
        started = time.perf_counter()
        result = work()
        times.append(time.perf_counter() - started)
    return min(times), result


def _simpy_mmc(arrival_h: np.ndarray, service_h: np.ndarray, servers: int) -> np.ndarray:
    """The textbook SimPy M/M/c, fed precomputed times."""
    import simpy

    env = simpy.Environment()
    desk = simpy.Resource(env, capacity=servers)
    waits = np.empty(arrival_h.shape[0])

    def customer(i: int) -> Generator[Any, Any, None]:
        arrived = env.now
        with desk.request() as turn:
            yield turn
            waits[i] = env.now - arrived
            yield env.timeout(service_h[i])

    def source() -> Generator[Any, Any, None]:
        previous = 0.0
        for i, at in enumerate(arrival_h):
            yield env.timeout(at - previous)
            previous = at
            env.process(customer(i))

    env.process(source())
    env.run()
    return waits


def _ciw_mmc(customers: int, seed: int) -> tuple[int, float]:
    import ciw

    network = ciw.create_network(
        arrival_distributions=[ciw.dists.Exponential(3.6)],
        service_distributions=[ciw.dists.Exponential(1.0)],
        number_of_servers=[4],
    )
    ciw.seed(seed)
    simulation = ciw.Simulation(network)
    simulation.simulate_until_max_customers(customers, method="Finish")
    records = simulation.get_all_records()
    return len(records), float(np.mean([r.waiting_time for r in records]))


def _mmc_section() -> None:
    from landsea.simulation.queue import fcfs_waits, mmc_inputs, simulate_mmc

    simulate_mmc(4, 3.6, 1.0, 10_000, seed=0)  # compile / load the cached kernel
    seconds, result = _best_of(3, lambda: simulate_mmc(4, 3.6, 1.0, MMC_CUSTOMERS, seed=1))
    ours_rate = MMC_CUSTOMERS / seconds
    inputs = mmc_inputs(3.6, 1.0, SIMPY_CUSTOMERS, seed=1)
    simpy_seconds, simpy_waits = _best_of(
        1, lambda: _simpy_mmc(inputs.arrival_h, inputs.service_h, 4)
    )
    same = float(np.max(np.abs(simpy_waits - fcfs_waits(inputs, 4))))
    simpy_rate = SIMPY_CUSTOMERS / simpy_seconds
    print("M/M/4, utilisation 0.9 (arrival 3.6, service 1); customers per second, best run")
    print(f"  landsea  {MMC_CUSTOMERS:>9,} customers  {seconds:8.3f} s  {ours_rate:13,.0f}/s")
    ratio = ours_rate / simpy_rate
    print(
        f"  SimPy    {SIMPY_CUSTOMERS:>9,} customers  {simpy_seconds:8.3f} s  "
        f"{simpy_rate:13,.0f}/s   landsea/SimPy = {ratio:,.0f}x (goal >= 100x)"
    )
    try:
        ciw_seconds, (served, ciw_wait) = _best_of(1, lambda: _ciw_mmc(CIW_CUSTOMERS, 1))
        ciw_rate = served / ciw_seconds
        print(
            f"  Ciw      {served:>9,} customers  {ciw_seconds:8.3f} s  {ciw_rate:13,.0f}/s   "
            f"landsea/Ciw = {ours_rate / ciw_rate:,.0f}x"
        )
        print(f"  Ciw mean wait {ciw_wait:.3f} (its own random numbers)")
    except ImportError:
        print("  Ciw      not installed (pip install ciw)")
    low, high = result.wait.ci_low, result.wait.ci_high
    print(
        f"  landsea mean wait {result.wait.mean:.4f}, 95% CI [{low:.4f}, {high:.4f}], "
        f"Erlang C {result.erlang_c_wait:.4f}"
    )
    print(f"  SimPy fed the same inputs: largest difference in a customer's wait {same:.1e}")


def _pingxiang_section() -> None:
    from landsea.simulation.crossing import (
        CrossingScenario,
        simulate_crossing,
        simulate_directions,
    )
    from landsea.simulation.dataset_crossings import corridor_crossings
    from landsea.simulation.plan import plan_crossing
    from landsea.simulation.reference import simpy_tandem
    from landsea.simulation.service_scale import calibrated

    spec = corridor_crossings().specs["YOUYIGUAN_HUUNGHI_ROAD"]
    scenario = CrossingScenario(1500)
    simulate_crossing(spec, "joint_inspection", 5, scenario)  # warm the kernels
    plan = plan_crossing(calibrated(spec), "joint_inspection")
    core = [
        _best_of(1, lambda: simulate_directions(plan, scenario, YEAR_DAYS, 0))[0] for _ in range(3)
    ]
    runs = [
        _best_of(1, lambda: simulate_crossing(spec, "joint_inspection", YEAR_DAYS, scenario))
        for _ in range(3)
    ]
    seconds = statistics.median(t for t, _ in runs)
    fastest = min(t for t, _ in runs)
    run = runs[0][1]
    cpu_started = time.process_time()
    simulate_crossing(spec, "joint_inspection", YEAR_DAYS, scenario)
    cpu = time.process_time() - cpu_started
    trucks = sum(d.arrival_h.shape[0] for d in run.directions)
    stages = len(run.plan.stages)
    short = simulate_crossing(spec, "joint_inspection", SIMPY_DAYS, scenario)
    servers = np.array([s.servers for s in plan.stages])
    opens = np.full(stages, plan.hours.opens_h)
    closes = np.full(stages, plan.hours.closes_h)
    started = time.perf_counter()
    simpy_trucks = 0
    for direction in short.directions:
        simpy_tandem(direction.arrival_h, direction.service_h, servers, opens, closes)
        simpy_trucks += direction.arrival_h.shape[0]
    simpy_seconds = time.perf_counter() - started
    ours_rate, simpy_rate = trucks / seconds, simpy_trucks / simpy_seconds
    print(f"Pingxiang road port, 1,500 trucks/day, {stages} stages, gate 07:00-19:00")
    print(
        f"  landsea  {YEAR_DAYS} days  {trucks:>9,} trucks  {seconds:8.3f} s median of 3, "
        f"best {fastest:.3f} s  {ours_rate:12,.0f} trucks/s"
    )
    print("           (the whole run: arrivals, services, kernel and KPIs; goal < 0.5 s)")
    print(
        f"           CPU time of one whole run, both threads: {cpu:.3f} s (less sensitive to "
        "other processes than wall time)"
    )
    print(
        f"           stage times alone (arrivals, services, kernel): median "
        f"{statistics.median(core):.3f} s, best {min(core):.3f} s"
    )
    print(
        f"  SimPy    {SIMPY_DAYS} days   {simpy_trucks:>9,} trucks  {simpy_seconds:8.3f} s "
        f"(stages only)  {simpy_rate:12,.0f} trucks/s   landsea/SimPy = "
        f"{ours_rate / simpy_rate:,.0f}x"
    )


def run() -> None:
    print("== simulation ==")
    _mmc_section()
    _pingxiang_section()


if __name__ == "__main__":
    run()
