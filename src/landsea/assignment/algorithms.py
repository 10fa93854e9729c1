"""The registry of equilibrium algorithms: one record per algorithm, looked up by name.

Two kinds of problem use it (see `equilibrium`): the single-class network of `Problem` (`assign`,
`landsea tntp assign`) and the multiclass corridor (`assign_corridor`, `landsea assign`). A
record says which kinds it solves by the solver it gives for each:

- `network`: ``(run: Run, settings: Settings) -> Outcome`` on the network's state `run.Run`;
  `Run.finish` turns the outcome into an `AssignmentResult` through the one convergence check;
- `corridor`: ``(problem: MulticlassProblem, settings: Settings, choice: ChoiceParameters) ->
  CorridorEquilibrium``; the solver calls `equilibrium.settle` itself.

To add an algorithm: write its solver with the signature of its kind, against
`equilibrium.Equilibrium` (then it serves both kinds, as `linear.solve_linear` does) or against
the concrete state, and add one `Algorithm` record to `REGISTRY` naming where it lives. Lookup,
aliases, error messages and the CLI's `--algorithm` help all come from the records; nothing
else changes. This module imports no solver, so the CLI can build its help from it cheaply.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, Any, Literal, cast

from landsea.errors import DataError

if TYPE_CHECKING:  # the solvers load on first use: `landsea --help` must not start numba
    from landsea.assignment.choice import ChoiceParameters, CorridorEquilibrium
    from landsea.assignment.equilibrium import Outcome, Settings
    from landsea.assignment.multiclass import MulticlassProblem
    from landsea.assignment.run import Run

    NetworkSolver = Callable[[Run, Settings], Outcome[Any]]
    CorridorSolver = Callable[[MulticlassProblem, Settings, ChoiceParameters], CorridorEquilibrium]

Family = Literal["network", "corridor"]


@dataclass(frozen=True)
class Algorithm:
    """One equilibrium algorithm: its canonical name (what results report), other names it
    answers to, a one-line summary for help texts, and where its solver for each kind of
    problem lives ("module:function", optionally "module:function:method" for a link-based
    method; None: it does not solve that kind). Solvers are imported on first use.

    `max_iterations` is the network default when the caller gives no limit.
    """

    name: str
    summary: str
    aliases: tuple[str, ...] = ()
    network: str | None = None
    corridor: str | None = None
    max_iterations: int = 10_000

    def solves(self, family: Family) -> bool:
        """Whether the record has a solver for `family`."""
        return (self.network if family == "network" else self.corridor) is not None

    @property
    def label(self) -> str:
        """The name with its aliases, as help texts show it: "frank-wolfe (fw)"."""
        return f"{self.name} ({', '.join(self.aliases)})" if self.aliases else self.name

    def network_solver(self) -> NetworkSolver:
        """The network solver, imported.

        Raises:
            DataError: the algorithm does not solve networks.
        """
        return cast("NetworkSolver", _load(self._where("network")))

    def corridor_solver(self) -> CorridorSolver:
        """The corridor solver, imported.

        Raises:
            DataError: the algorithm does not solve the corridor.
        """
        return cast("CorridorSolver", _load(self._where("corridor")))

    def _where(self, family: Family) -> str:
        where = self.network if family == "network" else self.corridor
        if where is None:
            raise DataError(f"{self.name} does not solve {family} problems")
        return where


def _load(where: str) -> Callable[..., Any]:
    """The function at "module:function", with `method=` bound when a third part names one."""
    module, function, *method = where.split(":")
    solver = getattr(importlib.import_module(module), function)
    return partial(solver, method=method[0]) if method else cast("Callable[..., Any]", solver)


_LINEAR = "landsea.assignment.linear:solve_linear:"
_DETERMINISTIC = "landsea.assignment.choice:deterministic_equilibrium:"

#: Every algorithm, in the order help texts list them.
REGISTRY: tuple[Algorithm, ...] = (
    Algorithm(
        "gradient-projection",
        "path-based gradient projection: high precision",
        aliases=("gp",),
        network="landsea.assignment.gradient_projection:solve_gradient_projection",
        max_iterations=2_000,
    ),
    Algorithm(
        "logit",
        "path-size logit route and mode choice at congested costs, by MSA",
        corridor="landsea.assignment.choice:stochastic_equilibrium",
    ),
    Algorithm(
        "bfw",
        "bi-conjugate Frank-Wolfe",
        network=_LINEAR + "bfw",
        corridor=_DETERMINISTIC + "bfw",
    ),
    Algorithm(
        "cfw",
        "conjugate Frank-Wolfe",
        network=_LINEAR + "cfw",
        corridor=_DETERMINISTIC + "cfw",
    ),
    Algorithm(
        "frank-wolfe",
        "Frank-Wolfe",
        aliases=("fw",),
        network=_LINEAR + "frank-wolfe",
        corridor=_DETERMINISTIC + "frank-wolfe",
    ),
    Algorithm(
        "msa",
        "method of successive averages",
        network=_LINEAR + "msa",
        corridor=_DETERMINISTIC + "msa",
    ),
    Algorithm(
        "sue-msa",
        "logit stochastic equilibrium, Dial's loading by MSA; the gap bounds the flow change",
        aliases=("sue",),
        network="landsea.assignment.stochastic:solve_stochastic",
        max_iterations=1_000,
    ),
)

#: Records by canonical name.
ALGORITHMS: dict[str, Algorithm] = {record.name: record for record in REGISTRY}


def algorithms_for(family: Family) -> tuple[Algorithm, ...]:
    """The records that solve `family`, in registry order."""
    return tuple(record for record in REGISTRY if record.solves(family))


def find_algorithm(name: str, family: Family) -> Algorithm:
    """The record called `name` (or an alias, any case) that solves `family`.

    Raises:
        DataError: no such algorithm for `family`; the message lists the names it accepts.
    """
    key = name.strip().lower()
    for record in algorithms_for(family):
        if key == record.name or key in record.aliases:
            return record
    raise DataError(f"unknown {family} algorithm {name!r}; choose one of {algorithm_names(family)}")


def algorithm_names(family: Family) -> str:
    """The names `family` accepts, with their aliases, for messages and help texts."""
    return ", ".join(record.label for record in algorithms_for(family))
