"""DCSA Track & Trace 2.2 shapes: events as a DCSA client reads them, and subscriptions.

Field names are DCSA's own (camelCase), so a client written against DCSA's OpenAPI reads the
hub as it reads a shipping line. Optional fields the hub has no value for are left out, never
sent as null (DCSA's schemas do not allow null).
"""

from __future__ import annotations

import base64
import binascii
from datetime import datetime
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints

from landsea.hub.schemas.subscriptions import WebhookUrl
from landsea.hub.schemas.types import ContainerNumber, Locode, Reference
from landsea.vocabulary import (
    DocumentTypeCode,
    EmptyIndicator,
    EquipmentEventCode,
    EventClassifier,
    EventType,
    ModeOfTransport,
    ShipmentEventCode,
    TransportEventCode,
)

# The version of DCSA's Track & Trace the hub publishes, sent in every `API-Version` header.
API_VERSION = "2.2.0"
# The shared secret's decoded length, in bytes: at least 256 bits, at most 512.
MIN_SECRET_BYTES = 32
MAX_SECRET_BYTES = 64


def _base64_secret(value: str) -> str:
    try:
        raw = base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError):
        raise ValueError("the secret must be base64") from None
    if not MIN_SECRET_BYTES <= len(raw) <= MAX_SECRET_BYTES:
        raise ValueError(
            f"the secret must decode to {MIN_SECRET_BYTES} to {MAX_SECRET_BYTES} bytes"
        )
    return value


Secret = Annotated[
    str,
    StringConstraints(min_length=1, max_length=100),
    AfterValidator(_base64_secret),
    Field(description="base64 of 32 to 64 random bytes, the key of `Notification-Signature`"),
]
BookingReference = Annotated[
    str,
    StringConstraints(min_length=1, max_length=36, pattern=r"^[0-9a-fA-F-]+$"),
    Field(description="the hub's consignment id (32 hex digits, dashes optional)"),
]
DocumentReference = Annotated[
    Reference,  # as the consignment's `document_number` is written
    Field(description="the consignment's transport document number"),
]


class DcsaLocation(BaseModel):
    """`eventLocation`: where an equipment event happened."""

    UNLocationCode: str


class DcsaTransportCall(BaseModel):
    """`transportCall`: the stop of a means of transport at a place (here: a leg at a place)."""

    transportCallID: str = Field(description="consignment id / leg / UN/LOCODE")
    transportCallSequenceNumber: int | None = Field(default=None, description="the leg number")
    modeOfTransport: ModeOfTransport
    UNLocationCode: str


class DcsaEvent(BaseModel):
    """A TRANSPORT, EQUIPMENT or SHIPMENT event in DCSA Track & Trace 2.2's shape."""

    eventID: str = Field(description="a UUID (version 8) carrying the hub's sequence")
    eventCreatedDateTime: datetime = Field(description="when the hub received the event")
    eventType: EventType
    eventClassifierCode: EventClassifier
    eventDateTime: datetime
    transportEventTypeCode: TransportEventCode | None = None
    equipmentEventTypeCode: EquipmentEventCode | None = None
    shipmentEventTypeCode: ShipmentEventCode | None = None
    equipmentReference: str | None = None
    ISOEquipmentCode: str | None = None
    emptyIndicatorCode: EmptyIndicator | None = None
    eventLocation: DcsaLocation | None = None
    transportCall: DcsaTransportCall | None = None
    documentID: str | None = None
    documentTypeCode: DocumentTypeCode | None = None


class SubscriptionFilters(BaseModel):
    """What an event must meet to be sent: all given filters (AND), any value of a list (OR)."""

    model_config = ConfigDict(extra="forbid")

    eventType: list[EventType] | None = Field(default=None, max_length=3)
    shipmentEventTypeCode: list[ShipmentEventCode] | None = Field(default=None, max_length=20)
    transportEventTypeCode: list[TransportEventCode] | None = Field(default=None, max_length=2)
    equipmentEventTypeCode: list[EquipmentEventCode] | None = Field(default=None, max_length=20)
    carrierBookingReference: BookingReference | None = None
    transportDocumentReference: DocumentReference | None = None
    equipmentReference: ContainerNumber | None = None
    UNLocationCode: Locode | None = None


class SubscriptionIn(SubscriptionFilters):
    """`POST /v2/event-subscriptions`: the callback, the shared secret and the filters."""

    callbackUrl: WebhookUrl
    secret: Secret


class SubscriptionUpdate(SubscriptionFilters):
    """`PUT /v2/event-subscriptions/{id}`: the callback and filters (the secret has its own
    endpoint); a `subscriptionID` in the body must be the one in the path."""

    subscriptionID: str | None = Field(default=None, max_length=36)
    callbackUrl: WebhookUrl


class SecretIn(BaseModel):
    """`PUT /v2/event-subscriptions/{id}/secret`."""

    model_config = ConfigDict(extra="forbid")

    secret: Secret


class SubscriptionOut(SubscriptionFilters):
    """A subscription as DCSA shows it (never its secret)."""

    model_config = ConfigDict(extra="ignore")

    subscriptionID: str
    callbackUrl: str
