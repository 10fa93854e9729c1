"""The hub's tables (SQLAlchemy 2 declarative). Alembic migrations in `migrations/` create them.

Times are stored in UTC; identifiers a client sees are UUID strings, except audit sequence
numbers, which must be dense to show that no entry was removed.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    BigInteger,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class UTCDateTime(TypeDecorator[datetime]):
    """A timezone-aware datetime stored as naive UTC (SQLite keeps no offsets)."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        """Store as naive UTC."""
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        """Read back as aware UTC."""
        return None if value is None else value.replace(tzinfo=UTC)


def new_id() -> str:
    """A fresh UUID4 as text."""
    return str(uuid.uuid4())


def utcnow() -> datetime:
    """The time now, in UTC (timezone-aware)."""
    return datetime.now(UTC)


class Base(DeclarativeBase):
    """The declarative base: times in UTC, JSON for dicts and lists."""

    type_annotation_map: ClassVar[dict[Any, Any]] = {
        datetime: UTCDateTime,
        dict[str, Any]: JSON,
        list[Any]: JSON,
    }


class Organisation(Base):
    """A party on the hub with one role (and a country, for authorities)."""

    __tablename__ = "organisations"
    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    role: Mapped[str] = mapped_column(String(16))
    country: Mapped[str | None] = mapped_column(String(2))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class ApiToken(Base):
    """An API token: only its SHA-256 is kept."""

    __tablename__ = "api_tokens"
    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    organisation_id: Mapped[str] = mapped_column(ForeignKey("organisations.id"), index=True)
    token_sha256: Mapped[str] = mapped_column(String(64), unique=True)
    label: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    revoked_at: Mapped[datetime | None]
    organisation: Mapped[Organisation] = relationship(lazy="joined")


class Consignment(Base):
    """One consignment under one transport document, with its itinerary."""

    __tablename__ = "consignments"
    __table_args__ = (UniqueConstraint("operator_id", "document_number"),)
    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    operator_id: Mapped[str] = mapped_column(ForeignKey("organisations.id"), index=True)
    document_number: Mapped[str] = mapped_column(String(64))
    consignor: Mapped[dict[str, Any]]
    consignee: Mapped[dict[str, Any]]
    origin: Mapped[str] = mapped_column(String(5))
    destination: Mapped[str] = mapped_column(String(5))
    incoterm: Mapped[str] = mapped_column(String(3))
    commodity: Mapped[str] = mapped_column(String(32))
    status: Mapped[str] = mapped_column(String(16), default="booked")
    planned_by: Mapped[str] = mapped_column(String(16))
    planned_departure: Mapped[datetime]
    eta: Mapped[datetime | None]
    length_km: Mapped[float] = mapped_column(Float)
    planned_time_h: Mapped[float] = mapped_column(Float)
    transfers: Mapped[list[Any]]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    goods: Mapped[list[GoodsItem]] = relationship(order_by="GoodsItem.seq", lazy="selectin")
    equipment: Mapped[list[Equipment]] = relationship(order_by="Equipment.seq", lazy="selectin")
    legs: Mapped[list[Leg]] = relationship(order_by="Leg.seq", lazy="selectin")
    crossings: Mapped[list[ConsignmentCrossing]] = relationship(
        order_by="ConsignmentCrossing.seq", lazy="selectin"
    )


class GoodsItem(Base):
    """A line of goods: HS code, packages, mass and value."""

    __tablename__ = "goods_items"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    consignment_id: Mapped[str] = mapped_column(ForeignKey("consignments.id"), index=True)
    seq: Mapped[int]
    hs_code: Mapped[str] = mapped_column(String(10))
    description: Mapped[str] = mapped_column(Text)
    packages: Mapped[int]
    package_type: Mapped[str] = mapped_column(String(2))
    gross_mass_kg: Mapped[float] = mapped_column(Float)
    value: Mapped[float] = mapped_column(Float)
    currency: Mapped[str] = mapped_column(String(3))


class Equipment(Base):
    """A container (ISO 6346) of the consignment."""

    __tablename__ = "equipment"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    consignment_id: Mapped[str] = mapped_column(ForeignKey("consignments.id"), index=True)
    seq: Mapped[int]
    container_number: Mapped[str] = mapped_column(String(11), index=True)
    size_type: Mapped[str] = mapped_column(String(4))
    seal_number: Mapped[str | None] = mapped_column(String(32))


class Leg(Base):
    """A run of one mode between transfers: what one carrier moves."""

    __tablename__ = "legs"
    __table_args__ = (UniqueConstraint("consignment_id", "seq"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    consignment_id: Mapped[str] = mapped_column(ForeignKey("consignments.id"), index=True)
    seq: Mapped[int]
    mode: Mapped[str] = mapped_column(String(16))
    from_place: Mapped[str] = mapped_column(String(5))
    to_place: Mapped[str] = mapped_column(String(5))
    length_km: Mapped[float] = mapped_column(Float)
    planned_time_h: Mapped[float] = mapped_column(Float)
    places: Mapped[list[Any]]
    carrier_id: Mapped[str | None] = mapped_column(ForeignKey("organisations.id"), index=True)
    planned_departure: Mapped[datetime]
    planned_arrival: Mapped[datetime]
    estimated_departure: Mapped[datetime | None]
    estimated_arrival: Mapped[datetime | None]
    actual_departure: Mapped[datetime | None]
    actual_arrival: Mapped[datetime | None]
    # The carrier's own latest estimate of arrival (an EST event); overrides the computed one.
    reported_arrival: Mapped[datetime | None]


class ConsignmentCrossing(Base):
    """A border crossing on a consignment's itinerary: what gives authorities their view."""

    __tablename__ = "consignment_crossings"
    __table_args__ = (UniqueConstraint("consignment_id", "seq"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    consignment_id: Mapped[str] = mapped_column(ForeignKey("consignments.id"), index=True)
    seq: Mapped[int]
    leg_seq: Mapped[int]
    crossing_id: Mapped[str] = mapped_column(String(64))
    regime: Mapped[str] = mapped_column(String(32))
    place_a: Mapped[str] = mapped_column(String(5))
    place_b: Mapped[str] = mapped_column(String(5))
    country_a: Mapped[str] = mapped_column(String(2), index=True)
    country_b: Mapped[str] = mapped_column(String(2), index=True)


class TrackingEvent(Base):
    """A DCSA Track & Trace event, idempotent by (posting organisation, client event id)."""

    __tablename__ = "events"
    __table_args__ = (UniqueConstraint("organisation_id", "event_id"),)
    id: Mapped[int] = mapped_column(
        BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True
    )
    event_id: Mapped[str] = mapped_column(String(100))
    organisation_id: Mapped[str] = mapped_column(ForeignKey("organisations.id"))
    consignment_id: Mapped[str] = mapped_column(ForeignKey("consignments.id"), index=True)
    leg_seq: Mapped[int | None]
    event_type: Mapped[str] = mapped_column(String(16))
    classifier: Mapped[str] = mapped_column(String(3))
    type_code: Mapped[str] = mapped_column(String(4))
    location: Mapped[str] = mapped_column(String(5), index=True)
    event_datetime: Mapped[datetime]
    equipment_reference: Mapped[str | None] = mapped_column(String(11))
    mode: Mapped[str | None] = mapped_column(String(16))
    empty_indicator: Mapped[str | None] = mapped_column(String(5))
    digest: Mapped[str] = mapped_column(String(64))
    received_at: Mapped[datetime] = mapped_column(default=utcnow)
    # What the poster charged for the move the event closes (observed cost-distance), if given.
    price: Mapped[float | None] = mapped_column(Float)
    currency: Mapped[str | None] = mapped_column(String(3))


class AuditEntry(Base):
    """One link of the audit chain: `hash` covers the entry and the hash of the one before."""

    __tablename__ = "audit_log"
    seq: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    at: Mapped[datetime]
    actor: Mapped[str] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(64))
    entity: Mapped[str] = mapped_column(String(32))
    entity_id: Mapped[str] = mapped_column(String(100))
    payload_sha256: Mapped[str] = mapped_column(String(64))
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))


