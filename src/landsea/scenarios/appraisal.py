"""Cost-benefit appraisal of a project scenario against its baseline: the economics.

Benefits a year come from two model runs (`runner.ScenarioResult`, the project and the
baseline, same seed), per commodity and origin-destination pair, by the rule of half
((T0 + T1) / 2 x the saving per TEU, so traffic a project attracts counts half):

- time savings: value of time of the commodity (USD/TEU-h) x hours saved door to door, less
  the border dwell savings (shown apart): dwell TEU-hours at the crossings (simulated), valued
  at the corridor's mean value of time;
- vehicle operating cost savings: the charges per TEU (transport, handling, crossing fees);
- empty repositioning savings: the baseline's cost of moving empties less the project's;
- reliability: the buffer time (P90 less mean door-to-door time) saved, valued at the value of
  time x the reliability ratio per buffer hour;
- CO2: tonnes saved, valued each year at the carbon price of that year.

The horizon (`appraisal_spec.Project`) spreads the capital cost over the construction years;
benefits start at opening, ramp up linearly from half over `ramp_up_years`, and grow with
demand for `growth_years` after the model year. Each year is discounted to the first year
of construction. Docs: docs/appraisal.md (method, defaults and their sources).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy import optimize

from landsea.errors import ScenarioError
from landsea.scenarios.appraisal_measures import dwell_teu_hours, measures_of

__all__ = ["dwell_teu_hours", "measures_of"]  # re-exported: what a run gives an appraisal

# ---- defaults and their sources (docs/appraisal.md says more) -------------------------------
DISCOUNT_RATE = 0.09  # ADB (2017) Guidelines for the Economic Analysis of Projects: 9 % EOCC
DISCOUNT_RATES: dict[str, tuple[float, str]] = {
    "adb": (0.09, "ADB 2017 Guidelines for the Economic Analysis of Projects: 9 % EOCC"),
    "adb-social": (0.06, "ADB 2017: 6 % for social sectors and environmental projects"),
    "world-bank": (0.06, "World Bank 2016 technical note on discounting: 6 %"),
    "china": (0.08, "NDRC & MOHURD 2006, Methods and Parameters (3rd ed.): 8 % social rate"),
}
DISCOUNT_RANGE = (0.0, 0.30)  # outside this a rate is a typo (0.09 written as 9), not a choice
# ADB (2017) guidelines: USD 36.30 a tonne of CO2e in 2016, rising 2 % a year in real terms.
CARBON_PRICE_2016 = 36.30
CARBON_GROWTH = 0.02
# de Jong et al. (2009, EJTIR 9(2)): freight reliability ratio 1.24 (value of an hour of
# standard deviation over an hour of mean time). P90 - mean = 1.2816 sd for a normal time,
# so an hour of P90 buffer is worth 1.24 / 1.2816 = 0.97 hours of time.
RELIABILITY_RATIO = 1.24 / 1.2816
GROWTH_YEARS = 20  # estimate: demand growth stops 20 years after the model year
RAMP_START = 0.5  # estimate: benefits in the first year of operation, as a share of full

COMPONENTS: tuple[tuple[str, str], ...] = (
    ("time", "time savings (in motion, transfers)"),
    ("dwell", "border dwell savings"),
    ("charges", "vehicle operating cost savings (charges)"),
    ("empties", "empty repositioning savings"),
    ("reliability", "reliability (P90 buffer) savings"),
    ("co2", "CO2 savings at the carbon price"),
)
UNITS = "USD (constant prices)"


@dataclass(frozen=True)
class Parameters:
    """What an appraisal is valued with; the defaults are sourced (module constants)."""

    discount_rate: float = DISCOUNT_RATE
    carbon_price_usd_per_t: float | None = None  # None: the ADB shadow price path
    reliability_ratio: float = RELIABILITY_RATIO
    growth_years: int = GROWTH_YEARS
    ramp_start: float = RAMP_START

    def __post_init__(self) -> None:
        low, high = DISCOUNT_RANGE
        if not low <= self.discount_rate <= high:
            raise ScenarioError(
                f"--discount-rate: {self.discount_rate:g} is outside {low:g}-{high:g} "
                "(a share: 0.09 for 9 %)"
            )
        if self.carbon_price_usd_per_t is not None and self.carbon_price_usd_per_t < 0:
            raise ScenarioError(
                f"--carbon-price: cannot be negative, got {self.carbon_price_usd_per_t:g}"
            )

    def carbon_price(self, years: np.ndarray) -> np.ndarray:
        if self.carbon_price_usd_per_t is not None:
            return np.full(years.shape, self.carbon_price_usd_per_t, dtype=np.float64)
        return CARBON_PRICE_2016 * (1 + CARBON_GROWTH) ** (years - 2016)


def _flows(measures: Mapping[str, float]) -> pd.DataFrame:
    rows: dict[tuple[str, str, str], dict[str, float]] = {}
    for key, value in measures.items():
        if key.startswith("f/"):
            _, c, o, d, column = key.split("/")
            rows.setdefault((c, o, d), {})[column] = value
    frame = pd.DataFrame.from_dict(rows, orient="index")
    frame.index.names = ["commodity", "origin", "destination"]
    return frame


def annual_benefits(
    base: Mapping[str, float], project: Mapping[str, float], reliability_ratio: float
) -> dict[str, float]:
    """Benefits a year at the model year (USD; CO2 in tonnes as `co2_t`), and the time
    savings by commodity (`time_usd.<commodity>`). Positive is a gain."""
    b, p = _flows(base), _flows(project)
    both = b.add_suffix("_0").join(p.add_suffix("_1"), how="inner")
    teu = (both["teu_per_year_0"] + both["teu_per_year_1"]) / 2
    vot = both["vot_usd_per_h_0"]
    time = teu * vot * (both["time_h_0"] - both["time_h_1"])
    buffer_0 = both["time_p90_h_0"] - both["time_h_0"]
    buffer_1 = both["time_p90_h_1"] - both["time_h_1"]
    hours = float((b["teu_per_year"] * b["time_h"]).sum())
    mean_vot = float((b["teu_per_year"] * b["time_h"] * b["vot_usd_per_h"]).sum()) / hours
    dwell = (base["dwell_teu_h_per_year"] - project["dwell_teu_h_per_year"]) * mean_vot
    out = {
        "time": float(time.sum()) - dwell,
        "dwell": dwell,
        "charges": float((teu * (both["cost_usd_per_teu_0"] - both["cost_usd_per_teu_1"])).sum()),
        "empties": base["empties_usd_per_year"] - project["empties_usd_per_year"],
        "reliability": float((teu * vot * reliability_ratio * (buffer_0 - buffer_1)).sum()),
        "co2_t": float((teu * (both["co2_kg_per_teu_0"] - both["co2_kg_per_teu_1"])).sum()) / 1e3,
    }
    by_commodity = time.groupby(level="commodity").sum()
    out.update({f"time_usd.{c}": float(v) for c, v in by_commodity.items()})
    return out


# ---- the horizon: cash flows by year ---------------------------------------------------------
@dataclass(frozen=True)
class Horizon:
    """Years and timing of one project (from its `[project]` table and the model year)."""

    start_year: int
    construction_years: int
    horizon_years: int
    ramp_up_years: int
    life_years: int | None
    model_year: int

    @property
    def years(self) -> np.ndarray:
        return np.arange(self.start_year, self.start_year + self.horizon_years)

    @property
    def opening_year(self) -> int:
        return self.start_year + self.construction_years

    def ramp(self, ramp_start: float) -> np.ndarray:
        """Share of the full benefit each year: 0 in construction, then a linear ramp."""
        since = self.years - self.opening_year
        if self.ramp_up_years == 0:
            return (since >= 0).astype(np.float64)
        share = ramp_start + (1 - ramp_start) * np.clip(since / self.ramp_up_years, 0, 1)
        return np.where(since >= 0, share, 0.0)

    def growth(self, rate: np.ndarray, growth_years: int) -> np.ndarray:
        """Demand relative to the model year, [samples, years]: `rate` a year, capped."""
        span = np.minimum(self.years, self.model_year + growth_years) - self.model_year
        return (1 + np.asarray(rate, dtype=np.float64)[:, None]) ** span[None, :]

    def residual_share(self) -> float:
        """Share of the capital cost left at the end of the horizon (straight line over the
        asset life; none without a life)."""
        if self.life_years is None:
            return 0.0
        used = self.horizon_years - self.construction_years
        return max(0.0, 1 - used / self.life_years)


@dataclass(frozen=True)
class Draws:
    """Samples (or one central value) of everything an appraisal varies, as arrays [n]."""

    capex_usd: np.ndarray
    opex_usd_per_year: np.ndarray
    growth: np.ndarray
    annual: dict[str, np.ndarray]  # component -> USD a year at the model year (co2_t in t)


@dataclass(frozen=True)
class Flows:
    """Cash flows by sample and year (USD, undiscounted), per benefit component."""

    years: np.ndarray
    capex: np.ndarray  # [n, years]
    opex: np.ndarray
    residual: np.ndarray
    benefits: dict[str, np.ndarray] = field(default_factory=dict)

    @property
    def total_benefits(self) -> np.ndarray:
        return sum(self.benefits.values(), np.zeros_like(self.capex)) + self.residual

    @property
    def net(self) -> np.ndarray:
        return self.total_benefits - self.capex - self.opex


def cash_flows(horizon: Horizon, draws: Draws, params: Parameters) -> Flows:
    """Every year of the horizon for every sample: costs, residual value and benefits."""
    years = horizon.years
    n = draws.capex_usd.shape[0]
    building = (years < horizon.opening_year).astype(np.float64)
    operating = 1.0 - building
    capex = draws.capex_usd[:, None] * building[None, :] / horizon.construction_years
    opex = draws.opex_usd_per_year[:, None] * operating[None, :]
    residual = np.zeros((n, years.size))
    residual[:, -1] = draws.capex_usd * horizon.residual_share()
    scale = horizon.ramp(params.ramp_start)[None, :] * horizon.growth(
        draws.growth, params.growth_years
    )
    benefits = {}
    for name, _ in COMPONENTS:
        if name == "co2":
            value = draws.annual["co2_t"][:, None] * params.carbon_price(years)[None, :]
        else:
            value = draws.annual[name][:, None] * np.ones(years.size)[None, :]
        benefits[name] = value * scale
    return Flows(years, capex, opex, residual, benefits)


# ---- the figures -------------------------------------------------------------------------
def discount_factors(years: np.ndarray, rate: float) -> np.ndarray:
    return (1 + rate) ** -(years - years[0]).astype(np.float64)


def npv(net: np.ndarray, years: np.ndarray, rate: float) -> np.ndarray:
    """Net present value at the first year of the horizon, per sample (rows)."""
    return np.atleast_2d(net) @ discount_factors(years, rate)


def eirr(net_row: np.ndarray, years: np.ndarray) -> float:
    """The discount rate that brings NPV to 0 (scipy's brentq); nan when none lies in
    -90 %..1,000 % (net flows that never change sign)."""

    def value(rate: float) -> float:
        return float(npv(net_row, years, rate)[0])

    low, high = -0.9, 10.0
    if value(low) * value(high) > 0:
        return float("nan")
    return float(optimize.brentq(value, low, high, xtol=1e-7))


@dataclass(frozen=True)
class Figures:
    """NPV, BCR, EIRR and first-year return per sample, present values per component."""

    npv_usd: np.ndarray
    bcr: np.ndarray
    eirr: np.ndarray
    first_year_return: np.ndarray
    pv_capex_usd: np.ndarray
    pv_opex_usd: np.ndarray
    pv_benefits_usd: dict[str, np.ndarray]  # per component, and "residual"


def figures(flows: Flows, params: Parameters, opening_year: int) -> Figures:
    factors = discount_factors(flows.years, params.discount_rate)
    pv_capex = flows.capex @ factors
    pv_opex = flows.opex @ factors
    pv_benefits = {name: value @ factors for name, value in flows.benefits.items()}
    pv_benefits["residual"] = flows.residual @ factors
    total = sum(pv_benefits.values(), np.zeros_like(pv_capex))
    costs = pv_capex + pv_opex
    with np.errstate(divide="ignore", invalid="ignore"):
        bcr = np.where(costs > 0, total / costs, np.nan)
    first = int(np.searchsorted(flows.years, opening_year))
    capex_total = flows.capex.sum(axis=1)
    opening_net = flows.total_benefits[:, first] - flows.opex[:, first]
    with np.errstate(divide="ignore", invalid="ignore"):
        first_year = np.where(capex_total > 0, opening_net / capex_total, np.nan)
    rates = np.array([eirr(row, flows.years) for row in flows.net])
    return Figures(total - costs, bcr, rates, first_year, pv_capex, pv_opex, pv_benefits)


def switching_values(central: Figures) -> list[dict[str, object]]:
    """For the central case: the change of each item, as a share of its present value, that
    brings NPV to 0 (capital and operating costs up, benefits down; nan when the item is 0)."""
    npv_value = float(central.npv_usd[0])
    items: list[tuple[str, str, float, float]] = [
        ("capex", "capital cost", float(central.pv_capex_usd[0]), 1.0),
        ("opex", "operating cost", float(central.pv_opex_usd[0]), 1.0),
    ]
    benefits = sum(float(v[0]) for v in central.pv_benefits_usd.values())
    items.append(("benefits", "all benefits", benefits, -1.0))
    labels = dict(COMPONENTS)
    for name, present in central.pv_benefits_usd.items():
        if name in labels:
            items.append((name, labels[name], float(present[0]), -1.0))
    out: list[dict[str, object]] = []
    for key, label, pv, sign in items:
        change = sign * npv_value / pv if abs(pv) > 1e-9 else float("nan")
        out.append({"item": key, "label": label, "pv_usd": pv, "switching_change": change})
    return out
