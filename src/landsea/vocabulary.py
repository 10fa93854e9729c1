"""The words of the domain, each defined once: modes, objectives, commodities, DCSA codes.

Every room imports these instead of spelling the words itself, so a word cannot mean two things
and the CLI's help, the hub's schema, the data validation and the graph builder list the same
choices. Members are `StrEnum`s: each is also the plain string the data files and JSON carry
(`Mode.RAIL_1435 == "rail_1435"`). Border regimes are records, not a fixed list: they live in
`landsea.regimes`, where a new regime is registered.

Words only one room uses stay in that room (place kinds, transfer kinds and link statuses in
`landsea.data.tables`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from enum import StrEnum

__all__ = [
    "ARRIVAL_EVENTS",
    "COMMODITIES",
    "DCSA_MODE_OF_TRANSPORT",
    "DEPARTURE_EVENTS",
    "MODES",
    "MODE_FAMILIES",
    "OBJECTIVES",
    "UNLOCODE",
    "UNLOCODE_PATTERN",
    "Commodity",
    "DocumentTypeCode",
    "EmptyIndicator",
    "EquipmentEventCode",
    "EventClassifier",
    "EventType",
    "Fidelity",
    "InspectionChannel",
    "Mode",
    "ModeFamily",
    "ModeOfTransport",
    "Objective",
    "ShipmentEventCode",
    "TransportEventCode",
    "choices",
]


class Mode(StrEnum):
    """A mode of the multimodal network; rail modes carry their gauge in millimetres."""

    ROAD = "road"
    RAIL_1435 = "rail_1435"  # standard gauge: China, the China-Laos Railway
    RAIL_1000 = "rail_1000"  # metre gauge: Viet Nam's and Thailand's networks
    RAIL_1520 = "rail_1520"  # broad gauge: Kazakhstan and beyond Alashankou/Dostyk
    SEA = "sea"
    RIVER = "river"


MODES: tuple[Mode, ...] = tuple(Mode)  # `in` on the tuple: a str is not `in Mode` before 3.12


class ModeFamily(StrEnum):
    """A name that stands for several modes where a user avoids or filters by mode."""

    RAIL = "rail"
    WATER = "water"


MODE_FAMILIES: Mapping[str, tuple[Mode, ...]] = {  # keyed by ModeFamily
    ModeFamily.RAIL: (Mode.RAIL_1435, Mode.RAIL_1000, Mode.RAIL_1520),
    ModeFamily.WATER: (Mode.SEA, Mode.RIVER),
}


class Objective(StrEnum):
    """What a route minimises; `generalized` = USD + value of time x h + carbon price x t CO2."""

    TIME = "time"
    COST = "cost"
    CO2 = "co2"
    GENERALIZED = "generalized"
    DISTANCE = "distance"


OBJECTIVES: tuple[Objective, ...] = tuple(Objective)


class Fidelity(StrEnum):
    """How a Monte Carlo sample of a scenario gets its border crossings' delay and dwell
    (`landsea scenario sweep --fidelity`; docs/scenarios.md, Performance)."""

    SURROGATE = "surrogate"
    SIMULATE = "simulate"

    def describe(self) -> str:
        return _FIDELITY_MEANING[self]


_FIDELITY_MEANING = {
    Fidelity.SURROGATE: (
        "a queue surrogate learned from the scenario's own deterministic run (each crossing's "
        "simulated delay and dwell against its flow): one logit equilibrium with those delay "
        "curves, dwell interpolated at the sample's flows, and a crossing simulated with the "
        "sample's seed only where its flow leaves the learned range"
    ),
    Fidelity.SIMULATE: (
        "each sample runs its own simulation-assignment loop, every loaded crossing simulated "
        "with the sample's seed in every iteration (about 10 times the CPU of surrogate)"
    ),
}


class Commodity(StrEnum):
    """A commodity class: what a TEU is worth and what its time costs (parameters.toml)."""

    ELECTRONICS = "electronics"
    MACHINERY = "machinery"
    AGRI_PERISHABLE = "agri_perishable"
    PLASTICS_CHEMICALS = "plastics_chemicals"
    FUELS_BULK = "fuels_bulk"


COMMODITIES: tuple[Commodity, ...] = tuple(Commodity)


class InspectionChannel(StrEnum):
    """Where risk targeting sends a load at inspection, lightest first: green (no inspection),
    yellow (documents and scan), red (physical). A regime's `channels` follow this order."""

    GREEN = "green"
    YELLOW = "yellow"
    RED = "red"