class RiskRule(Base):
    """One authority's rule: goods matching it go to `channel` (green, yellow, red)."""

    __tablename__ = "risk_rules"
    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    organisation_id: Mapped[str] = mapped_column(ForeignKey("organisations.id"), index=True)
    country: Mapped[str] = mapped_column(String(2), index=True)
    name: Mapped[str] = mapped_column(String(200))
    hs_prefix: Mapped[str | None] = mapped_column(String(10))
    commodity: Mapped[str | None] = mapped_column(String(32))
    consignor_country: Mapped[str | None] = mapped_column(String(2))
    min_value: Mapped[float | None] = mapped_column(Float)
    currency: Mapped[str | None] = mapped_column(String(3))
    channel: Mapped[str] = mapped_column(String(6))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Declaration(Base):
    """A pre-arrival declaration for one crossing of a consignment's itinerary."""

    __tablename__ = "declarations"
    __table_args__ = (UniqueConstraint("consignment_id", "crossing_seq"),)
    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    consignment_id: Mapped[str] = mapped_column(ForeignKey("consignments.id"), index=True)
    crossing_seq: Mapped[int]
    crossing_id: Mapped[str] = mapped_column(String(64))
    place_a: Mapped[str] = mapped_column(String(5))
    place_b: Mapped[str] = mapped_column(String(5))
    country_a: Mapped[str] = mapped_column(String(2), index=True)
    country_b: Mapped[str] = mapped_column(String(2), index=True)
    status: Mapped[str] = mapped_column(String(12), default="submitted")
    snapshot: Mapped[dict[str, Any]]
    submitted_at: Mapped[datetime] = mapped_column(default=utcnow)
    sides: Mapped[list[DeclarationSide]] = relationship(
        order_by="DeclarationSide.country", lazy="selectin"
    )
    inspections: Mapped[list[Inspection]] = relationship(
        order_by="Inspection.recorded_at", lazy="selectin"
    )


