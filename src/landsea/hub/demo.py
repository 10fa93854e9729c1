"""A demo hub, alive from the first minute: `seed_demo(db)`.

It makes an operator; rail, road, sea and river carriers; the customs of CN, VN, LA, TH, MM, KH
and SG; the public; and six consignments on each of six of the paper's lines (`demo_lines`), with
tracking events, declarations at their crossings, inspections and releases. Everything goes
through the hub's own services as the API's callers would (so the policy, checks and audit log
apply), one consignment per transaction.

The journeys are simulated around `now`: on each line one consignment is on its way and five
have arrived, departures a day or more apart. Each run of a leg takes the network's planned time
stretched by 0-25 %, each crossing its planned dwell stretched by 0.7-2.5 (a triangular draw),
seeded by the document number, so the public statistics have a spread to show. Only what has
happened by `now` is posted; the leg under way gets its carrier's estimated arrival.

Running it again adds nothing twice: organisations are found by name, a consignment whose
document number is already open is left as it is. Each run issues one fresh token per demo
organisation (the secret returned once, never stored) and revokes the demo tokens of earlier runs.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from landsea.errors import ConflictError
from landsea.hub import demo_lines
from landsea.hub.auth import Principal
from landsea.hub.demo_lines import LINES, PARTIES, RULES, DemoLine
from landsea.hub.models import ApiToken, Declaration, utcnow
from landsea.hub.schemas.consignments import ConsignmentIn
from landsea.hub.schemas.declarations import DeclarationIn, InspectionIn, RiskRuleIn
from landsea.hub.schemas.events import EventIn
from landsea.hub.services import consignments, declarations, events, identity

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from landsea.hub.db import Database
    from landsea.hub.planning import Itinerary, PlannedLeg
    from landsea.network import Network

__all__ = ["CONSIGNMENTS_PER_LINE", "DEMO_LABEL", "DemoTokens", "seed_demo"]

CONSIGNMENTS_PER_LINE = 6
DEMO_LABEL = "demo"
# A share of the declarations an authority inspects although the channel is not red.
INSPECTED_SHARE = 0.35


@dataclass(frozen=True)
class DemoTokens:
    """What a seeding made: a fresh token per demo organisation (by party key: `operator`,
    `carrier_rail`, `authority_LA`, `public`, ... as in `demo_lines.PARTIES`), and how many
    consignments it opened now or found already open."""

    tokens: dict[str, identity.IssuedToken]
    created: int
    kept: int

    def __getitem__(self, key: str) -> str:
        """The secret of the party's token: `seeded["authority_LA"]`."""
        return self.tokens[key].token


def seed_demo(
    db: Database, network: Network | None = None, now: datetime | None = None
) -> DemoTokens:
    """Fill `db` with the demo hub (see the module's docstring); safe to run again.

    `network`: the corridor network (the bundled one by default). `now`: the moment the
    journeys are simulated up to (the current hour by default).

    Raises:
        ConflictError: an organisation of the demo exists with another role or country.
    """
    if network is None:
        from landsea.network import corridor_network

        network = corridor_network()
    clock = (now or utcnow()).replace(minute=0, second=0, microsecond=0)
    with db.write() as session:
        tokens = {party.key: _fresh_token(session, party) for party in PARTIES}
        callers = {key: _principal(issued) for key, issued in tokens.items()}
        _keep_rules(session, callers)
    already = _open_documents(db, callers["operator"])
    created = kept = 0
    for line in LINES:
        itinerary = consignments.plan_itinerary(network, _document(line, 0, clock, 0.0))
        for index in range(CONSIGNMENTS_PER_LINE):
            body = _document(line, index, clock, itinerary.time_h)
            if body.document_number in already or not _open_one(
                db, callers, line, body, itinerary, clock
            ):
                kept += 1
            else:
                created += 1
    return DemoTokens(tokens, created, kept)


def _fresh_token(session: Session, party: demo_lines.DemoParty) -> identity.IssuedToken:
    """A new token for the party (its organisation made if new); earlier demo tokens revoked."""
    org = identity.ensure_organisation(session, party.name, party.role, party.country)
    earlier = session.scalars(
        select(ApiToken.id).where(
            ApiToken.organisation_id == org.id,
            ApiToken.label == DEMO_LABEL,
            ApiToken.revoked_at.is_(None),
        )
    ).all()
    for token_id in earlier:
        identity.revoke_token(session, token_id, identity.SYSTEM_ACTOR)
    return identity.issue_token(session, party.name, party.role, party.country, DEMO_LABEL)


def _principal(issued: identity.IssuedToken) -> Principal:
    return Principal(
        issued.organisation_id,
        issued.organisation_name,
        issued.role,
        issued.country,
        issued.token_id,
    )


