"""The stage table: how a crossing's dataset figures become stages, servers and service times.

The dataset gives, per crossing, the designed (or observed) daily capacity and the gate hours,
and per regime a triangular process time (min, mode, max) for the whole crossing. This table
splits that time into stages and says how many parallel servers each stage has. It is the
calibration, written down once (docs/simulation.md explains each figure):

- **Composition** (each regime's `stages`, in its record in `landsea.regimes`): each stage's
  share of a crossing's *standard* process time.
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
  (documentary and scan, weight 1) or red (physical inspection, weight 4); each regime's record
  gives the probabilities (`channels`), `landsea.regimes.CHANNEL_WEIGHTS` the weights.
"""

from __future__ import annotations

from landsea.regimes import StageRow, regime_record
from landsea.vocabulary import Mode

HEADROOM: dict[str, float] = {"documents": 1.0, "inspection": 1.25, "transload": 1.25, "exit": 1.25}

# Transloading applies where goods cannot drive through: road gates without TIR. Rail and river
# crossings hand over the train or vessel itself (gauge changes are yard models, yard.py).
TRANSLOAD_MODES: tuple[str, ...] = (Mode.ROAD,)

# Trains and vessels cross on a path: the border section (or reach) takes one at a time, and
# the next may follow only a headway later, which is what limits a rail crossing to its daily
# capacity. The pass itself takes PATH_PASS_H (estimate: a quarter of an hour on the section);
# the headway is the crossing's working hours over one direction's daily capacity.
PATH = StageRow("border_path", "path", "border", 0.0)
PATH_PASS_H = 0.25


def stages_for(regime: str, mode: str) -> tuple[StageRow, ...]:
    """The regime's stages for a crossing of `mode`: road gates transload; trains and vessels
    take a border path between the side they leave and the side they enter."""
    rows = regime_record(regime).stages
    if mode in TRANSLOAD_MODES:
        return rows
    kept = [row for row in rows if row.kind != "transload"]
    cut = max((i + 1 for i, row in enumerate(kept) if row.side in ("exit", "joint")), default=0)
    return (*kept[:cut], PATH, *kept[cut:])


def mean_channel_weight(regime: str) -> float:
    """Mean inspection effort per truck under `regime` (its channels x their weights)."""
    return regime_record(regime).mean_channel_weight
