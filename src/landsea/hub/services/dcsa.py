"""The hub as a DCSA Track & Trace 2.2 publisher: events in DCSA's shape, DCSA's filters and
cursor pagination, and DCSA subscriptions delivered through the webhook outbox.

Visibility is the hub's own: a caller finds the events of the consignments it may read
(`landsea.hub.policy.visible_consignments`), whichever filters it gives, and a subscription
sends only what its organisation may still see, checked when the event is queued and again when
it is delivered.

Identifiers, since the hub's own differ from DCSA's:
- `eventID` is a UUID of version 8 (RFC 9562, "custom") whose low bits carry the hub's sequence,
  so `GET /v2/events/{eventID}` finds the event without a second key;
- `carrierBookingReference` is the consignment id (32 hex digits, dashes optional);
- `transportDocumentReference` is the consignment's transport document number;
- a SHIPMENT event is about the transport document (`documentTypeCode` TRD, `documentID` its
  number); `transportCall.transportCallID` is "consignment/leg/UN/LOCODE".
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import operator
import uuid
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, Row, Select, and_, select
from sqlalchemy.orm import Session

from landsea.errors import DataError, HubError, Location, NotFoundError
from landsea.hub import audit
from landsea.hub.auth import Principal
from landsea.hub.egress import EgressRefusedError, check_url
from landsea.hub.models import (
    Consignment,
    DcsaSubscription,
    Leg,
    Organisation,
    TrackingEvent,
    WebhookDelivery,
    utcnow,
)
from landsea.hub.policy import organisation_principal, visible_consignments
from landsea.hub.schemas.dcsa import (
    API_VERSION,
    DcsaEvent,
    DcsaLocation,
    DcsaTransportCall,
    SubscriptionFilters,
    SubscriptionOut,
)
from landsea.vocabulary import (
    DCSA_MODE_OF_TRANSPORT,
    DocumentTypeCode,
    EmptyIndicator,
    EventType,
    Mode,
    ModeOfTransport,
)

# The high 64 bits of every eventID: "landse" and the version nibble 8.
_EVENT_ID_HIGH = 0x6C616E64_7365_8000
_VARIANT = 0b10 << 62
_SEQUENCE_MASK = (1 << 62) - 1
# The most events or subscriptions one page holds.
MAX_PAGE = 1000
# DCSA's operators on `eventCreatedDateTime:<op>`, each as the comparison it makes.
_COMPARISONS: dict[str, Callable[[Any, datetime], ColumnElement[bool]]] = {
    "eq": operator.eq,
    "gt": operator.gt,
    "gte": operator.ge,
    "lt": operator.lt,
    "lte": operator.le,
}


class BadCursorError(HubError):
    """A cursor the hub did not make (400)."""

    status_code = 400


def event_uuid(sequence: int) -> str:
    """The DCSA `eventID` of the hub's event `sequence`."""
    return str(uuid.UUID(int=(_EVENT_ID_HIGH << 64) | _VARIANT | sequence))


def sequence_of(event_id: str) -> int | None:
    """The hub's sequence inside a DCSA `eventID`, or None when the hub did not make it."""
    try:
        value = uuid.UUID(event_id).int
    except ValueError:
        return None
    if value >> 64 != _EVENT_ID_HIGH or (value >> 62) & 0b11 != 0b10:
        return None
    return value & _SEQUENCE_MASK


@dataclass(frozen=True)
class EventQuery:
    """DCSA's filters of `GET /v2/events` (and of a subscription), and a page's position."""

    filters: SubscriptionFilters
    created: tuple[tuple[str, datetime], ...] = ()  # (operator, time) on eventCreatedDateTime
    after: int = 0  # the last sequence of the page before
    limit: int = 100

    def cursor(self, after: int) -> str:
        """An opaque cursor to the page after sequence `after`, carrying these filters."""
        state = {
            "f": self.filters.model_dump(mode="json", exclude_none=True),
            "c": [[op, at.isoformat()] for op, at in self.created],
            "a": after,
            "l": self.limit,
        }
        raw = json.dumps(state, separators=(",", ":"), sort_keys=True).encode()
        return base64.urlsafe_b64encode(raw).decode().rstrip("=")

    @classmethod
    def from_cursor(cls, cursor: str) -> EventQuery:
        """The query a cursor continues.

        Raises:
            BadCursorError: the cursor is not one the hub made.
        """
        try:
            raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
            state = json.loads(raw)
            created = tuple((str(op), datetime.fromisoformat(at)) for op, at in state["c"])
            query = cls(
                SubscriptionFilters.model_validate(state["f"]),
                created,
                int(state["a"]),
                int(state["l"]),
            )
        except (ValueError, TypeError, KeyError, binascii.Error, UnicodeDecodeError):
            raise BadCursorError("the cursor is not one this hub gave") from None
        if not (0 <= query.after <= _SEQUENCE_MASK and 1 <= query.limit <= MAX_PAGE) or any(
            op not in _COMPARISONS or at.tzinfo is None for op, at in created
        ):
            raise BadCursorError("the cursor is not one this hub gave")
        return query