# DCSA Track & Trace 2.2 codes, as the hub accepts them.


class EventType(StrEnum):
    """What a tracking event is about: the equipment, the transport or the shipment."""

    EQUIPMENT = "EQUIPMENT"
    TRANSPORT = "TRANSPORT"
    SHIPMENT = "SHIPMENT"


class EventClassifier(StrEnum):
    """Planned, estimated or actual."""

    PLN = "PLN"
    EST = "EST"
    ACT = "ACT"


class TransportEventCode(StrEnum):
    """A TRANSPORT event: the means of transport arrived or departed."""

    ARRI = "ARRI"
    DEPA = "DEPA"


class EquipmentEventCode(StrEnum):
    """An EQUIPMENT event: what happened to a container."""

    LOAD = "LOAD"
    DISC = "DISC"  # discharged
    GTIN = "GTIN"  # gated in
    GTOT = "GTOT"  # gated out
    STUF = "STUF"  # stuffed
    STRP = "STRP"  # stripped
    PICK = "PICK"  # picked up
    DROP = "DROP"  # dropped off
    INSP = "INSP"  # inspected
    RSEA = "RSEA"  # resealed
    RMVD = "RMVD"  # removed


class ShipmentEventCode(StrEnum):
    """A SHIPMENT event: a document's state (always actual)."""

    RECE = "RECE"
    DRFT = "DRFT"
    PENA = "PENA"
    PENU = "PENU"
    REJE = "REJE"
    APPR = "APPR"
    ISSU = "ISSU"
    SURR = "SURR"
    SUBM = "SUBM"
    VOID = "VOID"
    CONF = "CONF"
    REQS = "REQS"
    CMPL = "CMPL"
    HOLD = "HOLD"
    RELS = "RELS"


class ModeOfTransport(StrEnum):
    """DCSA's `transportCall.modeOfTransport`."""

    VESSEL = "VESSEL"
    RAIL = "RAIL"
    TRUCK = "TRUCK"
    BARGE = "BARGE"


# The DCSA mode of transport each network mode is published as (DCSA has no gauge; a river boat
# is a BARGE).
DCSA_MODE_OF_TRANSPORT: Mapping[Mode, ModeOfTransport] = {
    Mode.ROAD: ModeOfTransport.TRUCK,
    Mode.RAIL_1435: ModeOfTransport.RAIL,
    Mode.RAIL_1000: ModeOfTransport.RAIL,
    Mode.RAIL_1520: ModeOfTransport.RAIL,
    Mode.SEA: ModeOfTransport.VESSEL,
    Mode.RIVER: ModeOfTransport.BARGE,
}


class DocumentTypeCode(StrEnum):
    """DCSA's `documentTypeCode` of a SHIPMENT event: which document the event is about. The
    hub's consignment travels under one multimodal transport document (TRD)."""

    BKG = "BKG"  # booking
    TRD = "TRD"  # transport document


class EmptyIndicator(StrEnum):
    """Whether a container moved empty or laden."""

    EMPTY = "EMPTY"
    LADEN = "LADEN"


# Events that mean the goods reached a place, or left it: (event type, type code).
ARRIVAL_EVENTS: frozenset[tuple[EventType, str]] = frozenset(
    {
        (EventType.TRANSPORT, TransportEventCode.ARRI),
        (EventType.EQUIPMENT, EquipmentEventCode.DISC),
        (EventType.EQUIPMENT, EquipmentEventCode.GTIN),
    }
)
DEPARTURE_EVENTS: frozenset[tuple[EventType, str]] = frozenset(
    {
        (EventType.TRANSPORT, TransportEventCode.DEPA),
        (EventType.EQUIPMENT, EquipmentEventCode.LOAD),
        (EventType.EQUIPMENT, EquipmentEventCode.GTOT),
    }
)

# UN/LOCODE: ISO 3166 alpha-2 country, then 3 characters of A-Z and 2-9 (0 and 1 are excluded
# because they look like O and I).
UNLOCODE_PATTERN = r"^[A-Z]{2}[A-Z2-9]{3}$"
UNLOCODE = re.compile(UNLOCODE_PATTERN)


def choices(words: Iterable[str]) -> str:
    """`a, b or c`: the words as a person reads a list of choices (CLI help, messages)."""
    listed = [str(word) for word in words]
    if len(listed) <= 1:
        return "".join(listed)
    return f"{', '.join(listed[:-1])} or {listed[-1]}"
