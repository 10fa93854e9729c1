"""Pictures of crossing runs (matplotlib, Agg): queue over the days, dwell histogram, regimes.

The queue panel shades the hours the gate is shut and draws the expected arrivals per day on a
second axis, so the overnight build-up and the seasonal peak can both be seen.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from landsea.errors import DataError, Location
from landsea.simulation.crossing import CrossingRun
from landsea.simulation.yard_model import YardRun

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

PICTURE_SUFFIXES: tuple[str, ...] = (".png", ".svg", ".pdf")


def check_picture_path(path: Path) -> Path:
    """Refuse, before any work, a picture file matplotlib could not write.

    Raises:
        DataError: an extension other than .png, .svg, .pdf, or a folder that does not exist.
    """
    if path.suffix.lower() not in PICTURE_SUFFIXES:
        raise DataError(
            f"a plot must end in {', '.join(PICTURE_SUFFIXES)}, not {path.suffix or 'nothing'!r}",
            Location(str(path)),
        )
    if path.exists() and path.is_dir():
        raise DataError("is a folder, not a file", Location(str(path)))
    return path


def _save(figure: Figure, path: Path) -> Path:
    import matplotlib.pyplot as plt

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        figure.savefig(path, dpi=110)
    except OSError as failed:
        raise DataError(f"cannot write the plot: {failed.strerror}", Location(str(path))) from None
    finally:
        plt.close(figure)
    return path


def _closed_mask(run: CrossingRun, times_h: np.ndarray) -> np.ndarray:
    hours = run.plan.hours
    if hours.always_open:
        return np.zeros(times_h.shape[0], dtype=bool)
    time_of_day = times_h % 24.0
    if hours.opens_h < hours.closes_h:
        return (time_of_day < hours.opens_h) | (time_of_day >= hours.closes_h)
    return (time_of_day < hours.opens_h) & (time_of_day >= hours.closes_h)


def _queue_panel(axes: Axes, run: CrossingRun) -> None:
    hourly = run.hourly
    days = hourly["time_h"].to_numpy() / 24.0
    closed = _closed_mask(run, hourly["time_h"].to_numpy() - 0.5)
    top = max(1.0, float(hourly["in_system"].max()) * 1.05)
    axes.fill_between(
        days, 0, top, where=closed, step="mid", color="0.88", label="gate shut", linewidth=0
    )
    axes.plot(days, hourly["in_system"], color="tab:blue", lw=0.8, label="trucks at the crossing")
    axes.plot(days, hourly["waiting"], color="tab:red", lw=0.8, label="waiting (not in service)")
    axes.set_ylim(0, top)
    axes.set_xlabel("day of the run")
    axes.set_ylabel("trucks")
    hours = run.plan.hours
    window = "round the clock" if hours.always_open else f"{hours.opens_h:g}h-{hours.closes_h:g}h"
    axes.set_title(f"Queue over the days ({run.plan.regime}; gate {window})")
    twin = axes.twinx()
    daily = run.daily
    twin.step(
        daily["day"] + 0.5,
        daily["arrivals"],
        where="mid",
        color="tab:green",
        lw=1.2,
        label="arrivals per day",
    )
    twin.axhline(
        run.summary.designed_per_day, color="tab:green", ls=":", lw=1, label="designed per day"
    )
    twin.set_ylabel("arrivals per day")
    twin.set_ylim(0, max(float(daily["arrivals"].max()), run.summary.designed_per_day) * 1.6)
    lines = axes.get_legend_handles_labels()
    more = twin.get_legend_handles_labels()
    axes.legend(lines[0] + more[0], lines[1] + more[1], loc="upper left", fontsize=7)


def _histogram_panel(axes: Axes, run: CrossingRun) -> None:
    dwell = run.dwell_h()
    axes.hist(dwell, bins=60, color="tab:blue", alpha=0.8)
    summary = run.summary
    for label, value, style in (
        ("mean", summary.dwell_mean_h, "-"),
        ("P50", summary.dwell_p50_h, "--"),
        ("P90", summary.dwell_p90_h, "-."),
        ("P99", summary.dwell_p99_h, ":"),
    ):
        axes.axvline(value, color="k", ls=style, lw=1, label=f"{label} {value:.1f} h")
    axes.set_xlabel("dwell at the crossing (h)")
    axes.set_ylabel("trucks")
    axes.set_title("Dwell time")
    axes.legend(fontsize=7)


def _regimes_panel(axes: Axes, runs: Mapping[str, CrossingRun]) -> None:
    names = list(runs)
    data = [runs[name].dwell_h() for name in names]
    axes.boxplot(data, whis=(10, 90), showfliers=False)
    axes.set_xticks(range(1, len(names) + 1), [n.replace("_", "\n") for n in names], fontsize=8)
    means = [runs[name].summary.dwell_mean_h for name in names]
    axes.plot(range(1, len(names) + 1), means, "D", color="tab:red", label="mean")
    axes.set_ylabel("dwell (h); box P25-P75, whiskers P10-P90")
    axes.set_title("Regimes side by side (same arrivals)")
    axes.legend(fontsize=7)


def plot_crossing(runs: Mapping[str, CrossingRun], regime: str, path: Path) -> Path:
    """Write the three panels for `runs[regime]` (and all `runs` side by side) to `path`."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    run = runs[regime]
    figure = plt.figure(figsize=(13, 8), layout="constrained")
    grid = figure.add_gridspec(2, 2)
    _queue_panel(figure.add_subplot(grid[0, :]), run)
    _histogram_panel(figure.add_subplot(grid[1, 0]), run)
    _regimes_panel(figure.add_subplot(grid[1, 1]), runs)
    spec = run.plan.spec
    figure.suptitle(
        f"{spec.name}: {run.scenario.arrivals_per_day:g} arrivals/day, {run.days} days, "
        f"seed {run.seed}"
    )
    return _save(figure, path)


