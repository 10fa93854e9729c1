"""Tracking events in the DCSA Track & Trace vocabulary, for every mode, road and rail included.

Three event types (EQUIPMENT, TRANSPORT, SHIPMENT), each with its own type codes, classified as
planned (PLN), estimated (EST) or actual (ACT), at a UN/LOCODE. `event_id` is the client's: a
retried post with the same id and content is acknowledged again, not stored twice.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, model_validator

from landsea.hub.schemas.types import ContainerNumber, Currency, EventId, Locode, Money, Time
from landsea.vocabulary import (
    EmptyIndicator,
    EquipmentEventCode,
    EventClassifier,
    EventType,
    ModeOfTransport,
    ShipmentEventCode,
    TransportEventCode,
)

_CODE_FIELD = {
    EventType.TRANSPORT: "transport_event_type_code",
    EventType.EQUIPMENT: "equipment_event_type_code",
    EventType.SHIPMENT: "shipment_event_type_code",
}


# DCSA Track & Trace 2.2 field names, for clients that send the DCSA shape as it is.
_DCSA_NAMES = {
    "eventID": "event_id",
    "eventType": "event_type",
    "eventClassifierCode": "event_classifier_code",
    "eventDateTime": "event_datetime",
    "transportEventTypeCode": "transport_event_type_code",
    "equipmentEventTypeCode": "equipment_event_type_code",
    "shipmentEventTypeCode": "shipment_event_type_code",
    "equipmentReference": "equipment_reference",
    "emptyIndicatorCode": "empty_indicator_code",
}
_DCSA_IGNORED = {"eventCreatedDateTime", "references", "documentReferences", "seals"}


def _from_dcsa(data: Any) -> Any:
    """Accept a DCSA-shaped event: camelCase names, `eventLocation.UNLocationCode`,
    `transportCall.modeOfTransport`. Unknown fields still fail (extra="forbid")."""
    if not isinstance(data, dict) or not any(k in data for k in _DCSA_NAMES):
        return data
    out = {_DCSA_NAMES.get(k, k): v for k, v in data.items() if k not in _DCSA_IGNORED}
    location = out.pop("eventLocation", None)
    if isinstance(location, dict) and "UNLocationCode" in location:
        out.setdefault("location", location["UNLocationCode"])
    call = out.pop("transportCall", None)
    if isinstance(call, dict) and "modeOfTransport" in call:
        out.setdefault("mode_of_transport", call["modeOfTransport"])
    return out


class EventIn(BaseModel):
    """A tracking event, in these snake_case names or in DCSA's own camelCase shape."""

    model_config = ConfigDict(extra="forbid")

    @model_validator(mode="before")
    @classmethod
    def _accept_dcsa(cls, data: Any) -> Any:
        return _from_dcsa(data)

    event_id: EventId = Field(description="the client's id: posting it again is harmless")
    event_type: EventType
    event_classifier_code: EventClassifier
    event_datetime: Time
    location: Locode = Field(description="eventLocation.UNLocationCode")
    transport_event_type_code: TransportEventCode | None = None
    equipment_event_type_code: EquipmentEventCode | None = None
    shipment_event_type_code: ShipmentEventCode | None = None
    equipment_reference: ContainerNumber | None = None
    empty_indicator_code: EmptyIndicator | None = None
    mode_of_transport: ModeOfTransport | None = None
    leg: int | None = Field(
        default=None, strict=True, ge=1, le=50, description="leg number, when ambiguous"
    )
    price: Money | None = Field(
        default=None,
        description="what the poster charged for the move the event closes (with `currency`); "
        "kept for aggregate observed cost, never shown on event reads",
    )
    currency: Currency | None = None

    @model_validator(mode="after")
    def _codes_match_type(self) -> EventIn:
        if (self.price is None) != (self.currency is None):
            raise ValueError("price and currency go together")
        wanted = _CODE_FIELD[self.event_type]
        if getattr(self, wanted) is None:
            raise ValueError(f"an event of type {self.event_type} needs {wanted}")
        for name in _CODE_FIELD.values():
            if name != wanted and getattr(self, name) is not None:
                raise ValueError(f"{name} does not belong to an event of type {self.event_type}")
        if self.event_type == EventType.EQUIPMENT and self.equipment_reference is None:
            raise ValueError("an EQUIPMENT event needs equipment_reference")
        if (
            self.event_type == EventType.SHIPMENT
            and self.event_classifier_code != EventClassifier.ACT
        ):
            raise ValueError("SHIPMENT events are always actual (ACT)")
        return self

    @property
    def type_code(self) -> str:
        """The type code of the event's kind."""
        code = getattr(self, _CODE_FIELD[self.event_type])
        assert code is not None
        return str(code)


class BatchEventIn(EventIn):
    """An event of a batch, naming its consignment."""

    consignment_id: str = Field(pattern=r"^[0-9a-f-]{36}$")


class EventBatchIn(BaseModel):
    """Up to 2,000 events, stored together or not at all."""

    model_config = ConfigDict(extra="forbid")

    events: list[BatchEventIn] = Field(min_length=1, max_length=2000)


class EventOut(BaseModel):
    """A stored event."""

    sequence: int = Field(description="the hub's own order of receipt")
    event_id: str
    consignment_id: str
    leg: int | None
    event_type: str
    event_classifier_code: str
    type_code: str
    event_datetime: datetime
    location: str
    equipment_reference: str | None
    empty_indicator_code: str | None
    mode_of_transport: str | None
    received_at: datetime
    duplicate: bool = False


class BatchOut(BaseModel):
    """What a batch stored."""

    accepted: int = Field(description="events stored now")
    duplicates: int = Field(description="events already stored with the same id and content")
    sequences: list[int]
