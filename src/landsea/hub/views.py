"""What each role sees of a consignment: the fields its work needs and no more.

Operators and admins see everything. Carriers see the route, the equipment and goods as cargo
(no values, no parties), and their own name on their own legs only. Authorities see parties,
goods with values, equipment and the itinerary (they clear the goods), but not which carriers
the operator hired.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Row

from landsea.hub.auth import Principal, Role
from landsea.hub.models import (
    Consignment,
    Declaration,
    DeclarationSide,
    EventRecord,
    GoodsItem,
    Leg,
    TrackingEvent,
)
from landsea.hub.policy import sees_channels, sees_parties
from landsea.hub.schemas.consignments import (
    ConsignmentOut,
    CrossingOut,
    EquipmentOut,
    GoodsItemOut,
    LegOut,
    Party,
    TransferOut,
)
from landsea.hub.schemas.declarations import DeclarationOut, InspectionOut, SideOut
from landsea.hub.schemas.events import EventOut


@dataclass(frozen=True)
class ConsignmentRows:
    """A consignment read as rows, not ORM objects (the read path's cheaper load): the
    consignment's row and its parts' rows in order, each with the model's attribute names."""

    row: Row[Any]
    goods: list[Row[Any]]
    equipment: list[Row[Any]]
    legs: list[Row[Any]]
    crossings: list[Row[Any]]

    def __getattr__(self, name: str) -> Any:
        # Called only for names that are not fields: the consignment's own columns.
        if name == "row":
            raise AttributeError(name)
        return getattr(self.row, name)


def consignment_view(
    consignment: Consignment | ConsignmentRows, caller: Principal, names: dict[str, str]
) -> ConsignmentOut:
    """The consignment as `caller` may see it (fields cut by `landsea.hub.policy`)."""
    full = caller.role in (Role.OPERATOR, Role.ADMIN)
    parties = sees_parties(caller)
    # A carrier sees its own name on its legs, not which competitors carry the others.
    carrier_names = names if full else {}
    if caller.role is Role.CARRIER:
        carrier_names = {caller.organisation_id: caller.organisation_name}
    return ConsignmentOut(
        id=consignment.id,
        document_number=consignment.document_number,
        status=consignment.status,
        origin=consignment.origin,
        destination=consignment.destination,
        commodity=consignment.commodity,
        incoterm=consignment.incoterm if parties else None,
        consignor=Party(**consignment.consignor) if parties else None,
        consignee=Party(**consignment.consignee) if parties else None,
        goods=[_goods(item, with_value=parties) for item in consignment.goods],
        equipment=[
            EquipmentOut(
                container_number=e.container_number,
                size_type=e.size_type,
                seal_number=e.seal_number,
            )
            for e in consignment.equipment
        ],
        planned_by=consignment.planned_by,
        planned_departure=consignment.planned_departure,
        eta=consignment.eta,
        length_km=consignment.length_km,
        planned_time_h=consignment.planned_time_h,
        legs=[_leg(leg, carrier_names) for leg in consignment.legs],
        transfers=[TransferOut(**t) for t in consignment.transfers],
        crossings=[
            CrossingOut(
                crossing_id=c.crossing_id,
                leg=c.leg_seq,
                regime=c.regime,
                place_a=c.place_a,
                place_b=c.place_b,
                country_a=c.country_a,
                country_b=c.country_b,
            )
            for c in consignment.crossings
        ],
        operator=names.get(consignment.operator_id) if full or parties else None,
    )


def view_key(caller: Principal) -> tuple[str, str]:
    """What a consignment view depends on besides the consignment: the role, and for a carrier
    its own organisation (whose name it sees on its legs)."""
    own = caller.organisation_id if caller.role is Role.CARRIER else ""
    return (str(caller.role), own)


def _goods(item: GoodsItem | Row[Any], *, with_value: bool) -> GoodsItemOut:
    out = GoodsItemOut.model_validate(item, from_attributes=True)
    if not with_value:
        out.value = None
        out.currency = None
    return out


def _leg(leg: Leg | Row[Any], names: dict[str, str]) -> LegOut:
    return LegOut(
        leg=leg.seq,
        mode=leg.mode,
        from_place=leg.from_place,
        to_place=leg.to_place,
        length_km=leg.length_km,
        planned_time_h=leg.planned_time_h,
        places=list(leg.places),
        carrier=names.get(leg.carrier_id) if leg.carrier_id else None,
        planned_departure=leg.planned_departure,
        planned_arrival=leg.planned_arrival,
        estimated_departure=leg.estimated_departure,
        estimated_arrival=leg.estimated_arrival,
        actual_departure=leg.actual_departure,
        actual_arrival=leg.actual_arrival,
    )


def names_needed(consignment: Consignment | ConsignmentRows) -> set[str]:
    """Organisation ids whose names a view may show."""
    ids = {leg.carrier_id for leg in consignment.legs if leg.carrier_id}
    return ids | {consignment.operator_id}


def declaration_view(
    declaration: Declaration, caller: Principal, names: dict[str, str]
) -> DeclarationOut:
    """Authorities see channels (reasons only for their own side); traders see neither."""
    snapshot = declaration.snapshot
    return DeclarationOut(
        id=declaration.id,
        consignment_id=declaration.consignment_id,
        document_number=snapshot["document_number"],
        crossing_id=declaration.crossing_id,
        place_a=declaration.place_a,
        place_b=declaration.place_b,
        country_a=declaration.country_a,
        country_b=declaration.country_b,
        status=declaration.status,  # type: ignore[arg-type]
        submitted_at=declaration.submitted_at,
        goods=snapshot["goods"],
        consignor=snapshot["consignor"],
        consignee=snapshot["consignee"],
        equipment=snapshot["equipment"],
        sides=[_side(side, caller) for side in declaration.sides],
        inspections=[
            InspectionOut(
                id=i.id,
                country=i.country,
                inspector=names.get(i.organisation_id, ""),
                result=i.result,
                findings=i.findings,
                seals_intact=i.seals_intact,
                inspected_at=i.inspected_at,
                recorded_at=i.recorded_at,
            )
            for i in declaration.inspections
        ],
    )


def _side(side: DeclarationSide, caller: Principal) -> SideOut:
    authority = sees_channels(caller)
    own = caller.role is Role.ADMIN or side.country == caller.country
    return SideOut(
        country=side.country,
        channel=side.channel if authority else None,  # type: ignore[arg-type]
        reasons=list(side.reasons) if authority and own else None,
        released=side.released_at is not None,
        released_at=side.released_at,
    )


def inspector_ids(declaration: Declaration) -> set[str]:
    """Organisation ids whose names a declaration's view may show."""
    return {i.organisation_id for i in declaration.inspections}


def event_out(event: TrackingEvent | EventRecord, duplicate: bool = False) -> EventOut:
    """An event as every reader sees it (events carry no party or value)."""
    return EventOut(
        sequence=event.id,
        event_id=event.event_id,
        consignment_id=event.consignment_id,
        leg=event.leg_seq,
        event_type=event.event_type,
        event_classifier_code=event.classifier,
        type_code=event.type_code,
        event_datetime=event.event_datetime,
        location=event.location,
        equipment_reference=event.equipment_reference,
        empty_indicator_code=event.empty_indicator,
        mode_of_transport=event.mode,
        received_at=event.received_at,
        duplicate=duplicate,
    )
