"""The tables of eTIR-style transit records: a TIR transport, its customs offices and the
operations recorded at them (Alembic revision 0009 creates them)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Float, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from landsea.hub.models import Base, new_id, utcnow


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
