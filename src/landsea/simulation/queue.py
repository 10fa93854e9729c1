"""The M/M/c validation mode: simulate, then set the result beside Erlang C.

>>> result = simulate_mmc(servers=4, arrival_rate=3.6, service_rate=1.0, customers=200_000)
>>> result.erlang_c_wait, result.wait.contains(result.erlang_c_wait)  # doctest: +SKIP
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from landsea.errors import SimulationError
from landsea.simulation.hours import ALWAYS_OPEN
from landsea.simulation.kernel import serve_stage
from landsea.simulation.output_analysis import DEFAULT_BATCHES, Estimate, batch_means, erlang_c
from landsea.simulation.streams import stream

WARMUP_SHARE = 0.1
MIN_CUSTOMERS = 1_000
MAX_CUSTOMERS = 100_000_000  # 2.4 GB of inputs and waits


@dataclass(frozen=True)
class QueueInputs:
    """Seeded inter-arrival and service times of one single-stage run (what SimPy is fed too)."""

    arrival_h: np.ndarray
    service_h: np.ndarray


@dataclass(frozen=True)
class QueueResult:
    """A simulated M/M/c queue beside its closed form (Erlang C)."""

    servers: int
    arrival_rate: float
    service_rate: float
    customers: int
    warmup_customers: int
    seed: int
    utilisation: float
    wait: Estimate
    p_wait: float
    erlang_c_wait: float
    erlang_c_p_wait: float

    def to_dict(self) -> dict[str, object]:
        """The JSON form of `landsea simulate queue --json` (docs/simulation.md)."""
        return {
            "model": "M/M/c",
            "servers": self.servers,
            "arrival_rate": self.arrival_rate,
            "service_rate": self.service_rate,
            "utilisation": self.utilisation,
            "customers": self.customers,
            "warmup_customers": self.warmup_customers,
            "seed": self.seed,
            "mean_wait": self.wait.mean,
            "mean_wait_ci95": [self.wait.ci_low, self.wait.ci_high],
            "batches": self.wait.batches,
            "p_wait": self.p_wait,
            "erlang_c_wait": self.erlang_c_wait,
            "erlang_c_p_wait": self.erlang_c_p_wait,
            "erlang_c_within_ci": self.wait.contains(self.erlang_c_wait),
        }


def check_mmc(servers: int, arrival_rate: float, service_rate: float, customers: int) -> None:
    """Refuse inputs that have no steady state or no meaning, saying why.

    Raises:
        SimulationError: servers < 1, a rate not positive, customers out of range, or
            utilisation >= 1.
    """
    if servers < 1:
        raise SimulationError(f"servers must be a positive integer, got {servers}")
    for name, rate in (("arrival rate", arrival_rate), ("service rate", service_rate)):
        if not (math.isfinite(rate) and rate > 0):
            raise SimulationError(f"{name} must be a positive number, got {rate}")
    if not MIN_CUSTOMERS <= customers <= MAX_CUSTOMERS:
        raise SimulationError(
            f"customers must be between {MIN_CUSTOMERS:,} and {MAX_CUSTOMERS:,}, got {customers:,}"
        )
    rho = arrival_rate / (servers * service_rate)
    if rho >= 1.0:
        raise SimulationError(
            f"utilisation {rho:.3f} = arrival rate {arrival_rate} / ({servers} servers x service "
            f"rate {service_rate}) is 1 or more: work arrives at least as fast as it can be done, "
            "so the queue grows without bound and no steady state (and no Erlang C value) exists; "
            "lower the arrival rate or add servers"
        )


def mmc_inputs(arrival_rate: float, service_rate: float, customers: int, seed: int) -> QueueInputs:
    """Poisson arrivals and exponential services on two independent seeded streams."""
    gaps = stream(seed, "mmc/interarrival").exponential(1.0 / arrival_rate, customers)
    service = stream(seed, "mmc/service").exponential(1.0 / service_rate, customers)
    return QueueInputs(np.cumsum(gaps), service)


def fcfs_waits(inputs: QueueInputs, servers: int) -> np.ndarray:
    """Per-customer waits in queue at one FCFS stage that never closes."""
    start = np.empty_like(inputs.arrival_h)
    depart = np.empty_like(inputs.arrival_h)
    opens, closes = ALWAYS_OPEN.kernel_window()
    serve_stage(inputs.arrival_h, inputs.service_h, servers, opens, closes, start, depart)
    return start - inputs.arrival_h


def simulate_mmc(
    servers: int,
    arrival_rate: float,
    service_rate: float,
    customers: int,
    seed: int = 0,
    batches: int = DEFAULT_BATCHES,
) -> QueueResult:
    """Simulate M/M/c; the first 10% of customers are the warm-up and are left out."""
    check_mmc(servers, arrival_rate, service_rate, customers)
    waits = fcfs_waits(mmc_inputs(arrival_rate, service_rate, customers, seed), servers)
    warmup = int(customers * WARMUP_SHARE)
    kept = waits[warmup:]
    p_wait_c, wait_c = erlang_c(servers, arrival_rate, service_rate)
    return QueueResult(
        servers=servers,
        arrival_rate=arrival_rate,
        service_rate=service_rate,
        customers=customers,
        warmup_customers=warmup,
        seed=seed,
        utilisation=arrival_rate / (servers * service_rate),
        wait=batch_means(kept, batches),
        p_wait=float(np.mean(kept > 0.0)),
        erlang_c_wait=wait_c,
        erlang_c_p_wait=p_wait_c,
    )
