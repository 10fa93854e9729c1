"""Border regimes: one record per regime, in one registry.

A regime is how a border crossing processes a load (standard, single window, joint inspection,
TIR). Its record holds everything the model knows about it apart from the per-crossing figures:

- **routing**: the graph charges each crossing's process time and fee for the regime in force,
  from that crossing's row in `crossing_regimes.csv`; `time_factor` and `cost_factor` are how
  the dataset derives those rows from the crossing's standard row (times rounded to the quarter
  hour), and a test holds the bundled rows to them;
- **simulation**: `stages`, the split of a crossing's *standard* process time into stages
  (documents, inspection, transloading, exit gate; `landsea.simulation.stage_table` explains the
  figures), and `channels`, the green/yellow/red probabilities at inspection;
- **people**: a `label` for tables and a `reasoning` line for docs and reports.

Adding a regime is one `Regime` record passed to `register_regime` plus a row per crossing in
`crossing_regimes.csv` (docs/simulation.md, "Adding a regime"). Validation, the graph builder,
the simulation, the CLI and the hub's schema all read the registry when they run, so a regime
registered at run time is known to each of them.

>>> regime_names()
('standard', 'single_window', 'joint_inspection', 'tir')
>>> regime_record("tir").label
'TIR carnet'
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from landsea.errors import DataError
from landsea.vocabulary import choices

__all__ = [
    "CHANNEL_WEIGHTS",
    "EXIT_GATE",
    "JOINT_INSPECTION",
    "SINGLE_WINDOW",
    "STAGE_KINDS",
    "STAGE_SIDES",
    "STANDARD",
    "STANDARD_NAME",
    "TIR",
    "TRANSLOAD",
    "Regime",
    "StageRow",
    "check_regime",
    "regime_names",
    "regime_record",
    "register_regime",
    "unregister_regime",
]

STAGE_KINDS: tuple[str, ...] = ("documents", "inspection", "transload", "exit")
STAGE_SIDES: tuple[str, ...] = ("exit", "entry", "joint", "border")
_NAME = re.compile(r"^[a-z][a-z0-9_]{0,31}$")


@dataclass(frozen=True)
class StageRow:
    """One stage of a regime: `side` is `exit` (the side left), `entry`, `joint` or `border`."""

    name: str
    kind: str
    side: str
    share: float  # of the standard process time, before rescaling to the regime's mean


@dataclass(frozen=True)
class Regime:
    """A border regime: what it changes in routing and simulation, and what people read.

    Raises:
        DataError: on construction, when a field is out of range (a name that is not a short
            snake_case word, channel probabilities that are negative or do not add up to 1, no
            stages, a stage of unknown kind or side, a negative share, a factor <= 0).
    """

    name: str
    label: str
    stages: tuple[StageRow, ...]
    channels: tuple[float, float, float]  # green (bypass), yellow, red at inspection
    time_factor: float  # dataset rows: process time = the standard's x this
    cost_factor: float  # dataset rows: fee = the standard's x this
    reasoning: str = ""

    def __post_init__(self) -> None:
        problem = _problem(self)
        if problem:
            raise DataError(f"regime {self.name!r}: {problem}")

    @property
    def mean_channel_weight(self) -> float:
        """Mean inspection effort per truck: the channels' probabilities x `CHANNEL_WEIGHTS`."""
        return sum(p * w for p, w in zip(self.channels, CHANNEL_WEIGHTS, strict=True))


# Relative inspection effort of the green, yellow and red channels (green bypasses the stage).
CHANNEL_WEIGHTS: tuple[float, float, float] = (0.0, 1.0, 4.0)


def _problem(regime: Regime) -> str:
    """What is wrong with a record, or "" when nothing is."""
    if not _NAME.match(regime.name):
        return "a name is a snake_case word of at most 32 characters"
    if not regime.label.strip():
        return "needs a label"
    if len(regime.channels) != 3 or any(not p >= 0 for p in regime.channels):
        return "channels are three probabilities >= 0 (green, yellow, red)"
    if not math.isclose(sum(regime.channels), 1.0, abs_tol=1e-9):
        return f"channel probabilities add up to {sum(regime.channels):g}, not 1"
    if not regime.stages:
        return "needs at least one stage"
    for row in regime.stages:
        if row.kind not in STAGE_KINDS or row.side not in STAGE_SIDES:
            return f"stage {row.name!r}: kind one of {choices(STAGE_KINDS)}, side one of " + (
                choices(STAGE_SIDES)
            )
        if not row.share >= 0:
            return f"stage {row.name!r}: share must be >= 0"
    if not (regime.time_factor > 0 and regime.cost_factor > 0):
        return "time_factor and cost_factor must be > 0"
    return ""