def _conditions(filters: SubscriptionFilters) -> list[ColumnElement[bool]]:
    """DCSA's filters as SQL: all must hold; a list matches any of its values. A type-code
    filter matches only events of its type (DCSA: DRFT and GTIN together find nothing)."""
    event = TrackingEvent
    found: list[ColumnElement[bool]] = []
    if filters.eventType:
        found.append(event.event_type.in_([str(t) for t in filters.eventType]))
    by_type = (
        (EventType.SHIPMENT, filters.shipmentEventTypeCode),
        (EventType.TRANSPORT, filters.transportEventTypeCode),
        (EventType.EQUIPMENT, filters.equipmentEventTypeCode),
    )
    for event_type, type_codes in by_type:
        if type_codes:
            codes = [str(code) for code in type_codes]
            found.append(and_(event.event_type == event_type, event.type_code.in_(codes)))
    if filters.carrierBookingReference:
        found.append(event.consignment_id == _consignment_id(filters.carrierBookingReference))
    if filters.transportDocumentReference:
        found.append(Consignment.document_number == filters.transportDocumentReference)
    if filters.equipmentReference:
        found.append(event.equipment_reference == filters.equipmentReference)
    if filters.UNLocationCode:
        found.append(event.location == filters.UNLocationCode)
    return found


def _consignment_id(reference: str) -> str:
    """A booking reference (the consignment id, with or without dashes) as the hub keeps it."""
    try:
        return str(uuid.UUID(reference))
    except ValueError:
        return reference  # matches nothing: the hub's ids are all UUIDs


def _time_conditions(created: Sequence[tuple[str, datetime]]) -> list[ColumnElement[bool]]:
    return [_COMPARISONS[op](TrackingEvent.received_at, at) for op, at in created]


_EventRow = Row[TrackingEvent, str, str]


def _event_rows(caller: Principal) -> Select[TrackingEvent, str, str]:
    """The events `caller` may read, with what their DCSA shape needs: the consignment's
    document number and the leg's mode."""
    visible = visible_consignments(caller).with_only_columns(Consignment.id)
    leg = and_(Leg.consignment_id == TrackingEvent.consignment_id, Leg.seq == TrackingEvent.leg_seq)
    return (
        select(TrackingEvent, Consignment.document_number, Leg.mode)
        .join(Consignment, Consignment.id == TrackingEvent.consignment_id)
        .outerjoin(Leg, leg)
        .where(TrackingEvent.consignment_id.in_(visible))
    )


def find_events(
    session: Session, caller: Principal, query: EventQuery
) -> tuple[list[DcsaEvent], int | None]:
    """One page of the events the caller may read that meet the query, in the order the hub
    received them, and the last sequence of the page when another page follows."""
    statement = (
        _event_rows(caller)
        .where(*_conditions(query.filters), *_time_conditions(query.created))
        .where(TrackingEvent.id > query.after)
        .order_by(TrackingEvent.id)
        .limit(query.limit + 1)
    )
    rows = session.execute(statement).all()
    more = len(rows) > query.limit
    page = [dcsa_event(row) for row in rows[: query.limit]]
    return page, (rows[query.limit - 1][0].id if more else None)


def find_event(session: Session, caller: Principal, event_id: str) -> DcsaEvent:
    """One event by its DCSA `eventID`.

    Raises:
        NotFoundError: no such event, or not the caller's to see (404 either way).
    """
    sequence = sequence_of(event_id)
    row = None
    if sequence is not None:
        row = session.execute(_event_rows(caller).where(TrackingEvent.id == sequence)).first()
    if row is None:
        raise NotFoundError(f"no event {event_id}")
    return dcsa_event(row)


