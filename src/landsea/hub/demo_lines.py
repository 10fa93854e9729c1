"""What the demo hub holds: its organisations and the consignments it moves along the paper's lines.

Every party, good and value here is illustrative (estimate: invented for the demo, not observed);
the itineraries are the corridor network's own, checked by the hub like any operator's legs, and
their times come from the network (see `landsea.hub.demo`).
"""

from __future__ import annotations

from dataclasses import dataclass

from landsea.hub.auth import Role


@dataclass(frozen=True)
class DemoParty:
    """An organisation of the demo hub; `key` names its token in `DemoTokens`."""

    key: str
    name: str
    role: Role
    country: str | None = None


OPERATOR = DemoParty("operator", "Chongqing Land-Sea Logistics (demo)", Role.OPERATOR, "CN")
CARRIERS = (
    DemoParty("carrier_rail", "China Railway Container Transport (demo)", Role.CARRIER, "CN"),
    DemoParty("carrier_metre_rail", "State Railway of Thailand Freight (demo)", Role.CARRIER, "TH"),
    DemoParty("carrier_road", "Chongqing Highway Logistics (demo)", Role.CARRIER, "CN"),
    DemoParty("carrier_road_asean", "Mekong Trucking (demo)", Role.CARRIER, "VN"),
    DemoParty("carrier_sea", "Beibu Gulf Shipping (demo)", Role.CARRIER, "CN"),
    DemoParty("carrier_river", "Lancang-Mekong River Shipping (demo)", Role.CARRIER, "CN"),
)
AUTHORITIES = (
    DemoParty(
        "authority_CN", "General Administration of Customs, China (demo)", Role.AUTHORITY, "CN"
    ),
    DemoParty("authority_VN", "General Department of Vietnam Customs (demo)", Role.AUTHORITY, "VN"),
    DemoParty("authority_LA", "Lao Customs Department (demo)", Role.AUTHORITY, "LA"),
    DemoParty("authority_TH", "Thai Customs Department (demo)", Role.AUTHORITY, "TH"),
    DemoParty("authority_MM", "Myanmar Customs Department (demo)", Role.AUTHORITY, "MM"),
    DemoParty(
        "authority_KH",
        "General Department of Customs and Excise, Cambodia (demo)",
        Role.AUTHORITY,
        "KH",
    ),
    DemoParty("authority_SG", "Singapore Customs (demo)", Role.AUTHORITY, "SG"),
)
PUBLIC = DemoParty("public", "Corridor Observatory (demo)", Role.PUBLIC)
PARTIES = (OPERATOR, *CARRIERS, *AUTHORITIES, PUBLIC)


@dataclass(frozen=True)
class DemoLeg:
    """A leg of a demo line: mode, ends (UN/LOCODE) and the key of the carrier that moves it."""

    mode: str
    from_place: str
    to_place: str
    carrier: str


@dataclass(frozen=True)
class DemoGoods:
    """The goods of every consignment on a line (the value grows a little per consignment)."""

    hs_code: str
    description: str
    packages: int
    gross_mass_kg: float
    value_usd: float


@dataclass(frozen=True)
class DemoLine:
    """Consignments of one kind moving along one of the paper's lines.

    `declare`: the crossings the operator declares before arrival. `owner`: the ISO 6346 owner
    code (three letters and U) of the line's containers.
    """

    key: str
    origin: str
    destination: str
    commodity: str
    legs: tuple[DemoLeg, ...]
    goods: DemoGoods
    consignor: tuple[str, str]
    consignee: tuple[str, str]
    declare: tuple[str, ...]
    owner: str
    incoterm: str = "CPT"


