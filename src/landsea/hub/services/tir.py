"""eTIR-style transit records: a TIR transport and the state machine of its operations.

registered --start (departure)--> started --crossing (each office en route, in order)-->
started --termination (destination)--> terminated --discharge--> discharged.

Each operation is recorded by the customs authority of the office's country, audited on the
hub's chain, and refused (409, naming the transport's state) when it comes out of order. At an
office en route or of destination, seals found intact spare the load a re-inspection (recorded
as skipped, TIR's point); a broken seal forces an inspection, after which customs re-seal.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from landsea.errors import ConflictError, DataError, Location, PermissionDeniedError
from landsea.hub import audit
from landsea.hub.auth import Principal
from landsea.hub.models import TirOffice, TirOperation, TirTransport, utcnow
from landsea.hub.policy import owned_consignment, visible_tir_transport, visible_tir_transports
from landsea.hub.schemas.tir import (
    CrossingIn,
    DischargeIn,
    GuaranteeOut,
    OfficeOut,
    OperationOut,
    RouteIn,
    SealInspectionIn,
    StartIn,
    TerminationIn,
    TirTransportIn,
    TirTransportOut,
)
from landsea.network import Network


@dataclass(frozen=True)
class RouteOffice:
    """A customs office resolved against the corridor network: its name and country."""

    role: str
    place: str
    name: str
    country: str


def route_offices(network: Network, route: RouteIn) -> list[RouteOffice]:
    """The route's offices in order, each a place of the network.

    Raises:
        DataError: an office that is not a place of the network (422 naming it).
    """
    wanted = [
        ("departure", route.departure, "offices.departure"),
        *(("en_route", p, f"offices.en_route.{i}") for i, p in enumerate(route.en_route)),
        ("destination", route.destination, "offices.destination"),
    ]
    found = []
    for role, place, field in wanted:
        if place not in network.places.index:
            raise DataError(f"{place} is not a place of the corridor network", _at(field))
        found.append(
            RouteOffice(role, place, network.place_name(place), network.place_country(place))
        )
    return found


def register(
    session: Session, caller: Principal, body: TirTransportIn, offices: list[RouteOffice]
) -> TirTransport:
    """The holder registers a TIR transport (audited).

    Raises:
        NotFoundError: the consignment named is not the caller's.
        ConflictError: the reference is taken.
    """
    if body.consignment_id is not None:
        owned_consignment(session, caller, body.consignment_id)
    transport = TirTransport(
        reference=body.reference,
        holder_org_id=caller.organisation_id,
        holder_name=body.holder.name,
        holder_tir_id=body.holder.tir_id,
        guarantee_chain=body.guarantee.chain,
        guarantee_reference=body.guarantee.reference,
        guarantee_amount=body.guarantee.amount,
        guarantee_currency=body.guarantee.currency,
        consignment_id=body.consignment_id,
        seals=[],
        status="registered",
    )
    session.add(transport)
    try:
        session.flush()
    except IntegrityError:
        raise ConflictError(f"a TIR transport {body.reference} is registered already") from None
    session.add_all(
        TirOffice(transport_id=transport.id, seq=i, **vars(office))
        for i, office in enumerate(offices, start=1)
    )
    audit.record(
        session, caller.actor, "tir.register", "tir_transport", transport.id, _payload(body)
    )
    session.flush()
    session.refresh(transport)
    return transport


def start(session: Session, caller: Principal, transport_id: str, body: StartIn) -> TirTransport:
    """Customs of departure accept the transport and seal it.

    Raises:
        NotFoundError: not a transport the caller may see.
        ConflictError: not registered (started already, or further on).
        DataError: the office is not the office of departure, or the time runs backwards.
        PermissionDeniedError: the office is another country's.
    """
    transport = visible_tir_transport(session, caller, transport_id)
    office = _office(transport, body.office, "departure")
    _check_own(caller, office)
    _expect(transport, "registered", "a start")
    transport.seals = list(body.seals)
    _record(session, caller, transport, "start", office, body.at, seals_intact=None)
    return _moved(session, caller, transport, "started", "tir.start", body)


def crossing(
    session: Session, caller: Principal, transport_id: str, body: CrossingIn
) -> TirTransport:
    """The transport passes an office en route, in the route's order.

    Raises:
        NotFoundError: not a transport the caller may see.
        ConflictError: not started, the office crossed already, or an earlier office en route
            not crossed yet.
        DataError: not an office en route; a broken seal without an inspection.
        PermissionDeniedError: the office is another country's.
    """
    transport = visible_tir_transport(session, caller, transport_id)
    office = _office(transport, body.office, "en_route")
    _check_own(caller, office)
    _expect(transport, "started", "a crossing")
    if office.seq in _done(transport):
        raise ConflictError(
            f"TIR transport {transport.reference} is started and has crossed "
            f"{_named(office)} already"
        )
    _check_passed_before(transport, office)
    _record(
        session,
        caller,
        transport,
        "crossing",
        office,
        body.departed_at,
        seals_intact=body.seals_intact,
        inspection=body.inspection,
        arrived_at=body.arrived_at,
    )
    return _moved(session, caller, transport, "started", "tir.crossing", body)


def terminate(
    session: Session, caller: Principal, transport_id: str, body: TerminationIn
) -> TirTransport:
    """The transport ends at the office of destination, every office en route passed.

    Raises:
        NotFoundError: not a transport the caller may see.
        ConflictError: not started, or an office en route not crossed yet.
        DataError: not the office of destination; a broken seal without an inspection.
        PermissionDeniedError: the office is another country's.
    """
    transport = visible_tir_transport(session, caller, transport_id)
    office = _office(transport, body.office, "destination")
    _check_own(caller, office)
    _expect(transport, "started", "a termination")
    _check_passed_before(transport, office)
    _record(
        session,
        caller,
        transport,
        "termination",
        office,
        body.at,
        seals_intact=body.seals_intact,
        inspection=body.inspection,
    )
    return _moved(session, caller, transport, "terminated", "tir.terminate", body)


def discharge(
    session: Session, caller: Principal, transport_id: str, body: DischargeIn
) -> TirTransport:
    """Customs of destination discharge the guarantee after the termination.

    Raises:
        NotFoundError: not a transport the caller may see.
        ConflictError: not terminated (or discharged already).
        PermissionDeniedError: the office of destination is another country's.
    """
    transport = visible_tir_transport(session, caller, transport_id)
    office = transport.offices[-1]
    _check_own(caller, office)
    _expect(transport, "terminated", "a discharge of the guarantee")
    _record(
        session,
        caller,
        transport,
        "discharge",
        office,
        body.at,
        seals_intact=None,
        findings=body.remarks,
    )
    return _moved(session, caller, transport, "discharged", "tir.discharge", body)


_NEEDS = {
    "registered": "start at the office of departure",
    "started": "crossings en route, then termination",
    "terminated": "discharge of the guarantee",
    "discharged": "nothing more",
}


def _expect(transport: TirTransport, wanted: str, step: str) -> None:
    if transport.status != wanted:
        raise ConflictError(
            f"TIR transport {transport.reference} is {transport.status}: {step} needs it "
            f"{wanted} (next: {_NEEDS[transport.status]})"
        )


def _office(transport: TirTransport, place: str, role: str) -> TirOffice:
    office = next((o for o in transport.offices if o.place == place and o.role == role), None)
    if office is None:
        of_role = [_named(o) for o in transport.offices if o.role == role]
        raise DataError(
            f"{place} is not an office {role.replace('_', ' ')} of TIR transport "
            f"{transport.reference} ({', '.join(of_role) or 'it has none'})",
            _at("office"),
        )
    return office


def _done(transport: TirTransport) -> set[int]:
    return {op.office_seq for op in transport.operations if op.kind != "discharge"}


def _check_passed_before(transport: TirTransport, office: TirOffice) -> None:
    done = _done(transport)
    pending = [o for o in transport.offices if o.seq < office.seq and o.seq not in done]
    if pending:
        raise ConflictError(
            f"out of order: TIR transport {transport.reference} is {transport.status} and has "
            f"not passed {_named(pending[0])} yet, which comes before {_named(office)}"
        )


def _check_own(caller: Principal, office: TirOffice) -> None:
    if caller.country != office.country:
        raise PermissionDeniedError(
            f"{_named(office)} is an office of {office.country}: its customs record what "
            f"happens there, not {caller.country or caller.role}"
        )


def _named(office: TirOffice) -> str:
    return f"{office.name} ({office.place})"


def _inspection(seals_intact: bool | None, given: SealInspectionIn | None) -> str:
    """none at departure and discharge; with intact seals, skipped unless customs inspected
    anyway; a broken seal forces one."""
    if seals_intact is None:
        return "none"
    if not seals_intact:
        if given is None:
            raise DataError(
                "a broken seal forces an inspection: give its result", _at("inspection")
            )
        if not given.new_seals:
            raise DataError(
                "after inspecting a load whose seal was broken, customs re-seal it: give new_seals",
                _at("inspection.new_seals"),
            )
        return "forced"
    return "skipped" if given is None else "performed"


def _record(
    session: Session,
    caller: Principal,
    transport: TirTransport,
    kind: str,
    office: TirOffice,
    at: datetime,
    *,
    seals_intact: bool | None,
    inspection: SealInspectionIn | None = None,
    arrived_at: datetime | None = None,
    findings: str = "",
) -> None:
    last = transport.operations[-1] if transport.operations else None
    if last is not None and (arrived_at or at) < last.at:
        field = "arrived_at" if arrived_at else "at"
        raise DataError(
            f"{field} is before the previous operation ({last.kind} at {last.at.isoformat()})",
            _at(field),
        )
    checked = _inspection(seals_intact, inspection)
    if inspection is not None and inspection.new_seals:
        transport.seals = list(inspection.new_seals)
    session.add(
        TirOperation(
            transport_id=transport.id,
            seq=len(transport.operations) + 1,
            kind=kind,
            office_seq=office.seq,
            arrived_at=arrived_at,
            at=at,
            seals_intact=seals_intact,
            inspection=checked,
            result=inspection.result if inspection else None,
            findings=inspection.findings if inspection else findings,
            seals=list(transport.seals),
            recorded_by=caller.organisation_id,
        )
    )


def _moved(
    session: Session,
    caller: Principal,
    transport: TirTransport,
    status: str,
    action: str,
    body: Any,
) -> TirTransport:
    transport.status = status
    transport.updated_at = utcnow()
    session.flush()
    audit.record(session, caller.actor, action, "tir_transport", transport.id, _payload(body))
    session.refresh(transport)
    return transport


def _payload(body: Any) -> dict[str, Any]:
    dumped: dict[str, Any] = body.model_dump(mode="json")
    return dumped


def _at(field: str) -> Location:
    return Location("tir", None, field)


def listing(
    session: Session, caller: Principal, status: str | None, limit: int, offset: int
) -> list[TirTransport]:
    """TIR transports the caller may see, newest first."""
    query = visible_tir_transports(caller).order_by(TirTransport.created_at.desc(), TirTransport.id)
    if status:
        query = query.where(TirTransport.status == status)
    return list(session.scalars(query.limit(limit).offset(offset)))


def view(transport: TirTransport) -> TirTransportOut:
    """The transport as its holder and the authorities on its route read it."""
    offices = {o.seq: o for o in transport.offices}
    done = _done(transport)
    return TirTransportOut(
        id=transport.id,
        reference=transport.reference,
        status=transport.status,  # type: ignore[arg-type]
        next_step=next_step(transport),
        holder={"name": transport.holder_name, "tir_id": transport.holder_tir_id},
        guarantee=GuaranteeOut(
            chain=transport.guarantee_chain,
            reference=transport.guarantee_reference,
            amount=transport.guarantee_amount,
            currency=transport.guarantee_currency,
            discharged=transport.status == "discharged",
        ),
        consignment_id=transport.consignment_id,
        seals=list(transport.seals),
        offices=[
            OfficeOut(
                seq=o.seq,
                role=o.role,  # type: ignore[arg-type]
                place=o.place,
                name=o.name,
                country=o.country,
                done=o.seq in done,
            )
            for o in transport.offices
        ],
        operations=[_operation(op, offices[op.office_seq]) for op in transport.operations],
        created_at=transport.created_at,
        updated_at=transport.updated_at,
    )


def _operation(op: TirOperation, office: TirOffice) -> OperationOut:
    return OperationOut(
        seq=op.seq,
        kind=op.kind,  # type: ignore[arg-type]
        office=office.place,
        office_name=office.name,
        country=office.country,
        arrived_at=op.arrived_at,
        at=op.at,
        seals_intact=op.seals_intact,
        inspection=op.inspection,  # type: ignore[arg-type]
        result=op.result,
        findings=op.findings,
        seals=list(op.seals),
        recorded_at=op.recorded_at,
    )


def next_step(transport: TirTransport) -> str:
    """What happens next, in words, naming the office by name."""
    offices = transport.offices
    if transport.status == "registered":
        return f"start at the office of departure, {_named(offices[0])}"
    if transport.status == "started":
        done = _done(transport)
        pending = next(o for o in offices if o.seq not in done)
        step = "termination" if pending.role == "destination" else "crossing"
        return f"{step} at {_named(pending)}"
    if transport.status == "terminated":
        return f"discharge of the guarantee by {offices[-1].country} customs"
    return "none: the guarantee is discharged"


@dataclass(frozen=True)
class ObservedCrossing:
    """One office en route passed under TIR as recorded: where, when, and whether the load was
    inspected there."""

    transport_id: str
    place: str
    country: str
    arrived_at: datetime
    departed_at: datetime
    inspection: str


def observed_crossings(session: Session) -> list[ObservedCrossing]:
    """Every recorded crossing of every TIR transport, in route order: the dwell under TIR the
    model can read (`landsea.hub.services.observed`)."""
    query = (
        select(TirOffice.place, TirOffice.country, TirOperation)
        .join(
            TirOffice,
            (TirOffice.transport_id == TirOperation.transport_id)
            & (TirOffice.seq == TirOperation.office_seq),
        )
        .where(TirOperation.kind == "crossing")
        .order_by(TirOperation.transport_id, TirOperation.office_seq)
    )
    return [
        ObservedCrossing(op.transport_id, place, country, op.arrived_at, op.at, op.inspection)
        for place, country, op in session.execute(query)
        if op.arrived_at is not None
    ]
