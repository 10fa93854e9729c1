"""`landsea tntp assign DIR`: user equilibrium on a TNTP network, against its best-known flows.

JSON output (stable): network, algorithm, target_gap, relative_gap, objective, tstt, sptt,
iterations, seconds (the algorithm), total_seconds (reading included), converged,
unreachable_pairs, unreachable_demand, unreachable (origin, destination: 1-based TNTP zones;
demand), toll_factor, distance_factor, best_known_objective (null without a `_flow.tntp`),
objective_relative_difference (null likewise), flows_out.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Annotated, Any

import typer


def _algorithm_help() -> str:
    from landsea.assignment.algorithms import algorithm_names

    return f"Equilibrium algorithm: {algorithm_names('network')}."


FolderArgument = Annotated[Path, typer.Argument(help="Folder with *_net.tntp and *_trips.tntp.")]
GapOption = Annotated[
    float, typer.Option(help="Target relative gap (TSTT - SPTT) / TSTT; for sue, the flow change.")
]
TollOption = Annotated[
    float | None,
    typer.Option(help="Cost units per toll unit (default: the network README's weight)."),
]
DistanceOption = Annotated[
    float | None,
    typer.Option(help="Cost units per length unit (default: the network README's weight)."),
]
UnconvergedOption = Annotated[
    bool, typer.Option(help="Report instead of failing (exit 4) at the iteration limit.")
]
FlowsOption = Annotated[
    Path | None, typer.Option(help="Write link flows and costs to this CSV file.")
]


def register(app: typer.Typer) -> None:
    """Add `tntp assign` to the tntp group."""
    app.command("assign")(tntp_assign)


def tntp_assign(
    folder: FolderArgument,
    algorithm: Annotated[str, typer.Option(help=_algorithm_help())] = "gradient-projection",
    gap: GapOption = 1e-5,
    toll_factor: TollOption = None,
    distance_factor: DistanceOption = None,
    max_iterations: Annotated[int | None, typer.Option(help="Iteration limit.")] = None,
    allow_unconverged: UnconvergedOption = False,
    theta: Annotated[float, typer.Option(help="Logit dispersion for --algorithm sue.")] = 1.0,
    flows_out: FlowsOption = None,
    json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Assign a TNTP network to user equilibrium and compare with its best-known solution."""
    from landsea.assignment import assign, load_tntp_case

    started = time.perf_counter()
    case = load_tntp_case(folder, toll_factor, distance_factor)
    result = assign(
        case.problem,
        algorithm,
        gap=gap,
        max_iterations=max_iterations,
        allow_unconverged=allow_unconverged,
        theta=theta,
    )
    if flows_out is not None:
        _write_flows(flows_out, case.network.links, result.flow, result.cost)
    report = _report(case, result, time.perf_counter() - started, flows_out)
    _print(report, json)


def _report(case: Any, result: Any, total_seconds: float, flows_out: Path | None) -> dict[str, Any]:
    best = case.best_known_objective()
    difference = None if best is None else (result.objective - best) / best
    summary = result.summary()
    return {
        "network": case.network.name,
        "algorithm": summary["algorithm"],
        "target_gap": summary["target_gap"],
        "relative_gap": summary["relative_gap"],
        "objective": summary["objective"],
        "tstt": summary["tstt"],
        "sptt": summary["sptt"],
        "iterations": summary["iterations"],
        "seconds": summary["seconds"],
        "total_seconds": total_seconds,
        "converged": summary["converged"],
        "unreachable_pairs": summary["unreachable_pairs"],
        "unreachable_demand": summary["unreachable_demand"],
        "unreachable": [
            {"origin": int(o) + 1, "destination": int(d) + 1, "demand": float(v)}
            for o, d, v in result.unreachable[
                ["origin_zone", "destination_zone", "demand"]
            ].itertuples(index=False)
        ],
        "toll_factor": case.toll_factor,
        "distance_factor": case.distance_factor,
        "best_known_objective": best,
        "objective_relative_difference": difference,
        "flows_out": None if flows_out is None else str(flows_out),
    }


def _write_flows(path: Path, links: Any, flow: Any, cost: Any) -> None:
    """CSV of init_node, term_node, flow, cost; written to a temporary file, then renamed."""
    import pandas as pd

    from landsea.errors import DataError, Location

    table = pd.DataFrame(
        {
            "init_node": links["init_node"],
            "term_node": links["term_node"],
            "flow": flow,
            "cost": cost,
        }
    )
    partial = path.with_name(path.name + ".partial")
    try:
        table.to_csv(partial, index=False, float_format="%.12g")
        partial.replace(path)
    except OSError as err:
        partial.unlink(missing_ok=True)
        raise DataError(f"cannot write flows: {err.strerror}", Location(str(path))) from None


def _print(report: dict[str, Any], as_json: bool) -> None:
    from landsea.cli.output import console, print_json

    if as_json:
        print_json(report)
        return
    out = console()
    state = "converged" if report["converged"] else "NOT converged"
    out.print(f"{report['network']}: {report['algorithm']} {state}")
    out.print(f"  relative gap   {report['relative_gap']:.3e} (target {report['target_gap']:.1e})")
    out.print(f"  objective      {report['objective']:,.6f}")
    if report["best_known_objective"] is not None:
        out.print(
            f"  best known     {report['best_known_objective']:,.6f} "
            f"(difference {report['objective_relative_difference']:+.2e})"
        )
    out.print(f"  TSTT           {report['tstt']:,.6f}")
    out.print(f"  iterations     {report['iterations']}")
    out.print(f"  seconds        {report['seconds']:.3f} ({report['total_seconds']:.3f} in all)")
    if report["unreachable_pairs"]:
        out.print(
            f"  unreachable    {report['unreachable_pairs']} pairs with "
            f"{report['unreachable_demand']:,.3f} demand (not assigned)"
        )
