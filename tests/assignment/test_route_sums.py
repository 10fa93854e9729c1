"""`route_sums` gives each route's sums as numpy sums them, float for float: what the KPIs and
the service caps read must not move in the last bit when the sums are made in one call."""

from __future__ import annotations

import numpy as np

from landsea.assignment.choice import route_sums


def test_route_sums_are_numpys_sums_to_the_bit() -> None:
    rng = np.random.default_rng(7)
    figures = rng.standard_normal((3, 500)) * 10.0 ** rng.integers(-3, 7, size=(3, 500))
    # lengths across numpy's cases: a plain loop below 8, eight running sums up to 128, halves
    routes = [rng.integers(0, 500, size=n) for n in (*range(0, 40), 127, 128, 129, 300, 1000)]
    got = route_sums(figures, routes)
    expected = np.array([[figures[k, r].sum() for k in range(3)] for r in routes])
    assert got.shape == (len(routes), 3)
    assert got.tobytes() == expected.tobytes()  # the same floats, not close ones
    assert route_sums(figures, []).shape == (0, 3)
