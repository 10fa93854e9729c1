"""Assignment problems from TNTP test networks, and their best-known solutions."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from landsea.assignment.performance import BprLinks
from landsea.assignment.problem import Problem
from landsea.data.tntp import (
    TntpNetwork,
    find_tntp_files,
    read_tntp_flows,
    read_tntp_network,
    read_tntp_trips,
)
from landsea.errors import DataError, Location

#: Generalized-cost weights that networks' READMEs give: (minutes per toll unit, per length unit),
#: for folders whose README is missing; a README's "Generalized Cost Weights" take precedence.
README_COST_WEIGHTS: dict[str, tuple[float, float]] = {"ChicagoSketch": (0.02, 0.04)}
_README_WEIGHT = re.compile(
    r"^[ \t]*[-*]?[ \t]*(Toll|Distance)[ \t]*:[ \t]*([0-9]*\.?[0-9]+(?:[eE][-+]?[0-9]+)?)", re.M
)


@dataclass(frozen=True)
class TntpCase:
    """A TNTP problem with the best-known flows where the folder has a `_flow.tntp` file."""

    problem: Problem
    network: TntpNetwork
    best_known_flow: np.ndarray | None
    toll_factor: float
    distance_factor: float

    def best_known_objective(self) -> float | None:
        """The Beckmann objective of the best-known flows, or None without them."""
        if self.best_known_flow is None:
            return None
        return self.problem.links.integral(self.best_known_flow)


def load_tntp_case(
    folder: str | Path,
    toll_factor: float | None = None,
    distance_factor: float | None = None,
) -> TntpCase:
    """Read a TNTP folder into a Problem. Cost factors default to the network's README weights.

    Raises:
        DataError: no trips file, a file that does not read (naming file, line and field), a
            negative cost factor, or best-known flows that do not match the links.
    """
    files = find_tntp_files(folder)
    if files.trips is None:
        raise DataError("no *_trips.tntp file: nothing to assign", Location(str(folder)))
    network = read_tntp_network(files.net)
    demand = read_tntp_trips(files.trips, network.zones)
    default_toll, default_distance = readme_cost_weights(Path(folder), network.name)
    toll = default_toll if toll_factor is None else toll_factor
    distance = default_distance if distance_factor is None else distance_factor
    problem = problem_from_tntp(network, demand, toll, distance)
    best = _best_known_flow(files.flow, network) if files.flow is not None else None
    return TntpCase(problem, network, best, toll, distance)


def readme_cost_weights(folder: Path, name: str) -> tuple[float, float]:
    """(toll, distance) weights from the folder's README.md ("Toll: 0.02 minutes/cent"), else
    from README_COST_WEIGHTS, else zero."""
    readme = folder / "README.md"
    toll, distance = README_COST_WEIGHTS.get(name, (0.0, 0.0))
    known = {"Toll": toll, "Distance": distance}
    if readme.is_file():
        section = readme.read_text(encoding="utf-8", errors="replace").partition(
            "Generalized Cost Weights"
        )[2]
        for label, value in _README_WEIGHT.findall(section.split("\n#", 1)[0]):
            known[label] = float(value)
    return known.get("Toll", 0.0), known.get("Distance", 0.0)


def problem_from_tntp(
    network: TntpNetwork, demand: np.ndarray, toll_factor: float, distance_factor: float
) -> Problem:
    """BPR links from the link table; cost = time + toll_factor * toll + distance_factor * length
    (the flow-independent part goes into `fixed_cost`).

    Raises:
        DataError: a cost factor that is negative or not finite, or links the `Problem`
            refuses.
    """
    table = network.links
    for name, factor in (("toll factor", toll_factor), ("distance factor", distance_factor)):
        if not np.isfinite(factor) or factor < 0:
            raise DataError(f"the {name} must be finite and >= 0, got {factor}")
    links = BprLinks(
        free_flow_time=table["free_flow_time"].to_numpy(np.float64),
        capacity=table["capacity"].to_numpy(np.float64),
        alpha=table["b"].to_numpy(np.float64),
        power=table["power"].to_numpy(np.float64),
        fixed_cost=(
            toll_factor * table["toll"].to_numpy(np.float64)
            + distance_factor * table["length"].to_numpy(np.float64)
        ),
    )
    return Problem(
        n_nodes=network.nodes,
        tail=network.tail,
        head=network.head,
        links=links,
        zones=network.zone_nodes,
        demand=demand,
        blocked=network.blocked_nodes() if network.blocks_through_traffic else None,
        name=network.name,
    )


def _best_known_flow(path: Path, network: TntpNetwork) -> np.ndarray:
    """Best-known volumes in the network's link order (matched on from/to, file order kept)."""
    flows = read_tntp_flows(path)
    if len(flows) != network.num_links:
        raise DataError(
            f"{len(flows)} flow rows for {network.num_links} links", Location(str(path))
        )
    same = (flows["from"].to_numpy() == network.links["init_node"].to_numpy()) & (
        flows["to"].to_numpy() == network.links["term_node"].to_numpy()
    )
    if not same.all():
        row = int(np.flatnonzero(~same)[0])
        raise DataError(
            "flow rows are not in the network's link order", Location(str(path), row + 1, "from")
        )
    return flows["volume"].to_numpy(np.float64)
