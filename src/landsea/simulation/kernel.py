"""Compiled kernels: multi-server FCFS stages in tandem, with opening hours and bypasses.

The Kiefer-Wolfowitz recursion keeps, per stage, the vector of times at which each of the `c`
servers next becomes free. A customer reaching the stage starts at the later of its arrival and
the earliest free time, moved forward to the next opening of the stage; that server is then busy
until the start plus the service time. Keeping the vector as a binary min-heap makes each step
O(log c), so a stage of 200 parallel inspection bays costs little more than a single server.

Conventions the reference model (reference.py) shares, so both give the same waits exactly:
- times are hours from the start of day 0; a stage is open each day on [opens_h, closes_h),
  a window with closes_h < opens_h runs overnight, and closes_h - opens_h >= 24 means always open;
- service starts only inside the window and, once started, runs to the end (no pre-emption);
- a service time <= 0 means the customer bypasses the stage (a green channel skips inspection);
- customers enter a stage in the order they reach it, ties broken by their order at the stage
  before (a stable sort), so batches keep their loading order.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numba import njit

from landsea.units import HOURS_PER_DAY


@njit(cache=True)
def next_open(time_h: float, opens_h: float, closes_h: float) -> float:
    """The first instant at or after `time_h` inside the daily window [opens_h, closes_h)."""
    if closes_h - opens_h >= HOURS_PER_DAY:
        return time_h
    day = np.floor(time_h / HOURS_PER_DAY)
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


@njit(cache=True)
def _replace_heap_top(heap: np.ndarray, value: float) -> None:
    """Replace the smallest element of a binary min-heap by `value` and restore the heap."""
    size = heap.shape[0]
    position = 0
    while True:
        child = 2 * position + 1
        if child >= size:
            break
        if child + 1 < size and heap[child + 1] < heap[child]:
            child += 1
        if heap[child] >= value:
            break
        heap[position] = heap[child]
        position = child
    heap[position] = value


@njit(cache=True)
def is_sorted(values: np.ndarray) -> bool:
    """True when `values` never decrease (a compiled check the entry points make)."""
    for i in range(1, values.shape[0]):  # noqa: SIM110 (a loop numba compiles)
        if values[i] < values[i - 1]:
            return False
    return True


# An insertion sort may shift entries this many places per entry in all before it gives way
# to numpy's sort: departures of a stage are nearly sorted (a truck is overtaken only by those
# served beside it), so it rarely shifts more than a few.
INSERTION_SHIFTS_PER_ENTRY = 64


@njit(cache=True, nogil=True)
def _insertion_order(values: np.ndarray, order: np.ndarray, limit: int) -> bool:
    """Fill `order` with the stable sorting permutation of `values` by insertion; False
    (order undefined) once more than `limit` shifts were needed, or at a nan."""
    moves = 0
    for i in range(values.shape[0]):
        order[i] = i
    for i in range(1, values.shape[0]):
        item = order[i]
        value = values[item]
        if value != value:  # nan: numpy's sort places it, not this one
            return False
        j = i
        while j > 0 and values[order[j - 1]] > value:  # strictly greater: ties keep order
            order[j] = order[j - 1]
            j -= 1
        moves += i - j
        if moves > limit:
            return False
        order[j] = item
    return True


def arrival_order(arrival_h: np.ndarray) -> np.ndarray:
    """The order customers reach a stage, ties kept in their previous order.

    A stable sort's permutation is unique, so the compiled insertion sort (quick on the nearly
    sorted departures of a multi-server stage) and numpy's stable sort (a timsort, for the
    rest) give the same order.
    """
    if is_sorted(arrival_h):
        return np.arange(arrival_h.shape[0])
    order = np.empty(arrival_h.shape[0], dtype=np.int64)
    if _insertion_order(arrival_h, order, INSERTION_SHIFTS_PER_ENTRY * arrival_h.shape[0]):
        return order
    return np.argsort(arrival_h, kind="stable")


@njit(cache=True, nogil=True)
def _grown(decided: np.ndarray, day: int) -> np.ndarray:
    if day < decided.shape[0]:
        return decided
    bigger = np.full(max(2 * decided.shape[0], day + 1), -1, dtype=np.int8)
    bigger[: decided.shape[0]] = decided
    return bigger


@njit(cache=True, nogil=True)
def serve_in_order(
    arrival_h: np.ndarray,
    service_h: np.ndarray,
    hold_h: np.ndarray,
    order: np.ndarray,
    servers: int,
    opens_h: float,
    closes_h: float,
    start_h: np.ndarray,
    depart_h: np.ndarray,
    extended_closes_h: float,
    extend_at_queue: float,
) -> np.ndarray:
    """One FCFS stage taking customers in `order`; fills `start_h` and `depart_h` in place.

    A customer leaves `service_h` after it starts; its server is held `hold_h` from the start
    (the same array for an ordinary stage; longer for a border path, where the next train may
    follow only a headway behind). A hold <= 0 means the customer bypasses the stage.

    Congestion rule (a day window only, `opens < closes < extended_closes <= 24`): on a day when
    `extend_at_queue` or more customers are waiting at the normal closing time, the stage works
    on until `extended_closes_h`. Customers enter in order of arrival and start times never
    fall, so when the first customer cannot start before a day's closing, everyone who will
    start before it has been seen and the queue at closing is a count. Returns, per day, 1 if it
    was extended, 0 if not, -1 if the question never arose.
    """
    can_extend = opens_h < closes_h < extended_closes_h <= HOURS_PER_DAY
    free_at = np.full(servers, -np.inf)
    decided = np.full(16, -1, dtype=np.int8)
    size = order.shape[0] if can_extend else 0  # the queue count is only needed to extend
    queued = np.zeros(size + 1, dtype=np.int64)  # customers needing service, prefix sums
    reach_sorted = np.empty(size)
    for position in range(size):
        queued[position + 1] = queued[position] + (hold_h[order[position]] > 0.0)
        reach_sorted[position] = arrival_h[order[position]]
    for position in range(order.shape[0]):
        i = order[position]
        arrival = arrival_h[i]
        if hold_h[i] <= 0.0:
            start_h[i] = arrival
            depart_h[i] = arrival
            continue
        ready = max(arrival, free_at[0])
        begin = next_open(ready, opens_h, closes_h)
        if can_extend and begin > ready:
            day = int(np.floor(ready / HOURS_PER_DAY))
            time_of_day = ready - day * HOURS_PER_DAY
            if closes_h <= time_of_day < extended_closes_h:
                decided = _grown(decided, day)
                if decided[day] < 0:
                    closing = day * HOURS_PER_DAY + closes_h
                    arrived = np.searchsorted(reach_sorted, closing, side="left")
                    waiting = queued[arrived] - queued[position]
                    decided[day] = 1 if waiting >= extend_at_queue else 0
                if decided[day] == 1:
                    begin = ready
        start_h[i] = begin
        depart_h[i] = begin + service_h[i]
        _replace_heap_top(free_at, begin + hold_h[i])
    return decided


def serve_stage(
    arrival_h: np.ndarray,
    service_h: np.ndarray,
    servers: int,
    opens_h: float,
    closes_h: float,
    start_h: np.ndarray,
    depart_h: np.ndarray,
) -> None:
    """One FCFS stage with `servers` parallel servers; fills `start_h` and `depart_h` in place.

    Raises:
        ValueError: fewer than one server.
    """
    if servers < 1:
        raise ValueError(f"a stage needs at least one server, got {servers}")
    order = arrival_order(arrival_h)
    serve_in_order(
        arrival_h,
        service_h,
        service_h,
        order,
        servers,
        opens_h,
        closes_h,
        start_h,
        depart_h,
        closes_h,
        np.inf,
    )


@dataclass(frozen=True)
class Extension:
    """Per stage: the later closing and the queue at the normal closing that triggers it."""

    closes_h: np.ndarray
    at_queue: np.ndarray


def serve_tandem(
    arrival_h: np.ndarray,
    service_h: np.ndarray,
    servers: np.ndarray,
    opens_h: np.ndarray,
    closes_h: np.ndarray,
    extension: Extension | None = None,
    hold_h: np.ndarray | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """Stages in tandem: `service_h[k, i]` is customer i's service at stage k.

    Returns `(start_h, depart_h)`, each shaped like `service_h`; the wait at stage k is
    `start_h[k] - (arrival_h if k == 0 else depart_h[k - 1])`. `hold_h` (same shape) is how
    long each customer holds its server, when that differs from its service.
    """
    start, depart, _ = serve_tandem_extending(
        arrival_h, service_h, servers, opens_h, closes_h, extension, hold_h
    )
    return start, depart


def serve_tandem_extending(
    arrival_h: np.ndarray,
    service_h: np.ndarray,
    servers: np.ndarray,
    opens_h: np.ndarray,
    closes_h: np.ndarray,
    extension: Extension | None = None,
    hold_h: np.ndarray | None = None,
) -> tuple[np.ndarray, np.ndarray, list[np.ndarray]]:
    """`serve_tandem`, also returning per stage which days worked late (1), or not (0, -1).

    Raises:
        ValueError: a stage with fewer than one server, or hold times shaped unlike services.
    """
    server_counts = np.asarray(servers, dtype=np.int64)
    if server_counts.size and server_counts.min() < 1:
        raise ValueError(f"every stage needs at least one server, got {server_counts.tolist()}")
    stages, customers = service_h.shape
    late_closes = closes_h if extension is None else extension.closes_h
    late_queue = np.full(stages, np.inf) if extension is None else extension.at_queue
    service = np.ascontiguousarray(service_h, dtype=np.float64)
    hold = service if hold_h is None else np.ascontiguousarray(hold_h, dtype=np.float64)
    if hold.shape != service.shape:
        raise ValueError(f"hold times shaped {hold.shape}, services {service.shape}")
    start = np.empty((stages, customers))
    depart = np.empty((stages, customers))
    late_days = []
    reach = np.ascontiguousarray(arrival_h, dtype=np.float64)
    for k in range(stages):
        late = serve_in_order(
            reach,
            service[k],
            hold[k],
            arrival_order(reach),
            int(server_counts[k]),
            float(opens_h[k]),
            float(closes_h[k]),
            start[k],
            depart[k],
            float(late_closes[k]),
            float(late_queue[k]),
        )
        late_days.append(late)
        reach = depart[k]
    return start, depart, late_days


@njit(cache=True)
def scheduled_departures(
    ready_h: np.ndarray, first_h: float, headway_h: float, capacity: int
) -> np.ndarray:
    """Batch service: vehicles leave every `headway_h` from `first_h`, each taking `capacity` units.

    Units board in the order they become ready (stable for ties); a unit misses a departure that
    leaves before it is ready or that is full. Returns each unit's departure time.
    """
    order = np.argsort(ready_h, kind="mergesort")
    leave = np.empty(ready_h.shape[0])
    slot = 0
    taken = 0
    for i in order:
        ready = ready_h[i]
        departure = first_h + slot * headway_h
        if departure < ready:
            slot = int(np.ceil((ready - first_h) / headway_h))
            departure = first_h + slot * headway_h
            if departure < ready:  # rounding: the computed slot left a hair too early
                slot += 1
                departure = first_h + slot * headway_h
            taken = 0
        leave[i] = departure
        taken += 1
        if taken == capacity:
            slot += 1
            taken = 0
    return leave


@njit(cache=True, nogil=True)
def add_counts_upto(counts: np.ndarray, times_h: np.ndarray, grid_h: np.ndarray, sign: int) -> None:
    """counts[j] += sign x (how many of `times_h` are <= grid_h[j]), grid sorted; one pass."""
    slots = np.zeros(grid_h.shape[0] + 1, dtype=np.int64)
    for time in times_h:
        slots[np.searchsorted(grid_h, time, side="left")] += 1
    running = 0
    for j in range(grid_h.shape[0]):
        running += slots[j]
        counts[j] += sign * running


@njit(cache=True, nogil=True)
def stage_sums(
    reach_h: np.ndarray,
    start_h: np.ndarray,
    service_h: np.ndarray,
    hold_h: np.ndarray,
    horizon_h: float,
) -> tuple[int, float, float, float]:
    """(customers served, total service, total wait, busy hours inside the horizon) of a stage."""
    served = 0
    service_total = 0.0
    wait_total = 0.0
    busy = 0.0
    for i in range(service_h.shape[0]):
        if hold_h[i] <= 0.0:
            continue
        served += 1
        service_total += service_h[i]
        wait_total += start_h[i] - reach_h[i]
        busy += min(start_h[i] + hold_h[i], horizon_h) - min(start_h[i], horizon_h)
    return served, service_total, wait_total, busy


@njit(cache=True, nogil=True)
def add_counts_by_hour(
    counts: np.ndarray, times_h: np.ndarray, sign: int, only_where: np.ndarray
) -> None:
    """counts[h - 1] += sign x (how many of `times_h` are <= h), h = 1..len(counts), counting
    only entries whose `only_where` is positive (pass the service times to skip bypasses, or
    ones to count all); times >= 0."""
    hours = counts.shape[0]
    slots = np.zeros(hours + 1, dtype=np.int64)
    for i in range(times_h.shape[0]):
        if only_where[i] <= 0.0:
            continue
        slot = int(np.ceil(times_h[i]))
        if slot <= hours:
            slots[max(slot, 0)] += 1
    running = 0
    for h in range(hours + 1):
        running += slots[h]
        if h >= 1:
            counts[h - 1] += sign * running
