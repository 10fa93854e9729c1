"""The stage table: how a crossing's dataset figures become stages, servers and service times.

The dataset gives, per crossing, the designed (or observed) daily capacity and the gate hours,
and per regime a triangular process time (min, mode, max) for the whole crossing. This table
splits that time into stages and says how many parallel servers each stage has. It is the
calibration, written down once (docs/simulation.md explains each figure):

- **Composition** (`COMPOSITION`): each stage's share of a crossing's *standard* process time.
  Documents are 60% of the standard dwell (30% each side), inspection 20% (10% each side, by
  channel), de-vanning/transloading 20%, the exit gate a sliver; this is the split the dataset's
  own regime factors assume (single window halves the documents: x0.70; joint inspection does each
  side's documents and inspection in one stop: x0.60; TIR seals the load, so no de-vanning, mostly
  green channel, and the carnet replaces the transit declarations: x0.65). Within a regime the
  shares are rescaled so the stage means add up to the dataset's mean for that regime exactly.
- **Servers**: sized on the standard regime so that, inside the gate hours, each stage clears
  `HEADROOM[kind]` x the capacity of one direction (half the crossing's capacity: the larger of
  the designed and the observed daily figure, see spec.py). Documents are the binding stage
  (headroom 1.0: the border agencies' clearance rate is what the crossing is known to clear);
  inspection bays, the transloading yard and the exit gate have 25% in hand. A joint stop pools
  the bays of both sides; the other regimes keep the standard's servers (same buildings, less
  work per truck), so a lighter regime shows up as more capacity as well as less process time.
- **Channels**: at inspection a truck is green (no inspection: it bypasses the stage), yellow
  (documentary and scan, weight 1) or red (physical inspection, weight 4).
"""

from __future__ import annotations

from dataclasses import dataclass

REGIME_NAMES: tuple[str, ...] = ("standard", "single_window", "joint_inspection", "tir")
STAGE_KINDS: tuple[str, ...] = ("documents", "inspection", "transload", "exit")


@dataclass(frozen=True)
class StageRow:
    """One stage of a regime: `side` is `exit` (the side left), `entry`, `joint` or `border`."""

    name: str
    kind: str
    side: str
    share: float  # of the standard process time, before rescaling to the regime's mean


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

COMPOSITION: dict[str, tuple[StageRow, ...]] = {
    "standard": (*_both_sides(0.30, 0.10), TRANSLOAD, *_entry(0.28, 0.10), EXIT_GATE),
    "single_window": (*_both_sides(0.15, 0.10), TRANSLOAD, *_entry(0.14, 0.10), EXIT_GATE),
    "joint_inspection": (
        StageRow("documents_joint", "documents", "joint", 0.28),
        StageRow("inspection_joint", "inspection", "joint", 0.10),
        TRANSLOAD,
        EXIT_GATE,
    ),
    "tir": (*_both_sides(0.25, 0.075), *_entry(0.23, 0.075), EXIT_GATE),
}

HEADROOM: dict[str, float] = {"documents": 1.0, "inspection": 1.25, "transload": 1.25, "exit": 1.25}

# green, yellow, red: probabilities per regime, and the relative inspection effort of each.
CHANNEL_PROBABILITIES: dict[str, tuple[float, float, float]] = {
    "standard": (0.60, 0.30, 0.10),
    "single_window": (0.65, 0.27, 0.08),  # pre-arrival data lets risk targeting clear more
    "joint_inspection": (0.60, 0.30, 0.10),
    "tir": (0.85, 0.12, 0.03),  # sealed under a carnet: most loads are not opened
}
CHANNEL_WEIGHTS: tuple[float, float, float] = (0.0, 1.0, 4.0)

# Where the dataset gives no capacity at all, per capacity unit (estimate: small gate or line).
DEFAULT_CAPACITY_PER_DAY: dict[str, float] = {
    "vehicles": 500.0,
    "trains": 24.0,  # a single-track border section: a train each way every two hours
    "vessels": 10.0,
    "teu": 1_000.0,
}

# Transloading applies where goods cannot drive through: road gates without TIR. Rail and river
# crossings hand over the train or vessel itself (gauge changes are yard models, yard.py).
TRANSLOAD_MODES: tuple[str, ...] = ("road",)

# Trains and vessels cross on a path: the border section (or reach) takes one at a time, and
# the next may follow only a headway later, which is what limits a rail crossing to its daily
# capacity. The pass itself takes PATH_PASS_H (estimate: a quarter of an hour on the section);
# the headway is the crossing's working hours over one direction's daily capacity.
PATH = StageRow("border_path", "path", "border", 0.0)
PATH_PASS_H = 0.25


def stages_for(regime: str, mode: str) -> tuple[StageRow, ...]:
    """The regime's stages for a crossing of `mode`: road gates transload; trains and vessels
    take a border path between the side they leave and the side they enter."""
    rows = COMPOSITION[regime]
    if mode in TRANSLOAD_MODES:
        return rows
    kept = [row for row in rows if row.kind != "transload"]
    cut = max(i for i, row in enumerate(kept) if row.side in ("exit", "joint")) + 1
    return (*kept[:cut], PATH, *kept[cut:])


def mean_channel_weight(regime: str) -> float:
    probabilities = CHANNEL_PROBABILITIES[regime]
    return sum(p * w for p, w in zip(probabilities, CHANNEL_WEIGHTS, strict=True))