class DeclarationSide(Base):
    """One country's view of a declaration: its risk channel and its release."""

    __tablename__ = "declaration_sides"
    __table_args__ = (UniqueConstraint("declaration_id", "country"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    declaration_id: Mapped[str] = mapped_column(ForeignKey("declarations.id"), index=True)
    country: Mapped[str] = mapped_column(String(2))
    channel: Mapped[str] = mapped_column(String(6))
    reasons: Mapped[list[Any]]
    released_at: Mapped[datetime | None]
    released_by: Mapped[str | None] = mapped_column(ForeignKey("organisations.id"))


class Inspection(Base):
    """An inspection result recorded by one authority, visible to its partner across the gate."""

    __tablename__ = "inspections"
    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    declaration_id: Mapped[str] = mapped_column(ForeignKey("declarations.id"), index=True)
    country: Mapped[str] = mapped_column(String(2))
    organisation_id: Mapped[str] = mapped_column(ForeignKey("organisations.id"))
    result: Mapped[str] = mapped_column(String(16))
    findings: Mapped[str] = mapped_column(Text)
    seals_intact: Mapped[bool | None]
    inspected_at: Mapped[datetime]
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)


class HubKey(Base):
    """This hub's own Ed25519 signing key (the newest is used)."""

    __tablename__ = "hub_keys"
    kid: Mapped[str] = mapped_column(String(64), primary_key=True)
    private_pem: Mapped[str] = mapped_column(Text)
    public_key: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class TrustedKey(Base):
    """A peer hub's public key, registered by an administrator."""

    __tablename__ = "trusted_keys"
    kid: Mapped[str] = mapped_column(String(64), primary_key=True)
    hub_name: Mapped[str] = mapped_column(String(200))
    public_key: Mapped[str] = mapped_column(String(64))
    country: Mapped[str | None] = mapped_column(String(2))
    added_at: Mapped[datetime] = mapped_column(default=utcnow)
    revoked_at: Mapped[datetime | None]


class ImportedDocument(Base):
    """A signed document received from a peer hub, kept with its signature."""

    __tablename__ = "imported_documents"
    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    digest: Mapped[str] = mapped_column(String(64), unique=True)
    kid: Mapped[str] = mapped_column(ForeignKey("trusted_keys.kid"))
    kind: Mapped[str] = mapped_column(String(32))
    issuer: Mapped[str] = mapped_column(String(200))
    subject_id: Mapped[str] = mapped_column(String(100))
    payload: Mapped[dict[str, Any]]
    jws: Mapped[str] = mapped_column(Text)
    imported_by: Mapped[str] = mapped_column(ForeignKey("organisations.id"))
    imported_at: Mapped[datetime] = mapped_column(default=utcnow)


class ImportedCountry(Base):
    """A country an imported document concerns (its crossings' sides): whose authority may
    read it."""

    __tablename__ = "imported_document_countries"
    __table_args__ = (UniqueConstraint("document_id", "country"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    document_id: Mapped[str] = mapped_column(ForeignKey("imported_documents.id"), index=True)
    country: Mapped[str] = mapped_column(String(2), index=True)


class Webhook(Base):
    """A subscriber's URL for one consignment's events, signed with its own secret."""

    __tablename__ = "webhooks"
    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    consignment_id: Mapped[str] = mapped_column(ForeignKey("consignments.id"), index=True)
    organisation_id: Mapped[str] = mapped_column(ForeignKey("organisations.id"))
    url: Mapped[str] = mapped_column(String(2000))
    secret: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    removed_at: Mapped[datetime | None]


class DcsaSubscription(Base):
    """A DCSA Track & Trace subscription: a callback URL, the subscriber's shared secret
    (base64, as DCSA sends it) and the filters an event must meet, in DCSA's names."""

    __tablename__ = "dcsa_subscriptions"
    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    organisation_id: Mapped[str] = mapped_column(ForeignKey("organisations.id"), index=True)
    callback_url: Mapped[str] = mapped_column(String(2000))
    secret: Mapped[str] = mapped_column(String(100))
    filters: Mapped[dict[str, Any]]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    removed_at: Mapped[datetime | None]


class HubCounter(Base):
    """A named counter shared by every server process (`token_revocations`: bumped by each
    revocation, read per request so a revoked token stops working everywhere at once)."""

    __tablename__ = "hub_counters"
    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    value: Mapped[int] = mapped_column(BigInteger)


class WebhookDelivery(Base):
    """An outbox row: written in the event's own transaction, so no notification is lost."""

    __tablename__ = "webhook_deliveries"
    id: Mapped[int] = mapped_column(
        BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True
    )
    # Either a webhook's delivery (the hub's own shape) or a DCSA subscription's.
    webhook_id: Mapped[str | None] = mapped_column(ForeignKey("webhooks.id"), index=True)
    subscription_id: Mapped[str | None] = mapped_column(ForeignKey("dcsa_subscriptions.id"))
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id"))
    status: Mapped[str] = mapped_column(String(10), default="pending", index=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    delivered_at: Mapped[datetime | None]
    last_error: Mapped[str | None] = mapped_column(Text)


# eTIR-style transit records: a TIR transport, its customs offices and the operations recorded
# at them (Alembic revision 0009).


class TirTransport(Base):
    """One TIR transport under one guarantee, from its office of departure to its destination."""

    __tablename__ = "tir_transports"
    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    reference: Mapped[str] = mapped_column(String(64), unique=True)
    holder_org_id: Mapped[str] = mapped_column(ForeignKey("organisations.id"), index=True)
    holder_name: Mapped[str] = mapped_column(String(200))
    holder_tir_id: Mapped[str] = mapped_column(String(64))
    guarantee_chain: Mapped[str] = mapped_column(String(200))
    guarantee_reference: Mapped[str] = mapped_column(String(64))
    guarantee_amount: Mapped[float] = mapped_column(Float)
    guarantee_currency: Mapped[str] = mapped_column(String(3))
    consignment_id: Mapped[str | None] = mapped_column(ForeignKey("consignments.id"), index=True)
    seals: Mapped[list[Any]]
    status: Mapped[str] = mapped_column(String(16), default="registered")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    offices: Mapped[list[TirOffice]] = relationship(order_by="TirOffice.seq", lazy="selectin")
    operations: Mapped[list[TirOperation]] = relationship(
        order_by="TirOperation.seq", lazy="selectin"
    )


class TirOffice(Base):
    """A customs office of the route: departure, en route (exit or entry at a border) or
    destination; its country's authority records what happens there."""

    __tablename__ = "tir_offices"
    __table_args__ = (UniqueConstraint("transport_id", "seq"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    transport_id: Mapped[str] = mapped_column(ForeignKey("tir_transports.id"), index=True)
    seq: Mapped[int]
    role: Mapped[str] = mapped_column(String(16))
    place: Mapped[str] = mapped_column(String(5))
    name: Mapped[str] = mapped_column(String(200))
    country: Mapped[str] = mapped_column(String(2), index=True)


class TirOperation(Base):
    """One audited step of a TIR transport: start, crossing, termination or discharge."""

    __tablename__ = "tir_operations"
    __table_args__ = (UniqueConstraint("transport_id", "seq"),)
    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    transport_id: Mapped[str] = mapped_column(ForeignKey("tir_transports.id"), index=True)
    seq: Mapped[int]
    kind: Mapped[str] = mapped_column(String(16))
    office_seq: Mapped[int]
    arrived_at: Mapped[datetime | None]
    at: Mapped[datetime]
    seals_intact: Mapped[bool | None]
    inspection: Mapped[str] = mapped_column(String(16))
    result: Mapped[str | None] = mapped_column(String(16))
    findings: Mapped[str] = mapped_column(Text, default="")
    seals: Mapped[list[Any]]
    recorded_by: Mapped[str] = mapped_column(ForeignKey("organisations.id"))
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)


# Federation between national hubs: peers, the outbox of signed documents for them, the nonces
# seen (replay protection) and what was received from each (Alembic revision 0010).
# A sequence number: BIGINT, but INTEGER on SQLite, which autoincrements only an INTEGER key.
_SEQ = BigInteger().with_variant(Integer, "sqlite")


class FederationPeer(Base):
    """A national hub this one exchanges documents with: where it answers, which country it
    speaks for, and the fingerprint (key id) of the key it was trusted by."""

    __tablename__ = "federation_peers"
    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    url: Mapped[str] = mapped_column(String(2000))
    country: Mapped[str] = mapped_column(String(2))
    kid: Mapped[str] = mapped_column(String(64), index=True)
    received_seq: Mapped[int] = mapped_column(_SEQ, default=0)
    added_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_contact_at: Mapped[datetime | None]
    last_error: Mapped[str | None] = mapped_column(Text)


class FederationOutbox(Base):
    """A signed document waiting for (or delivered to) one peer, written in the transaction of
    the change it carries, so nothing is lost while the peer is down. `seq` is the sequence
    the peer sees and pulls by."""

    __tablename__ = "federation_outbox"
    seq: Mapped[int] = mapped_column(_SEQ, primary_key=True, autoincrement=True)
    peer_id: Mapped[str] = mapped_column(ForeignKey("federation_peers.id"), index=True)
    kind: Mapped[str] = mapped_column(String(32))
    subject_id: Mapped[str] = mapped_column(String(100))
    jws: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    status: Mapped[str] = mapped_column(String(10), default="pending", index=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(default=utcnow)
    delivered_at: Mapped[datetime | None]
    last_error: Mapped[str | None] = mapped_column(Text)


class FederationNonce(Base):
    """A nonce of a signed message from a peer, kept while its time window lasts: a message
    seen once is refused the second time."""

    __tablename__ = "federation_nonces"
    nonce: Mapped[str] = mapped_column(String(64), primary_key=True)
    peer_id: Mapped[str] = mapped_column(ForeignKey("federation_peers.id"))
    seen_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)


class FederationReceived(Base):
    """A document received from a peer under its sequence number (each kept once)."""

    __tablename__ = "federation_received"
    __table_args__ = (UniqueConstraint("peer_id", "sequence"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    peer_id: Mapped[str] = mapped_column(ForeignKey("federation_peers.id"), index=True)
    sequence: Mapped[int] = mapped_column(_SEQ)
    document_id: Mapped[str] = mapped_column(ForeignKey("imported_documents.id"))
    received_at: Mapped[datetime] = mapped_column(default=utcnow)


@dataclass(frozen=True)
class EventRecord:
    """A stored event as the hot path knows it (an ORM object would cost more to make)."""

    id: int
    event_id: str
    organisation_id: str
    consignment_id: str
    leg_seq: int | None
    event_type: str
    classifier: str
    type_code: str
    location: str
    event_datetime: datetime
    equipment_reference: str | None
    empty_indicator: str | None
    mode: str | None
    digest: str
    received_at: datetime
    price: float | None
    currency: str | None