def dcsa_event(row: _EventRow) -> DcsaEvent:
    """A stored event (with its document number and leg mode) in DCSA's shape."""
    event, document_number, leg_mode = row
    fields: dict[str, Any] = {
        "eventID": event_uuid(event.id),
        "eventCreatedDateTime": event.received_at,
        "eventType": event.event_type,
        "eventClassifierCode": event.classifier,
        "eventDateTime": event.event_datetime,
    }
    call = _transport_call(event, leg_mode)
    if event.event_type == EventType.TRANSPORT:
        fields |= {"transportEventTypeCode": event.type_code, "transportCall": call}
    elif event.event_type == EventType.EQUIPMENT:
        fields |= {
            "equipmentEventTypeCode": event.type_code,
            "equipmentReference": event.equipment_reference,
            # A consignment's container moves with its goods: laden, unless the carrier said
            # it moved empty.
            "emptyIndicatorCode": event.empty_indicator or EmptyIndicator.LADEN,
            "eventLocation": DcsaLocation(UNLocationCode=event.location),
            "transportCall": call,
        }
    else:
        fields |= {
            "shipmentEventTypeCode": event.type_code,
            "documentTypeCode": DocumentTypeCode.TRD,
            "documentID": document_number,
        }
    return DcsaEvent.model_validate(fields)


def _transport_call(event: TrackingEvent, leg_mode: str | None) -> DcsaTransportCall | None:
    mode = event.mode or (DCSA_MODE_OF_TRANSPORT[Mode(leg_mode)] if leg_mode else None)
    if mode is None:
        return None
    return DcsaTransportCall(
        transportCallID=f"{event.consignment_id}/{event.leg_seq or 0}/{event.location}",
        transportCallSequenceNumber=event.leg_seq,
        modeOfTransport=ModeOfTransport(mode),
        UNLocationCode=event.location,
    )


def event_json(events: Sequence[DcsaEvent]) -> bytes:
    """Events as the JSON array DCSA sends (no nulls)."""
    return json.dumps(
        [e.model_dump(mode="json", exclude_none=True) for e in events], separators=(",", ":")
    ).encode()


# Subscriptions


def subscription_out(subscription: DcsaSubscription) -> SubscriptionOut:
    """A subscription as DCSA shows it: its id, callback and filters, never the secret."""
    return SubscriptionOut(
        subscriptionID=subscription.id,
        callbackUrl=subscription.callback_url,
        **subscription.filters,
    )


def _checked_url(url: str, allowed_hosts: Collection[str]) -> str:
    try:
        check_url(url, allowed_hosts)
    except EgressRefusedError as err:
        raise DataError(str(err), Location("subscription", None, "callbackUrl")) from None
    return url


def add_subscription(
    session: Session,
    caller: Principal,
    url: str,
    secret: str,
    filters: SubscriptionFilters,
    allowed_hosts: Collection[str] = (),
) -> DcsaSubscription:
    """A new subscription of the caller's organisation (audited; the secret is not logged).

    Raises:
        DataError: the callback's host is not a public address, nor allowed.
    """
    subscription = DcsaSubscription(
        organisation_id=caller.organisation_id,
        callback_url=_checked_url(url, allowed_hosts),
        secret=secret,
        filters=filters.model_dump(mode="json", exclude_none=True),
    )
    session.add(subscription)
    session.flush()
    _audit(session, caller, "dcsa_subscription.add", subscription)
    return subscription


def own_subscription(session: Session, caller: Principal, subscription_id: str) -> DcsaSubscription:
    """A live subscription of the caller's organisation.

    Raises:
        NotFoundError: missing, stopped or another organisation's (404 either way).
    """
    found = session.get(DcsaSubscription, subscription_id)
    if found is None or found.organisation_id != caller.organisation_id or found.removed_at:
        raise NotFoundError(f"no subscription {subscription_id}")
    return found


def own_subscriptions(
    session: Session, caller: Principal, after: str, limit: int
) -> list[DcsaSubscription]:
    """The caller's organisation's live subscriptions by id, after `after`."""
    query = (
        select(DcsaSubscription)
        .where(
            DcsaSubscription.organisation_id == caller.organisation_id,
            DcsaSubscription.removed_at.is_(None),
            DcsaSubscription.id > after,
        )
        .order_by(DcsaSubscription.id)
        .limit(limit)
    )
    return list(session.scalars(query))


