"""One AequilibraE 1.7 assignment of a TNTP network, run in a fresh process by the benchmark.

    python -m benchmarks._aequilibrae_run FOLDER ALGORITHM RGAP MAX_ITER FLOWS_NPY

Set up as benchmarks.md describes: the graph straight from the TNTP link table, zero free-flow
times raised to 1e-6 (AequilibraE rejects 0), the README's generalized cost as a fixed cost,
through traffic over zones blocked where FIRST THRU NODE > 1, AEQ_SHOW_PROGRESS=FALSE. Prints
AequilibraE's own iterations and stopping gap as JSON; writes the final flows (TNTP link order).
"""

from __future__ import annotations

import json
import os
import sys
import time

os.environ["AEQ_SHOW_PROGRESS"] = "FALSE"  # must precede the import; bars cost ~10%


def main(folder: str, algorithm: str, rgap: float, max_iter: int, flows_out: str) -> None:
    started = time.perf_counter()
    import numpy as np
    import pandas as pd
    from aequilibrae.matrix import AequilibraeMatrix
    from aequilibrae.paths import Graph, TrafficAssignment, TrafficClass

    from landsea.assignment.tntp import load_tntp_case

    case = load_tntp_case(folder)
    links = case.network.links
    problem = case.problem
    network = pd.DataFrame(
        {
            "link_id": np.arange(1, len(links) + 1, dtype=np.int64),
            "a_node": links["init_node"].to_numpy(np.int64),
            "b_node": links["term_node"].to_numpy(np.int64),
            "direction": np.ones(len(links), dtype=np.int8),
            "capacity": links["capacity"].to_numpy(np.float64),
            "free_flow_time": np.maximum(links["free_flow_time"].to_numpy(np.float64), 1e-6),
            "b": links["b"].to_numpy(np.float64),
            "power": links["power"].to_numpy(np.float64),
            "fixed_cost": problem.links.fixed_cost,
        }
    )
    graph = Graph()
    graph.network = network
    zones = case.network.zones
    graph.prepare_graph(np.arange(1, zones + 1, dtype=np.int64))
    graph.set_graph("free_flow_time")
    graph.set_skimming(["free_flow_time"])
    graph.set_blocked_centroid_flows(case.network.blocks_through_traffic)

    matrix = AequilibraeMatrix()
    matrix.create_empty(zones=zones, matrix_names=["demand"], memory_only=True)
    matrix.index[:] = np.arange(1, zones + 1)
    matrix.matrices[:, :, 0] = problem.demand
    matrix.computational_view(["demand"])

    traffic = TrafficClass("car", graph, matrix)
    if np.any(problem.links.fixed_cost > 0):
        traffic.set_fixed_cost("fixed_cost")
    assignment = TrafficAssignment()
    assignment.set_classes([traffic])
    assignment.set_vdf("BPR")
    assignment.set_vdf_parameters({"alpha": "b", "beta": "power"})
    assignment.set_capacity_field("capacity")
    assignment.set_time_field("free_flow_time")
    assignment.set_algorithm(algorithm)
    assignment.max_iter = max_iter
    assignment.rgap_target = rgap
    assignment.set_cores(2)
    assignment.execute()
    loads = assignment.results()["PCE_tot"]
    flows = loads.reindex(network["link_id"]).fillna(0.0).to_numpy(np.float64)
    np.save(flows_out, flows)
    report = assignment.report()
    print(
        json.dumps(
            {
                "iterations": len(report),
                "own_gap": float(report["rgap"].iloc[-1]),
                "seconds": time.perf_counter() - started,
            }
        )
    )


if __name__ == "__main__":
    folder, algorithm, rgap, max_iter, flows_out = sys.argv[1:6]
    main(folder, algorithm, float(rgap), int(max_iter), flows_out)
