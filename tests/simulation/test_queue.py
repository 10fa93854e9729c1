"""The M/M/c validation mode: the simulated mean wait agrees with Erlang C."""

from __future__ import annotations

import pytest

from landsea.errors import SimulationError
from landsea.simulation.output_analysis import erlang_c
from landsea.simulation.queue import simulate_mmc


@pytest.mark.parametrize("servers", [1, 4, 16])
@pytest.mark.parametrize("utilisation", [0.5, 0.9])
def test_erlang_c_lies_within_the_95_percent_interval(servers: int, utilisation: float) -> None:
    result = simulate_mmc(
        servers=servers,
        arrival_rate=utilisation * servers * 2.0,
        service_rate=2.0,
        customers=1_000_000,
        seed=2026,
    )
    assert result.wait.contains(result.erlang_c_wait), result
    assert result.p_wait == pytest.approx(result.erlang_c_p_wait, abs=0.01)


def test_erlang_c_matches_textbook_values() -> None:
    # M/M/1: Wq = rho / (mu - lambda); M/M/4 at rho 0.9 (arrival 3.6, service 1): P(wait) 0.788
    assert erlang_c(1, 0.9, 1.0) == pytest.approx((0.9, 9.0))
    p_wait, wait = erlang_c(4, 3.6, 1.0)
    assert p_wait == pytest.approx(0.7878, abs=1e-4)
    assert wait == pytest.approx(1.9694, abs=1e-4)


def test_same_seed_same_answer_other_seed_other_answer() -> None:
    first = simulate_mmc(2, 1.0, 1.0, 10_000, seed=1)
    again = simulate_mmc(2, 1.0, 1.0, 10_000, seed=1)
    other = simulate_mmc(2, 1.0, 1.0, 10_000, seed=2)
    assert first.wait == again.wait
    assert first.wait.mean != other.wait.mean


@pytest.mark.parametrize(
    ("servers", "arrival", "service", "message"),
    [
        (0, 1.0, 1.0, "servers must be a positive integer"),
        (1, 0.0, 1.0, "arrival rate must be a positive number"),
        (1, 1.0, -2.0, "service rate must be a positive number"),
        (2, 2.0, 1.0, "no steady state"),
        (1, 3.0, 1.0, "no steady state"),
    ],
)
def test_bad_input_is_refused_with_a_reason(
    servers: int, arrival: float, service: float, message: str
) -> None:
    with pytest.raises(SimulationError, match=message) as caught:
        simulate_mmc(servers, arrival, service, 10_000, seed=1)
    assert caught.value.exit_code == 2