def _keep_rules(session: Session, callers: dict[str, Principal]) -> None:
    """Each authority's demo risk rules, added when it has none of that name."""
    for rule in RULES:
        authority = callers[f"authority_{rule.country}"]
        if any(kept.name == rule.name for kept in declarations.rules_of(session, authority)):
            continue
        body = RiskRuleIn.model_validate(
            {
                "name": rule.name,
                "hs_prefix": rule.hs_prefix,
                "commodity": rule.commodity,
                "min_value": rule.min_value_usd,
                "currency": "USD" if rule.min_value_usd is not None else None,
                "channel": rule.channel,
            }
        )
        declarations.add_rule(session, authority, body)


def _open_documents(db: Database, operator: Principal) -> set[str]:
    """Document numbers of the operator's consignments, page by page."""
    found: set[str] = set()
    with db.read() as session:
        offset = 0
        while page := consignments.listing(session, operator, None, 500, offset):
            found.update(c.document_number for c in page)
            offset += len(page)
    return found


def _document(line: DemoLine, index: int, now: datetime, line_h: float) -> ConsignmentIn:
    """The index-th consignment of a line: the first under way, the others arrived."""
    # Under way: 40 % of its planned time gone. Arrived: left 1.6 planned times ago or earlier.
    back_h = 0.4 * line_h if index == 0 else 1.6 * line_h + 26.0 * (index - 1)
    departure = now - timedelta(hours=round(back_h))
    number = 1000 * (LINES.index(line) + 1) + index
    goods = line.goods
    body: dict[str, Any] = {
        "document_number": f"DEMO-{line.key}-{index + 1:03d}",
        "consignor": {"name": line.consignor[0], "country": line.consignor[1]},
        "consignee": {"name": line.consignee[0], "country": line.consignee[1]},
        "origin": line.origin,
        "destination": line.destination,
        "incoterm": line.incoterm,
        "commodity": line.commodity,
        "goods": [
            {
                "hs_code": goods.hs_code,
                "description": goods.description,
                "packages": goods.packages,
                "gross_mass_kg": goods.gross_mass_kg,
                "value": round(goods.value_usd * (1 + 0.05 * index), 2),
                "currency": "USD",
            }
        ],
        "equipment": [{"container_number": _container(line.owner, number)}],
        "planned_departure": departure,
        "itinerary": {"legs": [_given(leg) for leg in line.legs]},
    }
    return ConsignmentIn.model_validate(body)


def _given(leg: demo_lines.DemoLeg) -> dict[str, str]:
    carrier = next(p.name for p in PARTIES if p.key == leg.carrier)
    return {"mode": leg.mode, "from": leg.from_place, "to": leg.to_place, "carrier": carrier}


def _container(owner: str, serial: int) -> str:
    """An ISO 6346 number: owner code, six-digit serial and its check digit."""
    from stdnum import iso6346

    stem = f"{owner}{serial:06d}"
    return stem + iso6346.calc_check_digit(stem)


@dataclass(frozen=True)
class _Happening:
    """Something that happens on a journey: an event posted by `poster` at `at`."""

    at: datetime
    poster: str
    event: dict[str, Any]


@dataclass
class _Journey:
    """The simulated journey of one consignment: its events and when it met each crossing."""

    happenings: list[_Happening] = field(default_factory=list)
    entered: dict[str, datetime] = field(default_factory=dict)
    left: dict[str, datetime] = field(default_factory=dict)


def _open_one(
    db: Database,
    callers: dict[str, Principal],
    line: DemoLine,
    body: ConsignmentIn,
    itinerary: Itinerary,
    now: datetime,
) -> bool:
    """Open one consignment with its declarations, events, inspections and releases, in one
    transaction; False when another seeding opened it first."""
    journey = _simulate(line, body, itinerary, random.Random(body.document_number))
    try:
        with db.write() as session:
            made = consignments.create(session, callers["operator"], body, itinerary)
            operator = callers["operator"]
            declared = [
                declarations.submit(session, operator, made.id, DeclarationIn(crossing_id=c))
                for c in line.declare
            ]
            _post(session, callers, made.id, body.document_number, journey, now)
            for declaration in declared:
                _clear(session, callers, declaration, journey, now)
    except ConflictError:
        return False
    return True


def _simulate(
    line: DemoLine, body: ConsignmentIn, itinerary: Itinerary, rng: random.Random
) -> _Journey:
    journey = _Journey()
    clock = body.planned_departure + timedelta(minutes=rng.randint(0, 120))
    journey.happenings.append(
        _Happening(clock - timedelta(hours=4), "operator", _shipment(body.origin))
    )
    transfer_h = {(t.place, t.from_mode): t.time_h for t in itinerary.transfers}
    for seq, (leg, demo_leg) in enumerate(zip(itinerary.legs, line.legs, strict=True), 1):
        arrival = _run_leg(journey, leg, seq, demo_leg.carrier, clock, rng)
        handover_h = transfer_h.get((leg.to_place, leg.mode), rng.uniform(0.5, 2.0))
        clock = arrival + timedelta(hours=handover_h * rng.uniform(0.8, 1.5))
    last = journey.happenings[-1]
    container = body.equipment[0].container_number
    journey.happenings.append(
        _Happening(
            last.at + timedelta(hours=1),
            last.poster,
            _equipment("DISC", body.destination, container, len(itinerary.legs)),
        )
    )
    return journey