def plot_yard(run: YardRun, path: Path) -> Path:
    """Containers in the yard at each midnight, and the container dwell histogram."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    figure, (backlog, dwell) = plt.subplots(1, 2, figsize=(12, 4.5), layout="constrained")
    daily = run.daily
    backlog.step(daily["day"], daily["in_yard_at_midnight"], where="post", color="tab:blue")
    backlog.set_xlabel("day of the run")
    backlog.set_ylabel("containers in the yard at midnight")
    backlog.set_title(f"{run.trains_per_day:.2f} arrivals a day of {run.spec.inbound_teu} TEU")
    dwell.hist(run.container_leave_h - run.container_arrival_h, bins=60, color="tab:blue")
    dwell.axvline(run.summary["dwell_p90_h"], color="k", ls="-.", label="P90")
    dwell.set_xlabel("container dwell, arrival to departure on the far side (h)")
    dwell.legend()
    figure.suptitle(run.spec.name)
    return _save(figure, path)


def plot_curves(curves: pd.DataFrame, path: Path) -> Path:
    """Small multiples: mean delay against flow for every crossing, a line per regime."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    crossings = list(dict.fromkeys(curves["crossing_id"]))
    columns = min(4, len(crossings))
    rows = -(-len(crossings) // columns)
    figure, grid = plt.subplots(
        rows, columns, figsize=(4 * columns, 3 * rows), squeeze=False, layout="constrained"
    )
    for axes, crossing_id in zip(grid.flat, crossings, strict=False):
        mine = curves[curves["crossing_id"] == crossing_id]
        for regime, curve in mine.groupby("regime", sort=False):
            axes.plot(curve["flow_per_day"], curve["mean_delay_h"], marker=".", label=str(regime))
        axes.set_yscale("log")
        axes.set_title(crossing_id, fontsize=8)
        axes.set_xlabel(f"{mine['flow_unit'].iloc[0]} a day, one direction", fontsize=7)
        axes.set_ylabel("mean delay (h)", fontsize=7)
    for axes in list(grid.flat)[len(crossings) :]:
        axes.set_visible(False)
    grid.flat[0].legend(fontsize=6)
    figure.suptitle("Simulated delay at each crossing against daily flow, by regime")
    return _save(figure, path)
