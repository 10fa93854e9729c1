"""Who may see which consignment. What is not visible does not exist (404, never 403).

An operator sees its own consignments; a carrier those with a leg assigned to it; an authority
those whose itinerary crosses a border of its country; an admin all; the public none.
"""

from __future__ import annotations

from sqlalchemy import Select, false, or_, select
from sqlalchemy.orm import Session

from landsea.errors import NotFoundError
from landsea.hub.auth import Principal, Role
from landsea.hub.models import Consignment, ConsignmentCrossing, Leg


def visible_consignments(caller: Principal) -> Select[Consignment]:
    """A query of the consignments `caller` may read."""
    query = select(Consignment)
    org = caller.organisation_id
    if caller.role is Role.ADMIN:
        return query
    if caller.role is Role.OPERATOR:
        return query.where(Consignment.operator_id == org)
    if caller.role is Role.CARRIER:
        legs = select(Leg.consignment_id).where(Leg.carrier_id == org)
        return query.where(Consignment.id.in_(legs))
    if caller.role is Role.AUTHORITY and caller.country:
        crossings = select(ConsignmentCrossing.consignment_id).where(
            or_(
                ConsignmentCrossing.country_a == caller.country,
                ConsignmentCrossing.country_b == caller.country,
            )
        )
        return query.where(Consignment.id.in_(crossings))
    return query.where(false())


def visible_consignment(session: Session, caller: Principal, consignment_id: str) -> Consignment:
    """The consignment if `caller` may read it; NotFoundError whether it is missing or foreign."""
    found = session.scalars(
        visible_consignments(caller).where(Consignment.id == consignment_id)
    ).first()
    if found is None:
        raise NotFoundError(f"no consignment {consignment_id}")
    return found


def owned_consignment(
    session: Session, caller: Principal, consignment_id: str, *, lock: bool = False
) -> Consignment:
    """A consignment the caller may change: its operator's (or an admin's); else 404."""
    query = select(Consignment).where(Consignment.id == consignment_id)
    if caller.role is not Role.ADMIN:
        query = query.where(Consignment.operator_id == caller.organisation_id)
    if lock:
        query = query.with_for_update()
    found = session.scalars(query).first()
    if found is None:
        raise NotFoundError(f"no consignment {consignment_id}")
    return found
