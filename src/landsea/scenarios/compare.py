"""Scenarios side by side and against a baseline: the tables a planner reads.

Every KPI row names its unit. Differences are scenario minus baseline (negative time, cost,
CO2 and dwell are gains). The main pairs are the baseline's largest by TEU a year.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from landsea.scenarios.runner import ScenarioResult

MAIN_PAIRS = 8
TOTALS: tuple[tuple[str, str, str], ...] = (
    ("total_logistics_cost_usd_per_year", "total logistics cost", "USD/yr"),
    ("charges_usd_per_year", "charges (transport, handling, fees)", "USD/yr"),
    ("time_cost_usd_per_year", "time cost of the goods", "USD/yr"),
    ("carbon_charge_usd_per_year", "carbon charge", "USD/yr"),
    ("empty_repositioning_usd_per_year", "empty repositioning", "USD/yr"),
    ("co2_t_per_year", "CO2", "t/yr"),
    ("teu_per_year", "loaded TEU", "TEU/yr"),
    ("teu_km_per_year", "TEU-km", "TEU-km/yr"),
    ("empty_backhaul_share", "empty-backhaul share", "empty TEU / loaded TEU"),
)
PAIR_KPIS: tuple[tuple[str, str, str], ...] = (
    ("time_h", "door-to-door time", "h"),
    ("time_p90_h", "P90 time", "h"),
    ("cost_usd_per_teu", "cost", "USD/TEU"),
    ("co2_kg_per_teu", "CO2", "kg CO2/TEU"),
)
CROSSING_KPIS: tuple[tuple[str, str, str], ...] = (
    ("trips_per_day", "trips", "units/day"),
    ("utilisation_designed", "trips over designed capacity", "share"),
    ("utilisation_observed", "trips over observed capacity", "share"),
    ("dwell_p50_h", "dwell P50", "h"),
    ("dwell_p90_h", "dwell P90", "h"),
    ("dwell_p99_h", "dwell P99", "h"),
    ("backlog_mean", "backlog", "units waiting at closing"),
)


@dataclass(frozen=True)
class Comparison:
    """Long tables: one row per (KPI, scenario) with the baseline's value and the difference."""

    baseline: str
    scenarios: tuple[str, ...]
    titles: dict[str, str]
    totals: pd.DataFrame  # kpi, label, unit, scenario, value, baseline, difference, relative
    pairs: pd.DataFrame  # origin..., kpi, unit, scenario, value, baseline, difference
    modes: pd.DataFrame  # mode, scenario, share_teu, share_teu_km, differences
    crossings: pd.DataFrame  # crossing_id, name, kpi, unit, scenario, value, baseline, ...
    loop: pd.DataFrame  # scenario, iterations, delay_residual, flow_residual, seconds
    network: pd.DataFrame = field(default_factory=pd.DataFrame)  # mode, country, kpi, ...
    gateways: pd.DataFrame = field(default_factory=pd.DataFrame)  # place_id, name, scenario, ...

    def to_dict(self) -> dict[str, Any]:
        def records(frame: pd.DataFrame) -> list[dict[str, Any]]:
            clean = frame.astype(object).where(frame.notna(), None)
            return clean.to_dict("records")  # type: ignore[return-value]

        return {
            "baseline": self.baseline,
            "scenarios": list(self.scenarios),
            "titles": self.titles,
            "totals": records(self.totals),
            "pairs": records(self.pairs),
            "modes": records(self.modes),
            "crossings": records(self.crossings),
            "loop": records(self.loop),
            "network_totals": records(self.network),
            "gateways": records(self.gateways),
        }


def _against(frame: pd.DataFrame, keys: list[str], baseline: str) -> pd.DataFrame:
    base = frame[frame["scenario"] == baseline][[*keys, "value"]].rename(
        columns={"value": "baseline"}
    )
    out = frame.merge(base, on=keys, how="left")
    out["difference"] = out["value"] - out["baseline"]
    denominator = out["baseline"].where(out["baseline"].abs() > 1e-12)
    out["relative"] = out["difference"] / denominator
    return out