def update_subscription(
    session: Session,
    caller: Principal,
    subscription_id: str,
    url: str,
    filters: SubscriptionFilters,
    allowed_hosts: Collection[str] = (),
) -> DcsaSubscription:
    """Replace a subscription's callback and filters (audited)."""
    subscription = own_subscription(session, caller, subscription_id)
    subscription.callback_url = _checked_url(url, allowed_hosts)
    subscription.filters = filters.model_dump(mode="json", exclude_none=True)
    _audit(session, caller, "dcsa_subscription.update", subscription)
    return subscription


def reset_secret(session: Session, caller: Principal, subscription_id: str, secret: str) -> None:
    """Replace a subscription's shared secret (audited, the secret itself not logged)."""
    subscription = own_subscription(session, caller, subscription_id)
    subscription.secret = secret
    audit.record(
        session, caller.actor, "dcsa_subscription.secret", "dcsa_subscription", subscription.id, {}
    )


def remove_subscription(session: Session, caller: Principal, subscription_id: str) -> None:
    """Stop a subscription (audited)."""
    subscription = own_subscription(session, caller, subscription_id)
    subscription.removed_at = utcnow()
    audit.record(
        session, caller.actor, "dcsa_subscription.remove", "dcsa_subscription", subscription.id, {}
    )


def _audit(session: Session, caller: Principal, action: str, sub: DcsaSubscription) -> None:
    payload = {"callback_url": sub.callback_url, "filters": sub.filters}
    audit.record(session, caller.actor, action, "dcsa_subscription", sub.id, payload)


_ANY_LIVE = select(DcsaSubscription.id).where(DcsaSubscription.removed_at.is_(None)).limit(1)


def enqueue(session: Session, new_events: dict[str, list[int]]) -> None:
    """Queue each new event for each live subscription whose filters it meets and whose
    organisation may see its consignment: one query for the subscriptions, then one per
    subscription (the same SQL filters as `GET /v2/events`)."""
    # Every group of posted events asks; without subscriptions one Core query answers.
    if session.connection().execute(_ANY_LIVE).first() is None:
        return
    live = session.execute(
        select(DcsaSubscription, Organisation)
        .join(Organisation, Organisation.id == DcsaSubscription.organisation_id)
        .where(DcsaSubscription.removed_at.is_(None))
    ).all()
    if not live:
        return
    sequences = [sequence for ids in new_events.values() for sequence in ids]
    for subscription, org in live:
        filters = SubscriptionFilters.model_validate(subscription.filters)
        matching = (
            _event_rows(organisation_principal(org))
            .with_only_columns(TrackingEvent.id)
            .where(TrackingEvent.id.in_(sequences), *_conditions(filters))
        )
        session.add_all(
            WebhookDelivery(subscription_id=subscription.id, event_id=sequence)
            for sequence in session.scalars(matching)
        )


def notification(
    session: Session, subscription_id: str, sequence: int
) -> tuple[DcsaSubscription, bytes] | None:
    """A queued notification's subscription and body, or None when it is no longer to be
    sent: the subscription stopped, or its organisation may no longer see the event."""
    subscription = session.get(DcsaSubscription, subscription_id)
    if subscription is None or subscription.removed_at is not None:
        return None
    org = session.get(Organisation, subscription.organisation_id)
    if org is None:
        return None
    rows = _event_rows(organisation_principal(org)).where(TrackingEvent.id == sequence)
    row = session.execute(rows).first()
    if row is None:
        return None
    return subscription, event_json([dcsa_event(row)])


def notification_signature(secret: str, body: bytes) -> str:
    """DCSA's `Notification-Signature`: `sha256=` and the hex HMAC-SHA256 of the whole body
    under the subscriber's shared secret (base64-decoded)."""
    key = base64.b64decode(secret)
    return "sha256=" + hmac.new(key, body, hashlib.sha256).hexdigest()


def notification_headers(subscription_id: str, secret: str, body: bytes) -> dict[str, str]:
    """The headers of a DCSA notification."""
    return {
        "content-type": "application/json",
        "notification-signature": notification_signature(secret, body),
        "subscription-id": subscription_id,
        "api-version": API_VERSION,
    }
