"""The paper's policies as named levers: one record each, expanding into plain edits.

A lever is a `Lever` record: its name, a pydantic model of its parameters, the function that
turns checked parameters into edits (`spec.Edit` records), and the passage of the paper it
follows. Adding a lever is adding one record to `LEVERS`; the runner only ever sees edits.

>>> sorted(LEVERS)[:3]
['backhaul_incentive', 'capacity_expansion', 'carbon_price']
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pandas as pd
from pydantic import BaseModel, ConfigDict, Field

from landsea.network.model import Network
from landsea.regimes import JOINT_INSPECTION, SINGLE_WINDOW, TIR
from landsea.scenarios.distributions import Number, value_of
from landsea.scenarios.spec import (
    AddLink,
    CarbonPrice,
    DemandChange,
    Edit,
    Frequency,
    OpenLink,
    Regime,
    Tariff,
)
from landsea.scenarios.spec import Capacity as CapacityEdit


@dataclass(frozen=True)
class LeverContext:
    """What a lever may look at: the unedited network, the scenario year, the grown demand."""

    network: Network
    year: int
    demand: pd.DataFrame


class _Params(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


@dataclass(frozen=True)
class Lever:
    """One policy: parameters in, edits out; `paper` quotes the passage it follows."""

    name: str
    params: type[_Params]
    expand: Callable[[Any, LeverContext], list[Edit]]
    paper: str
    summary: str


# ---- single window, joint inspection, TIR ------------------------------------------------


class CrossingsParams(_Params):
    crossings: list[str] = Field(default_factory=lambda: ["*"])


def _single_window(p: CrossingsParams, ctx: LeverContext) -> list[Edit]:
    return [Regime(kind="regime", crossings=p.crossings, regime=SINGLE_WINDOW.name)]


class JointParams(_Params):
    crossings: list[str] = Field(min_length=1)


def _joint_inspection(p: JointParams, ctx: LeverContext) -> list[Edit]:
    return [Regime(kind="regime", crossings=p.crossings, regime=JOINT_INSPECTION.name)]


# estimate: TIR contracting parties among the dataset's countries before any accession
# (China since 2016, Kazakhstan, Belarus, Poland); the paper asks China to help "Vietnam,
# Myanmar and other regional countries" accede, so they are taken as not yet parties.
TIR_PARTIES: frozenset[str] = frozenset({"CN", "KZ", "BY", "PL"})


class TirParams(_Params):
    countries: list[str] = Field(default_factory=list)
    crossings: list[str] = Field(default_factory=lambda: ["*"])


def _tir_accession(p: TirParams, ctx: LeverContext) -> list[Edit]:
    """TIR at the road crossings (of those named) whose two countries are both parties."""
    parties = TIR_PARTIES | {c.upper() for c in p.countries}
    from landsea.scenarios.names import crossing_ids

    named = set(crossing_ids(ctx.network, p.crossings))
    table = ctx.network.crossings
    chosen = [
        str(cid)
        for cid, row in table.iterrows()
        if str(cid) in named
        and row["mode"] == "road"
        and row["country_a"] in parties
        and row["country_b"] in parties
    ]
    return [Regime(kind="regime", crossings=chosen, regime=TIR.name)] if chosen else []


# ---- railways ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Railway:
    """A railway line the levers can open: dataset links and links it adds."""

    name: str
    links: tuple[str, ...]
    new_links: tuple[dict[str, object], ...] = ()


RAILWAYS: dict[str, Railway] = {
    "kyaukphyu": Railway(
        "Kunming-Ruili-Muse-Mandalay-Kyaukphyu (China-Myanmar railway)",
        ("L063", "L064", "L065", "L066"),
    ),
    "china_thailand": Railway(
        "Vientiane-Nong Khai-Nakhon Ratchasima-Bangkok (China-Thailand railway, standard gauge)",
        (),
        (
            {
                "link": "CT1",
                "from": "LAVTS",
                "to": "THNOK",
                "mode": "rail_1435",
                "length_km": 20.0,
                "crossing": "THANALENG_NONGKHAI_RAIL",
                "source": "estimate: great-circle 13 km x 1.5 (a new standard-gauge Mekong "
                "bridge beside the Friendship Bridge; alignment not fixed)",
            },
            {
                "link": "CT2",
                "from": "THNOK",
                "to": "THBKK",
                "mode": "rail_1435",
                "length_km": 609.0,
                "speed_kmh": 60.0,
                "source": "estimate: 609 km Bangkok-Nakhon Ratchasima (253 km) and Nakhon "
                "Ratchasima-Nong Khai (356 km) phases of the Thai-Chinese railway as announced; "
                "freight at 60 km/h assumed",
            },
        ),
    ),
    "hekou_haiphong": Railway(
        "Lao Cai-Hanoi-Hai Phong standard-gauge railway", ("L103", "L104", "L105")
    ),
}


class RailwayParams(_Params):
    line: str
    year: int | None = None


def _railway_opening(p: RailwayParams, ctx: LeverContext) -> list[Edit]:
    if p.line not in RAILWAYS:
        raise ValueError(f"unknown railway {p.line!r}; choose one of {', '.join(RAILWAYS)}")
    railway = RAILWAYS[p.line]
    year = p.year if p.year is not None else ctx.year
    edits: list[Edit] = [OpenLink(kind="open_link", link=link, year=year) for link in railway.links]
    if year <= ctx.year:
        edits.extend(
            AddLink.model_validate({"kind": "add_link", **spec}) for spec in railway.new_links
        )
    return edits


# ---- Mekong, services, carbon, capacity ---------------------------------------------------

MEKONG_BASE_MONTHS = 6.0  # source: fact sheet §4 [M1] navigation 6 months a year before dredging
MEKONG_BASE_DRAUGHT_M = 2.0  # estimate: 150-500 t vessels on the upper Mekong draw about 2 m


class MekongParams(_Params):
    navigable_months: Number = 11.0
    draught_m: Number = 3.0


def _mekong_dredging(p: MekongParams, ctx: LeverContext) -> list[Edit]:
    """More navigable months run more sailings over the year; a deeper draught carries more
    boxes per vessel, so the cost per TEU-km falls with the draught (estimate: cost per TEU
    inversely proportional to payload, payload to draught; 2 m -> 3 m gives -33 %, as [M1]'s
    30-40 %)."""
    months, draught = value_of(p.navigable_months), value_of(p.draught_m)
    if not 0 < months <= 12 or draught <= 0:
        raise ValueError("navigable_months must lie in (0, 12] and draught_m be positive")
    services = ctx.network.tables.services
    river = [str(sid) for sid, mode in services["mode"].items() if mode == "river"]
    edits: list[Edit] = [
        Frequency(kind="frequency", service=sid, factor=months / MEKONG_BASE_MONTHS)
        for sid in river
    ]
    edits.append(Tariff(kind="tariff", mode="river", factor=MEKONG_BASE_DRAUGHT_M / draught))
    return edits


class ServiceParams(_Params):
    service: str = "RAILSEA_CQ_QZ"
    departures_per_week: Number | None = None
    factor: Number | None = None


def _extra_services(p: ServiceParams, ctx: LeverContext) -> list[Edit]:
    return [
        Frequency(
            kind="frequency",
            service=p.service,
            departures_per_week=p.departures_per_week,
            factor=p.factor,
        )
    ]


class CarbonParams(_Params):
    usd_per_t: Number


def _carbon_price(p: CarbonParams, ctx: LeverContext) -> list[Edit]:
    return [CarbonPrice(kind="carbon_price", usd_per_t=p.usd_per_t)]


class CapacityParams(_Params):
    crossing: str | None = None
    terminal: str | None = None
    per_day: Number | None = None
    factor: Number | None = None


def _capacity_expansion(p: CapacityParams, ctx: LeverContext) -> list[Edit]:
    return [CapacityEdit(kind="capacity", **p.model_dump())]


class BackhaulParams(_Params):
    share: Number = 0.5  # of each pair's imbalance filled with return cargo
    partners: list[str] = Field(default_factory=lambda: ["*"])


def _backhaul_incentive(p: BackhaulParams, ctx: LeverContext) -> list[Edit]:
    """Return cargo in the lighter direction of each pair, `share` of the gap to the heavier.

    It scales every commodity of the lighter direction alike, so the mix stays the observed one.
    """
    share = value_of(p.share)
    if not 0.0 <= share <= 1.0:
        raise ValueError(f"share must lie in [0, 1], got {share:g}")
    countries = ctx.network.places["country"]
    wanted = {c.upper() for c in p.partners}
    grouped = ctx.demand.groupby(["origin", "destination"], as_index=False)["teu_per_year"].sum()
    by_pair: dict[tuple[str, str], float] = {
        (str(o), str(d)): float(teu)
        for o, d, teu in grouped[["origin", "destination", "teu_per_year"]].to_numpy().tolist()
    }
    edits: list[Edit] = []
    for (o, d), teu in sorted(by_pair.items()):
        back = by_pair.get((d, o), 0.0)
        partner_ok = "*" in wanted or {countries[o], countries[d]} & wanted
        if teu < back and teu > 0 and partner_ok:
            factor = 1.0 + share * (back - teu) / teu
            edits.append(DemandChange(kind="demand", origin=o, destination=d, factor=factor))
    return edits


_SW = "Paths, 'Improving clearance integration': launch 'single window' cooperation with the "
_JI = "Paths, 'Improving clearance integration': the pilot of China-Vietnam joint border "
LEVERS: dict[str, Lever] = {
    lever.name: lever
    for lever in (
        Lever(
            "single_window",
            CrossingsParams,
            _single_window,
            _SW + "Mekong countries and other ASEAN countries; challenges: 'the single window "
            "model ... has not yet been fully applied'",
            "single-window clearance at the named crossings (default: all)",
        ),
        Lever(
            "joint_inspection",
            JointParams,
            _joint_inspection,
            _JI + "inspection at Pingxiang Port, 'fast clearance of exports and imports'",
            "joint (one-stop) inspection at the named crossings",
        ),
        Lever(
            "tir_accession",
            TirParams,
            _tir_accession,
            "Paths, last paragraph: implement TIR in the ports along ILSTC routes (Pingxiang, "
            "Longbang, Mohan, Hekou), help Vietnam, Myanmar and others accede",
            "TIR at road crossings whose two countries are TIR parties after accession",
        ),
        Lever(
            "railway_opening",
            RailwayParams,
            _railway_opening,
            "Paths, 'Enhancing cross-border connectivity': the China-Thailand railway, "
            "Ruili/Muse-Kyaukphyu, Lao Cai-Hanoi upgrades",
            "a railway line opens in a year",
        ),
        Lever(
            "mekong_dredging",
            MekongParams,
            _mekong_dredging,
            "Paths, 'Enhancing cross-border connectivity': regulation, dredging and upgrading "
            "of the Lancang-Mekong international waterway",
            "more navigable months (sailings) and a deeper draught (cheaper per TEU-km)",
        ),
        Lever(
            "extra_services",
            ServiceParams,
            _extra_services,
            "Intro and fn 7: the rail-sea line Chongqing-Qinzhou-Singapore; more rail-sea services",
            "departures a week of a scheduled service",
        ),
        Lever(
            "carbon_price",
            CarbonParams,
            _carbon_price,
            "not in the paper: a price on CO2 (USD/t) in the generalized cost",
            "carbon price in USD per tonne of CO2",
        ),
        Lever(
            "backhaul_incentive",
            BackhaulParams,
            _backhaul_incentive,
            "Challenges: 'export-import imbalance ... 1,353 on outward journeys and 107 on "
            "return trips' (fn 36); overseas logistics bases for return cargo",
            "return cargo fills a share of each pair's imbalance",
        ),
        Lever(
            "capacity_expansion",
            CapacityParams,
            _capacity_expansion,
            "Challenges: 'Pingxiang Port ... and Boten Port ... operating over their designed "
            "full capacity'; the delayed Dong Dang and Muse ports",
            "daily capacity of a crossing or terminal",
        ),
    )
}


def lever_params(scenario: Any, index: int) -> _Params:
    """The index-th lever's parameters, checked against its record (ScenarioError if bad)."""
    from pydantic import ValidationError

    from landsea.errors import ScenarioError

    use = scenario.levers[index]
    lever = LEVERS.get(use.lever)
    if lever is None:
        import difflib

        close = difflib.get_close_matches(use.lever, list(LEVERS), n=3, cutoff=0.5)
        hint = f"; closest: {', '.join(close)}" if close else f"; choose one of {', '.join(LEVERS)}"
        raise ScenarioError(
            f"{scenario.where('levers', index, 'lever')}: unknown lever {use.lever!r}{hint}"
        )
    try:
        return lever.params.model_validate(dict(use.model_extra or {}))
    except ValidationError as err:
        from landsea.scenarios.messages import relevant_errors

        where, reason, kind = relevant_errors(err)[0]
        if kind == "extra_forbidden":
            known = ", ".join(lever.params.model_fields)
            reason = f"{use.lever} takes no {where[-1]!r}; it takes {known}"
        raise ScenarioError(f"{scenario.where('levers', index, *where)}: {reason}") from None


def check_levers(scenario: Any, sources: Any) -> None:
    """Every lever named in the scenario exists and its parameters are well formed."""
    scenario.attach_sources(sources)
    for index in range(len(scenario.levers)):
        lever_params(scenario, index)
