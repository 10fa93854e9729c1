"""SimPy reference model of the kernel's tandem FCFS stages (for tests and benchmarks).

A plainly written discrete-event model of the same system as `kernel.serve_tandem`: each stage a
`simpy.Resource` with `servers` slots and a FIFO queue; a customer holding a slot outside the
opening window waits for the next opening, then is served; a service time <= 0 bypasses the
stage. Fed the same arrival and service times, it must give the same start times to float
tolerance: that is the check that the compiled recursion models what we say it models.
"""

from __future__ import annotations

from collections.abc import Generator
from typing import Any

import numpy as np
import simpy

from landsea.simulation.kernel import HOURS_PER_DAY


def next_open_py(time_h: float, opens_h: float, closes_h: float) -> float:
    """Plain-Python twin of `kernel.next_open` (same arithmetic, so the same floats)."""
    if closes_h - opens_h >= HOURS_PER_DAY:
        return time_h
    day = float(np.floor(time_h / HOURS_PER_DAY))
    time_of_day = time_h - day * HOURS_PER_DAY
    if opens_h < closes_h:
        if time_of_day < opens_h:
            return day * HOURS_PER_DAY + opens_h
        if time_of_day < closes_h:
            return time_h
        return (day + 1.0) * HOURS_PER_DAY + opens_h
    if time_of_day >= opens_h or time_of_day < closes_h:
        return time_h
    return day * HOURS_PER_DAY + opens_h


def simpy_tandem(
    arrival_h: np.ndarray,
    service_h: np.ndarray,
    servers: np.ndarray,
    opens_h: np.ndarray,
    closes_h: np.ndarray,
    late_closes_h: np.ndarray | None = None,
    late_at_queue: np.ndarray | None = None,
    hold_h: np.ndarray | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """Start and departure times per stage and customer, shaped like `service_h`.

    `hold_h` is how long a customer keeps its server when that differs from its service (a
    border path held for a headway): a small process releases the server after it.

    With `late_closes_h`, a stage whose slot falls free after its normal closing works on to
    the later closing when `late_at_queue` or more customers were waiting at that closing,
    counted from the history recorded so far (who had reached the stage, who had started).
    """
    stages, customers = service_h.shape
    env = simpy.Environment()
    resources = [simpy.Resource(env, capacity=int(c)) for c in servers]
    start = np.full((stages, customers), np.nan)
    depart = np.full((stages, customers), np.nan)
    reached: list[list[float]] = [[] for _ in range(stages)]
    started: list[list[float]] = [[] for _ in range(stages)]
    verdicts: dict[tuple[int, int], bool] = {}

    def works_late(k: int) -> bool:
        if late_closes_h is None or late_at_queue is None:
            return False
        day = int(np.floor(env.now / HOURS_PER_DAY))
        time_of_day = env.now - day * HOURS_PER_DAY
        if not (float(opens_h[k]) < float(closes_h[k]) <= time_of_day < float(late_closes_h[k])):
            return False
        if (k, day) not in verdicts:
            closing = day * HOURS_PER_DAY + float(closes_h[k])
            waiting = sum(t < closing for t in reached[k]) - sum(t < closing for t in started[k])
            verdicts[(k, day)] = waiting >= float(late_at_queue[k])
        return verdicts[(k, day)]

    def release_after(
        resource: simpy.Resource, slot: Any, hold: float
    ) -> Generator[Any, Any, None]:
        yield env.timeout(hold)
        resource.release(slot)

    def customer(index: int) -> Generator[Any, Any, None]:
        for k in range(stages):
            service = float(service_h[k, index])
            hold = service if hold_h is None else float(hold_h[k, index])
            if hold <= 0.0:
                start[k, index] = depart[k, index] = env.now
                continue
            reached[k].append(env.now)
            slot = resources[k].request()
            yield slot
            opening = next_open_py(env.now, float(opens_h[k]), float(closes_h[k]))
            if opening > env.now and not works_late(k):
                yield env.timeout(opening - env.now)
            start[k, index] = env.now
            started[k].append(env.now)
            if hold == service:
                yield env.timeout(service)
                depart[k, index] = env.now
                resources[k].release(slot)
            else:
                env.process(release_after(resources[k], slot, hold))
                yield env.timeout(service)
                depart[k, index] = env.now

    def source() -> Generator[Any, Any, None]:
        for index in np.argsort(arrival_h, kind="stable"):
            gap = float(arrival_h[index]) - env.now
            if gap > 0:
                yield env.timeout(gap)
            env.process(customer(int(index)))

    env.process(source())
    env.run()
    return start, depart


def simpy_mmc_waits(arrival_h: np.ndarray, service_h: np.ndarray, servers: int) -> np.ndarray:
    """Waits in queue at one always-open stage: the benchmark's M/M/c in SimPy."""
    start, _ = simpy_tandem(
        arrival_h, service_h[np.newaxis, :], np.array([servers]), np.zeros(1), np.array([24.0])
    )
    return start[0] - arrival_h
