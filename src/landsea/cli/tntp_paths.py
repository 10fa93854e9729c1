"""`landsea tntp paths DIR`: time one-to-all shortest-path trees on a TNTP network.

Costs are free-flow times; zones below <FIRST THRU NODE> are blocked for through traffic where
it is above 1. The command times one tree from each of `--sources` seeded random nodes (median
ms per tree, after one untimed warm-up tree), then a batch of trees from every zone (median of
3 runs), and prints a checksum of the random trees' distances so that anyone can compare the
answer with another tool (the recipe, with scipy, is in landsea/routing/tree_timings.py).

JSON output (stable, keys in this order): network, folder, nodes, links, zones, first_thru_node,
through_zones_blocked, cost ("free_flow_time"), seed, sources (1-based TNTP node ids, in tree
order), median_ms_per_tree, batch_trees, batch_ms, batch_ms_per_tree, threads (the most the
batch may use: `--threads` or every CPU; a small batch runs on one), reachable_pairs (finite
distances among the random trees, sources included), checksum (sum of those finite
distances, rounded to 6 decimals).

Bad input (no such folder, no *_net.tntp, a malformed file, --sources or --threads out of
range): exit 2.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer


def register(app: typer.Typer) -> None:
    """Add `tntp paths` to the tntp group."""
    app.command("paths")(tntp_paths)


def tntp_paths(
    folder: Annotated[Path, typer.Argument(help="Folder with a *_net.tntp file.")],
    sources: Annotated[
        int, typer.Option(min=1, help="How many random source nodes to time one tree from.")
    ] = 20,
    seed: Annotated[int, typer.Option(help="Seed of the random choice of sources.")] = 0,
    threads: Annotated[
        int | None, typer.Option(help="Threads for the zone batch (default: all CPUs).")
    ] = None,
    json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Time shortest-path trees (free-flow time) and print a checksum of the distances."""
    from landsea.routing.tree_timings import time_tntp_trees

    timings = time_tntp_trees(folder, sources, seed, threads)
    if json:
        from landsea.cli.output import print_json

        print_json(timings.to_dict())
    else:
        _print_table(timings.to_dict())


def _print_table(report: dict[str, Any]) -> None:
    from rich.table import Table

    from landsea.cli.output import console

    blocked = "blocked" if report["through_zones_blocked"] else "allowed"
    table = Table(
        title=f"{report['network']}: {report['nodes']} nodes, {report['links']} links, "
        f"{report['zones']} zones (through traffic over zones {blocked})",
        show_header=False,
    )
    table.add_column("measure")
    table.add_column("value", justify="right")
    table.add_row("median ms per tree", f"{report['median_ms_per_tree']:.4f}")
    table.add_row(f"sources (seed {report['seed']})", str(len(report["sources"])))
    table.add_row(f"batch of {report['batch_trees']} zone trees, ms", f"{report['batch_ms']:.3f}")
    table.add_row("batch ms per tree", f"{report['batch_ms_per_tree']:.4f}")
    table.add_row("threads", str(report["threads"]))
    table.add_row("reachable pairs", str(report["reachable_pairs"]))
    table.add_row("checksum (sum of finite distances)", f"{report['checksum']:.6f}")
    console().print(table)