def compare(results: list[ScenarioResult], baseline: str | None = None) -> Comparison:
    """Compare results; `baseline` names one of them (default: the first)."""
    names = [r.name for r in results]
    base_name = baseline or names[0]
    if base_name not in names:
        from landsea.errors import ScenarioError

        raise ScenarioError(f"baseline {base_name!r} is not among {', '.join(names)}")
    base = results[names.index(base_name)]
    totals = pd.DataFrame(
        [
            {"kpi": key, "label": label, "unit": unit, "scenario": r.name, "value": r.totals[key]}
            for r in results
            for key, label, unit in TOTALS
        ]
    )
    main = base.od.sort_values("teu_per_year", ascending=False).head(MAIN_PAIRS)
    wanted = set(zip(main["origin"], main["destination"], strict=True))
    pair_rows = []
    for r in results:
        for row in r.od.itertuples(index=False):
            if (row.origin, row.destination) not in wanted:
                continue
            for kpi, label, unit in PAIR_KPIS:
                pair_rows.append(
                    {
                        "origin": row.origin,
                        "destination": row.destination,
                        "pair": f"{row.origin_name} - {row.destination_name}",
                        "kpi": kpi,
                        "label": label,
                        "unit": unit,
                        "scenario": r.name,
                        "value": getattr(row, kpi),
                    }
                )
    modes = pd.concat([r.modes.assign(scenario=r.name) for r in results], ignore_index=True)
    mode_long = modes.melt(
        id_vars=["mode", "scenario"],
        value_vars=["share_teu", "share_teu_km"],
        var_name="kpi",
        value_name="value",
    )
    crossing_rows = []
    busy = set(base.crossings.loc[base.crossings["trips_per_day"] > 0.05, "crossing_id"])
    for r in results:
        busy |= set(r.crossings.loc[r.crossings["trips_per_day"] > 0.05, "crossing_id"])
    for r in results:
        for row in r.crossings.itertuples(index=False):
            if row.crossing_id not in busy:
                continue
            for kpi, label, unit in CROSSING_KPIS:
                crossing_rows.append(
                    {
                        "crossing_id": row.crossing_id,
                        "name": row.name,
                        "regime": row.regime,
                        "kpi": kpi,
                        "label": label,
                        "unit": unit,
                        "scenario": r.name,
                        "value": getattr(row, kpi),
                    }
                )
    loop = pd.DataFrame(
        [
            {
                "scenario": r.name,
                "iterations": r.iterations,
                "delay_residual": r.delay_residual,
                "flow_residual": r.flow_residual,
                "seconds": r.seconds,
                "cached": r.cached,
            }
            for r in results
        ]
    )
    return Comparison(
        baseline=base_name,
        scenarios=tuple(names),
        titles={r.name: r.title for r in results},
        totals=_against(totals, ["kpi"], base_name),
        pairs=_against(pd.DataFrame(pair_rows), ["origin", "destination", "kpi"], base_name),
        modes=_against(mode_long, ["mode", "kpi"], base_name),
        crossings=_against(pd.DataFrame(crossing_rows), ["crossing_id", "kpi"], base_name),
        loop=loop,
        network=_network(results, base_name),
        gateways=_gateways(results, base_name),
    )


def _gateways(results: list[ScenarioResult], baseline: str) -> pd.DataFrame:
    """TEU a year per seaport, long, against the baseline; ports idle in every scenario go."""
    frames = [r.gateways.assign(scenario=r.name) for r in results if not r.gateways.empty]
    if not frames:
        return pd.DataFrame()
    long = pd.concat(frames, ignore_index=True).rename(columns={"teu_per_year": "value"})
    busy = long.groupby("place_id")["value"].transform("max") > 0.5
    return _against(long[busy], ["place_id"], baseline)


NETWORK_KPIS: tuple[tuple[str, str], ...] = (
    ("teu_km_per_year", "TEU-km/yr"),
    ("vehicle_km_per_year", "vehicle-km/yr"),
    ("charges_usd_per_year", "USD/yr"),
    ("co2_t_per_year", "t/yr"),
)


def _network(results: list[ScenarioResult], baseline: str) -> pd.DataFrame:
    """Network totals by mode and country (`totals.network_totals`), long, against the base;
    a mode and country a scenario does not use counts 0 there."""
    frames = [r.network.assign(scenario=r.name) for r in results if not r.network.empty]
    if not frames:
        return pd.DataFrame()
    wide = pd.concat(frames, ignore_index=True)
    long = wide.melt(
        id_vars=["mode", "country", "scenario"],
        value_vars=[k for k, _ in NETWORK_KPIS],
        var_name="kpi",
        value_name="value",
    )
    full = pd.MultiIndex.from_product(
        [
            sorted(set(long["mode"])),
            sorted(set(long["country"])),
            [r.name for r in results],
            [k for k, _ in NETWORK_KPIS],
        ],
        names=["mode", "country", "scenario", "kpi"],
    )
    used = set(zip(wide["mode"], wide["country"], strict=True))
    long = long.set_index(["mode", "country", "scenario", "kpi"]).reindex(full, fill_value=0.0)
    long = long.reset_index()
    long = long[[(m, c) in used for m, c in zip(long["mode"], long["country"], strict=True)]]
    long["unit"] = long["kpi"].map(dict(NETWORK_KPIS))
    return _against(long, ["mode", "country", "kpi"], baseline)