# The Middle Line by rail (paper fn 8): Chongqing to Bangkok on the China-Laos Railway through
# Mohan/Boten, the gauge changed at Vientiane South, on to Bangkok by metre-gauge rail.
CLR = DemoLine(
    key="CLR",
    origin="CNCKG",
    destination="THBKK",
    commodity="electronics",
    legs=(
        DemoLeg("road", "CNCKG", "CNSPB", "carrier_road"),
        DemoLeg("rail_1435", "CNSPB", "LAVTS", "carrier_rail"),
        DemoLeg("rail_1000", "LAVTS", "THBKK", "carrier_metre_rail"),
    ),
    goods=DemoGoods("847130", "laptop computers", 400, 9_600.0, 480_000.0),
    consignor=("Chongqing Electronics Co. (demo)", "CN"),
    consignee=("Bangkok Retail Ltd (demo)", "TH"),
    declare=("MOHAN_BOTEN_RAIL", "THANALENG_NONGKHAI_RAIL"),
    owner="CRCU",
)
# Chongqing to Hanoi by road through Pingxiang (Youyiguan) and Dong Dang, a Vietnamese truck
# taking over at the border.
PINGXIANG = DemoLine(
    key="PXG",
    origin="CNNPB",
    destination="VNHAN",
    commodity="machinery",
    legs=(
        DemoLeg("road", "CNNPB", "CNYYG", "carrier_road"),
        DemoLeg("road", "CNYYG", "VNHAN", "carrier_road_asean"),
    ),
    goods=DemoGoods("870899", "motor vehicle parts", 220, 14_500.0, 260_000.0),
    consignor=("Chongqing Auto Parts Co. (demo)", "CN"),
    consignee=("Hanoi Motor Assembly JSC (demo)", "VN"),
    declare=("YOUYIGUAN_HUUNGHI_ROAD",),
    owner="CHLU",
)
# The Second Eastern Line (paper fn 7): the rail-sea train to Qinzhou, then by sea to Singapore.
RAIL_SEA = DemoLine(
    key="RSE",
    origin="CNSPB",
    destination="SGSIN",
    commodity="plastics_chemicals",
    legs=(
        DemoLeg("rail_1435", "CNSPB", "CNQZH", "carrier_rail"),
        DemoLeg("sea", "CNQZH", "SGSIN", "carrier_sea"),
    ),
    goods=DemoGoods("390120", "polyethylene granules", 800, 20_000.0, 31_000.0),
    consignor=("Chongqing Chemical Materials Co. (demo)", "CN"),
    consignee=("Jurong Trading Pte Ltd (demo)", "SG"),
    declare=(),
    owner="BGSU",
    incoterm="FOB",
)
# The Lancang-Mekong international channel: Kunming by road to Jinghong, by river through
# Guanlei to Chiang Saen, by road to Bangkok.
MEKONG = DemoLine(
    key="MEK",
    origin="CNKNM",
    destination="THBKK",
    commodity="agri_perishable",
    legs=(
        DemoLeg("road", "CNKNM", "CNJOG", "carrier_road"),
        DemoLeg("river", "CNJOG", "THCHS", "carrier_river"),
        DemoLeg("road", "THCHS", "THBKK", "carrier_road_asean"),
    ),
    goods=DemoGoods("070990", "fresh vegetables", 1_100, 18_000.0, 42_000.0),
    consignor=("Yunnan Highland Produce Co. (demo)", "CN"),
    consignee=("Bangkok Fresh Market Co. (demo)", "TH"),
    declare=("GUANLEI_CHIANGSAEN_RIVER",),
    owner="LMRU",
)
# The Western Line (paper fn 7): Chongqing by road through Ruili and Muse to Yangon.
RUILI = DemoLine(
    key="WST",
    origin="CNNPB",
    destination="MMRGN",
    commodity="machinery",
    legs=(DemoLeg("road", "CNNPB", "MMRGN", "carrier_road_asean"),),
    goods=DemoGoods("871120", "motorcycles", 60, 7_800.0, 96_000.0),
    consignor=("Chongqing Motorcycle Works (demo)", "CN"),
    consignee=("Yangon Motors Ltd (demo)", "MM"),
    declare=("RUILI_MUSE_ROAD",),
    owner="MKTU",
)
# The Eastern Line (paper fn 7): Chongqing by road through Pingxiang, Hanoi and Ho Chi Minh City
# to Phnom Penh, crossing into Cambodia at Moc Bai/Bavet.
EASTERN = DemoLine(
    key="EST",
    origin="CNNPB",
    destination="KHPNH",
    commodity="electronics",
    legs=(
        DemoLeg("road", "CNNPB", "CNYYG", "carrier_road"),
        DemoLeg("road", "CNYYG", "VNHAN", "carrier_road_asean"),
        DemoLeg("road", "VNHAN", "KHPNH", "carrier_road_asean"),
    ),
    goods=DemoGoods("851713", "smartphones", 300, 4_200.0, 390_000.0),
    consignor=("Chongqing Smart Devices Co. (demo)", "CN"),
    consignee=("Phnom Penh Electronics Co. (demo)", "KH"),
    declare=("YOUYIGUAN_HUUNGHI_ROAD", "MOCBAI_BAVET_ROAD"),
    owner="CSDU",
)
LINES = (CLR, PINGXIANG, RAIL_SEA, MEKONG, RUILI, EASTERN)


@dataclass(frozen=True)
class DemoRule:
    """A risk rule an authority of the demo keeps (illustrative)."""

    country: str
    name: str
    channel: str
    hs_prefix: str | None = None
    commodity: str | None = None
    min_value_usd: float | None = None


RULES = (
    DemoRule(
        "LA", "High-value electronics (demo)", "yellow", hs_prefix="8471", min_value_usd=500_000
    ),
    DemoRule(
        "TH", "Fresh produce: phytosanitary check (demo)", "yellow", commodity="agri_perishable"
    ),
    DemoRule("MM", "Motorcycles: valuation and licence check (demo)", "red", hs_prefix="8711"),
    DemoRule("VN", "Vehicle parts: origin check (demo)", "yellow", hs_prefix="8708"),
)
