"""How the baseline demand is made from the paper's trade figures, step by step.

Every figure is a named constant with its source (`source:`) or how it was estimated
(`estimate:`); docs/assignment.md walks through the chain with the numbers. `derive_baseline()`
recomputes the shipped `baseline.csv`, and a test holds the two equal.

Chain, per block of trade: value (US$/yr) -> partner country (partner split) -> direction
(export share) -> commodity (value mix by direction) -> TEU/yr (value per TEU of the commodity,
from the corridor parameters) -> share that moves on the modelled network. Places stand for
regions: Nanning for Guangxi (and as the land gateway of the rest of China), Kunming for
Yunnan, Chongqing for the other western provinces, Nanpeng for Chongqing's ILSTC trade; a
partner country's value is split among the places that stand for its regions (`PARTNER_REGIONS`:
northern Laos and northern Thailand on the R3A road, northern Shan State behind Muse), and
China's imports from Laos and Myanmar, farm produce and minerals, have a mix of their own
(`IMPORT_MIX_BY_PARTNER`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd

CNY_PER_USD_2019 = 6.908  # source: PBoC / IMF average 2019 rate (about 6.91 yuan per US$)


@dataclass(frozen=True)
class TradeBlock:
    name: str
    place: str  # the Chinese end
    year: int
    value_usd: float
    value_source: str
    partners: Mapping[str, float]  # country -> share of value
    export_share: float  # China's exports / (exports + imports), by value
    network_share: float  # share of the TEU that moves on the modelled corridor network


#: The places that stand for a partner country's regions, each with its share of the country's
#: trade with China (by value, the same for every block). The first place is the country's main
#: zone; the shares are estimates (below), not statistics of the regions' trade.
PARTNER_REGIONS: Mapping[str, Mapping[str, float]] = {
    "VN": {"VNHAN": 1.0},
    # estimate: the upper north (Chiang Rai, Chiang Mai, Lamphun) for 5 % of Thailand's trade
    # with China: its longan and other fruit go to China, and Chiang Rai's cross-border trade
    # (Laos, Myanmar and transit to China) was about THB 100 bn (USD 2.78 bn) in 2023 (Thai MFA
    # via Pattaya Mail 2024-03-19), against China-Thailand trade of over USD 100 bn
    "TH": {"THBKK": 0.95, "THCRI": 0.05},
    # estimate: the northern provinces for 30 % of Laos' trade with China, half on the R3A road
    # (Luang Namtha and Bokeo) and half around Oudomxay (with Phongsaly and Luang Prabang): they
    # grow the bananas (USD 198 m exported in 2019, mainly to China: Xinhua 2021-03-17), maize,
    # sugar cane and rubber that go north by truck (banana plantations in Bokeo, Luang Namtha
    # and Oudomxay: Vientiane Times via Vietstock 2015-05-20, 2015-10-09) and hold the Boten
    # zone; Vientiane and the centre (copper, potash, cassava) the rest
    "LA": {"LAVTE": 0.70, "LALXG": 0.15, "LAODY": 0.15},
    # estimate: northern Shan State (Lashio, behind the Muse 105-mile zone: maize, tea,
    # watermelon, sugar cane) for a fifth of Myanmar's trade with China; Mandalay stands for
    # the rest of the country, whose rice and pulses also go north through Muse
    "MM": {"MMMDL": 0.80, "MMLSH": 0.20},
    "KH": {"KHPNH": 1.0},
    "SG": {"SGSIN": 1.0},
}

CHONGQING_ILSTC_USD = 10.1e9 / CNY_PER_USD_2019  # source: paper p.6 (10.1 bn yuan, 2019)
WEST_USD = 56.55e9  # source: paper p.3 (western provinces with the Mekong countries, 2018)
GUANGXI_USD = 28.05e9  # source: paper p.3 (2018)
YUNNAN_USD = 12.88e9  # source: paper p.3 (2018)
CHINA_MEKONG_2019_USD = 286.16e9  # source: paper p.3 (China with the Mekong countries, 2019)

#: calibration: the share of the rest of China's Mekong trade that goes overland through the
#: Guangxi gateway (Nanning) rather than by sea from eastern ports. Set so the baseline loads the
#: Youyiguan (Pingxiang) road crossing with 1,200-1,500 vehicle trips a day (paper fn 37);
#: docs/assignment.md shows the calibration run.
REST_OF_CHINA_OVERLAND_SHARE = 0.26

BLOCKS: tuple[TradeBlock, ...] = (
    TradeBlock(
        "guangxi",
        "CNNIN",
        2018,
        GUANGXI_USD,
        "source: paper p.3",
        # estimate: Vietnam is Guangxi's largest partner (paper p.3); the rest is judgement
        {"VN": 0.85, "TH": 0.10, "LA": 0.01, "MM": 0.01, "KH": 0.03},
        export_share=0.60,  # estimate: China's surplus with the Mekong countries
        network_share=0.80,  # estimate: the rest by sea through eastern ports, air, pipelines
    ),
    TradeBlock(
        "yunnan",
        "CNKNM",
        2018,
        YUNNAN_USD,
        "source: paper p.3",
        # estimate: Myanmar and Vietnam are Yunnan's top two partners (paper p.3)
        {"MM": 0.45, "VN": 0.30, "TH": 0.13, "LA": 0.10, "KH": 0.02},
        export_share=0.55,  # estimate: Yunnan imports much Myanmar produce and minerals
        network_share=0.80,  # estimate
    ),
    TradeBlock(
        "other_west",
        "CNCKG",
        2018,
        WEST_USD - GUANGXI_USD - YUNNAN_USD - CHONGQING_ILSTC_USD,
        "estimate: the paper's US$56.55 bn less Guangxi, Yunnan and Chongqing's ILSTC goods "
        "(2019 figure, so the years mix)",
        {"VN": 0.40, "TH": 0.35, "MM": 0.10, "LA": 0.05, "KH": 0.10},  # estimate
        export_share=0.60,  # estimate
        network_share=0.80,  # estimate
    ),
    TradeBlock(
        "chongqing_ilstc",
        "CNNPB",
        2019,
        CHONGQING_ILSTC_USD,
        "source: paper p.6 (10.1 bn yuan)",
        # estimate: the paper's five lines from Nanpeng, plus Singapore by the rail-sea line
        {"VN": 0.35, "TH": 0.25, "SG": 0.15, "LA": 0.10, "MM": 0.10, "KH": 0.05},
        # calibration: 1,353 shuttles out and 107 back by July 2019 (paper fn 36); this share
        # reproduces the ratio in the baseline (docs/assignment.md, "Backhaul"). Calibrated,
        # so the backhaul report reproduces the paper by construction, not by prediction.
        export_share=0.96,
        network_share=1.0,  # these are the corridor's own goods
    ),
    TradeBlock(
        "rest_of_china",
        "CNNIN",
        2019,
        CHINA_MEKONG_2019_USD - WEST_USD,
        "estimate: the paper's 2019 China-Mekong US$286.16 bn less the western provinces' "
        "2018 US$56.55 bn",
        # estimate: 2019 national shares as commonly cited from China customs (Vietnam about
        # 162, Thailand 92, Myanmar 19, Cambodia 9, Laos 4 bn US$), not verified in session
        {"VN": 0.57, "TH": 0.32, "MM": 0.065, "KH": 0.03, "LA": 0.015},
        export_share=0.60,  # estimate
        network_share=REST_OF_CHINA_OVERLAND_SHARE,
    ),
)

#: Value mix by commodity for each direction. estimate: exports led by electronics and
#: machinery, imports by farm produce (fruit), electronics parts and raw materials.
COMMODITY_MIX: Mapping[str, Mapping[str, float]] = {
    "export": {
        "electronics": 0.35,
        "machinery": 0.30,
        "plastics_chemicals": 0.20,
        "fuels_bulk": 0.10,
        "agri_perishable": 0.05,
    },
    "import": {
        "agri_perishable": 0.40,
        "electronics": 0.25,
        "fuels_bulk": 0.15,
        "machinery": 0.10,
        "plastics_chemicals": 0.10,
    },
}


#: China's imports from Laos and Myanmar by commodity, where they differ from the common import
#: mix: their exports to China are farm produce and minerals, not parts and machinery. Rice,
#: pulses, maize, sesame, sugar, cassava, rubber, copper and potash are dry bulk at about
#: USD 0.6 a kg and 20 t a TEU: the value and weight of the `fuels_bulk` class (parameters.toml),
#: so they go in it; fruit, vegetables and fish in `agri_perishable`.
IMPORT_MIX_BY_PARTNER: Mapping[str, Mapping[str, float]] = {
    # estimate from the goods named: "rice, beans and pulses, sesame, maize, rubber and marine
    # products" (Myanmar Ministry of Commerce via MDN, FY2019-20: Muse USD 3.5 bn of exports
    # against 1.5 bn of imports); "rice, peas, sesame, corn, vegetables and fruits, tea, fishery
    # products, rubber, minerals" (GNLM); watermelon and muskmelon (Myanmar Digital News
    # 2020-03-25)
    "MM": {"fuels_bulk": 0.65, "agri_perishable": 0.30, "plastics_chemicals": 0.05},
    # estimate from the goods named: bananas first among farm exports, then cassava, maize,
    # rubber, watermelon (Xinhua 2021-03-17: farm exports USD 943 m in 2020, 80 % to China);
    # cassava 1.9 Mt of 3.0 Mt of plant exports in Q1 2023 (VNA 2023-05-10); copper and potash
    "LA": {"fuels_bulk": 0.65, "agri_perishable": 0.30, "plastics_chemicals": 0.05},
}


def commodity_mix(direction: str, country: str) -> Mapping[str, float]:
    """The value mix of a direction of trade with `country` (China's export or import)."""
    if direction == "import" and country in IMPORT_MIX_BY_PARTNER:
        return IMPORT_MIX_BY_PARTNER[country]
    return COMMODITY_MIX[direction]


def derive_baseline(value_usd_per_teu: Mapping[str, float]) -> pd.DataFrame:
    """Baseline demand: origin, destination, commodity, teu_per_year, year, source.

    Blocks that share a place and partner add up in one row per (origin, destination,
    commodity); `source` names the blocks.
    """
    rows = []
    for block in BLOCKS:
        for country, partner_share in block.partners.items():
            for partner, region_share in PARTNER_REGIONS[country].items():
                for direction, share in (
                    ("export", block.export_share),
                    ("import", 1.0 - block.export_share),
                ):
                    ends = (block.place, partner)
                    ends = ends if direction == "export" else (partner, block.place)
                    for commodity, mix in commodity_mix(direction, country).items():
                        value = block.value_usd * partner_share * region_share * share * mix
                        teu = value / value_usd_per_teu[commodity] * block.network_share
                        rows.append((*ends, commodity, teu, block.year, block.name))
    table = pd.DataFrame(
        rows, columns=["origin", "destination", "commodity", "teu_per_year", "year", "source"]
    )
    keys = ["origin", "destination", "commodity"]
    merged = table.groupby(keys, as_index=False, sort=True).agg(
        teu_per_year=("teu_per_year", "sum"),
        year=("year", "max"),
        source=("source", lambda names: "derivation: " + "+".join(sorted(set(names)))),
    )
    merged["teu_per_year"] = merged["teu_per_year"].round(1)
    return merged