def _both_sides(documents: float, inspection: float) -> tuple[StageRow, ...]:
    return (
        StageRow("documents_exit", "documents", "exit", documents),
        StageRow("inspection_exit", "inspection", "exit", inspection),
    )


def _entry(documents: float, inspection: float) -> tuple[StageRow, ...]:
    return (
        StageRow("documents_entry", "documents", "entry", documents),
        StageRow("inspection_entry", "inspection", "entry", inspection),
    )


TRANSLOAD = StageRow("transload", "transload", "border", 0.20)
EXIT_GATE = StageRow("exit_gate", "exit", "border", 0.02)

STANDARD_NAME = "standard"  # the baseline: servers are sized on it, other regimes scale it

STANDARD = Regime(
    name=STANDARD_NAME,
    label="standard",
    stages=(*_both_sides(0.30, 0.10), TRANSLOAD, *_entry(0.28, 0.10), EXIT_GATE),
    channels=(0.60, 0.30, 0.10),
    time_factor=1.0,
    cost_factor=1.0,
    reasoning="the normal dwell at the crossing, both sides, no peak queueing",
)
SINGLE_WINDOW = Regime(
    name="single_window",
    label="single window",
    stages=(*_both_sides(0.15, 0.10), TRANSLOAD, *_entry(0.14, 0.10), EXIT_GATE),
    channels=(0.65, 0.27, 0.08),  # pre-arrival data lets risk targeting clear more
    time_factor=0.70,
    cost_factor=0.80,
    reasoning="documents lodged once, electronically: the document stage halves; fewer brokers",
)
JOINT_INSPECTION = Regime(
    name="joint_inspection",
    label="joint inspection",
    stages=(
        StageRow("documents_joint", "documents", "joint", 0.28),
        StageRow("inspection_joint", "inspection", "joint", 0.10),
        TRANSLOAD,
        EXIT_GATE,
    ),
    channels=(0.60, 0.30, 0.10),
    time_factor=0.60,
    cost_factor=0.85,
    reasoning="one stop for both sides: one inspection, one queue instead of two",
)
TIR = Regime(
    name="tir",
    label="TIR carnet",
    stages=(*_both_sides(0.25, 0.075), *_entry(0.23, 0.075), EXIT_GATE),
    channels=(0.85, 0.12, 0.03),  # sealed under a carnet: most loads are not opened
    time_factor=0.65,
    cost_factor=0.90,
    reasoning="sealed load, no de-vanning: the inspection stage mostly goes; the carnet "
    "replaces bonds",
)

_REGISTRY: dict[str, Regime] = {}


def register_regime(regime: Regime) -> Regime:
    """Make `regime` known to every room; returns it.

    Raises:
        DataError: a regime of that name is registered already.
    """
    if regime.name in _REGISTRY:
        raise DataError(f"regime {regime.name!r} is registered already")
    _REGISTRY[regime.name] = regime
    return regime


def unregister_regime(name: str) -> None:
    """Forget a regime registered at run time (the standard regime stays: others scale it).

    Raises:
        DataError: `name` is the standard regime or is not registered.
    """
    if name == STANDARD_NAME:
        raise DataError("the standard regime cannot be unregistered: the others scale it")
    regime_record(name)
    del _REGISTRY[name]


def regime_names() -> tuple[str, ...]:
    """The registered regimes' names, in the order they were registered (standard first)."""
    return tuple(_REGISTRY)


def regime_record(name: str) -> Regime:
    """The record of a registered regime.

    Raises:
        DataError: no regime of that name is registered (the message lists those that are).
    """
    found = _REGISTRY.get(name)
    if found is None:
        raise DataError(f"unknown regime {name!r}; choose one of {choices(_REGISTRY)}")
    return found


def check_regime(name: str) -> str:
    """`name` when a regime of that name is registered.

    Raises:
        DataError: no regime of that name is registered.
    """
    return regime_record(name).name


for _builtin in (STANDARD, SINGLE_WINDOW, JOINT_INSPECTION, TIR):
    register_regime(_builtin)