def _run_leg(
    journey: _Journey,
    leg: PlannedLeg,
    seq: int,
    carrier: str,
    departure: datetime,
    rng: random.Random,
) -> datetime:
    """Add a leg's departure, crossings and arrival (and its estimate); returns the arrival."""
    crossing_h = sum(c.time_h for c in leg.crossings)
    running_h = (leg.time_h - crossing_h) * rng.uniform(1.0, 1.25)
    add = journey.happenings.append
    add(_Happening(departure, carrier, _transport("DEPA", leg.from_place, seq)))
    delay_h = 0.0
    last = len(leg.places) - 1
    for crossing in leg.crossings:
        entry, exit_ = sorted(
            (crossing.place_a, crossing.place_b), key=lambda p: _index(leg.places, p)
        )
        reached = departure + timedelta(
            hours=running_h * _index(leg.places, entry) / last + delay_h
        )
        dwell_h = crossing.time_h * rng.triangular(0.7, 2.5, 1.0)
        delay_h += dwell_h
        journey.entered[crossing.crossing_id] = reached
        journey.left[crossing.crossing_id] = reached + timedelta(hours=dwell_h)
        if entry != leg.from_place:
            add(_Happening(reached, carrier, _transport("ARRI", entry, seq)))
        if exit_ != leg.to_place:
            left = reached + timedelta(hours=dwell_h)
            add(_Happening(left, carrier, _transport("DEPA", exit_, seq)))
    arrival = departure + timedelta(hours=running_h + delay_h)
    estimate = _transport("ARRI", leg.to_place, seq, classifier="EST", at=arrival)
    add(_Happening(departure + timedelta(minutes=30), carrier, estimate))
    add(_Happening(arrival, carrier, _transport("ARRI", leg.to_place, seq)))
    return arrival


def _index(places: tuple[str, ...], place: str) -> int:
    return places.index(place) if place in places else 0


def _transport(
    code: str, place: str, leg: int, classifier: str = "ACT", at: datetime | None = None
) -> dict[str, Any]:
    event: dict[str, Any] = {
        "event_type": "TRANSPORT",
        "event_classifier_code": classifier,
        "transport_event_type_code": code,
        "location": place,
        "leg": leg,
    }
    if at is not None:
        event["event_datetime"] = at
    return event


def _equipment(code: str, place: str, container: str, leg: int) -> dict[str, Any]:
    return {
        "event_type": "EQUIPMENT",
        "event_classifier_code": "ACT",
        "equipment_event_type_code": code,
        "equipment_reference": container,
        "empty_indicator_code": "LADEN",
        "location": place,
        "leg": leg,
    }


def _shipment(place: str) -> dict[str, Any]:
    return {
        "event_type": "SHIPMENT",
        "event_classifier_code": "ACT",
        "shipment_event_type_code": "RECE",
        "location": place,
    }


def _post(
    session: Session,
    callers: dict[str, Principal],
    consignment_id: str,
    document_number: str,
    journey: _Journey,
    now: datetime,
) -> None:
    """Post what has happened by `now`, in order, each poster's run of events at once."""
    happened = sorted((h for h in journey.happenings if h.at <= now), key=lambda h: h.at)
    numbered = iter(range(1, len(happened) + 1))
    for poster, run in _runs(happened):
        posted = [
            EventIn.model_validate(
                {"event_id": f"{document_number}-{next(numbered):02d}", "event_datetime": h.at}
                | h.event
            )
            for h in run
        ]
        events.record(session, callers[poster], consignment_id, posted)


def _runs(happened: list[_Happening]) -> Iterator[tuple[str, list[_Happening]]]:
    """Consecutive happenings grouped by their poster."""
    run: list[_Happening] = []
    for happening in happened:
        if run and run[-1].poster != happening.poster:
            yield run[0].poster, run
            run = []
        run.append(happening)
    if run:
        yield run[0].poster, run


def _clear(
    session: Session,
    callers: dict[str, Principal],
    declaration: Declaration,
    journey: _Journey,
    now: datetime,
) -> None:
    """The authorities inspect (red channels always, others now and then) once the goods reach
    the crossing, and release both sides once they have left it."""
    declaration_id, crossing = declaration.id, declaration.crossing_id
    reached, left = journey.entered.get(crossing), journey.left.get(crossing)
    if reached is None or reached > now:
        return
    first = callers[f"authority_{declaration.country_a}"]
    red = any(side.channel == "red" for side in declaration.sides)
    draw = random.Random(f"{declaration.snapshot['document_number']}-{crossing}").random()
    if red or draw < INSPECTED_SHARE:
        inspected = InspectionIn(
            result="compliant",
            findings="seals and goods as declared",
            seals_intact=True,
            inspected_at=min(reached + timedelta(hours=1), now),
        )
        declarations.inspect(session, first, declaration_id, inspected)
    if left is not None and left <= now:
        for country in dict.fromkeys((declaration.country_a, declaration.country_b)):
            declarations.release(session, callers[f"authority_{country}"], declaration_id)
