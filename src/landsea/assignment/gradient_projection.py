"""Path-based gradient projection for high-precision user equilibrium.

Jayakrishnan, Tsai, Prashker & Rajadhyaksha (1994), "A faster path-based algorithm for traffic
assignment", Transportation Research Record 1443. Each iteration computes one shortest-path tree
per origin with the shared kernel (in parallel), adds each pair's shortest path to its path set,
then sweeps the pairs a few times, moving flow from every path to the cheapest one by a Newton
step (cost difference over the sum of cost slopes on the links the two paths do not share).
Link costs are refreshed after every move, so later pairs see the effect of earlier ones. The
inner sweeps reuse the path sets without new trees, which is where the precision comes cheap.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from landsea.assignment import _path_kernels as kernels
from landsea.assignment.equilibrium import Outcome, Settings
from landsea.assignment.performance import BprLinks
from landsea.assignment.run import Measure, Run

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]


@dataclass
class PathSets:
    """Path flows of every OD pair with demand (see `_path_kernels` for the slot layout)."""

    od_tree: IntArray
    od_dest: IntArray
    od_demand: FloatArray
    max_paths: int
    count: NDArray[np.int32]
    start: IntArray
    length: IntArray
    flow: FloatArray
    hashes: NDArray[np.uint64]
    pool: NDArray[np.int32]
    pool_top: int = 0

    @staticmethod
    def for_run(run: Run, max_paths: int, pool_size: int | None = None) -> PathSets:
        """Empty path sets for every pair of `run` with reachable demand."""
        csr = run.problem.csr
        rows = run.demand[csr.origins]
        tree_index, dest_zone = np.nonzero(rows > 0)
        slots = tree_index.size * max_paths
        return PathSets(
            od_tree=tree_index.astype(np.int64),
            od_dest=run.problem.zones[dest_zone].astype(np.int64),
            od_demand=rows[tree_index, dest_zone].astype(np.float64),
            max_paths=max_paths,
            count=np.zeros(tree_index.size, dtype=np.int32),
            start=np.zeros(slots, dtype=np.int64),
            length=np.zeros(slots, dtype=np.int64),
            flow=np.zeros(slots, dtype=np.float64),
            hashes=np.zeros(slots, dtype=np.uint64),
            pool=np.zeros(
                pool_size if pool_size is not None else max(1024, tree_index.size * 16),
                dtype=np.int32,
            ),
        )

    def add(self, measure: Measure, tail: IntArray, link_flow: FloatArray) -> None:
        """Add each pair's shortest path of `measure` to its set (a new pair's demand loads it)."""
        next_od = 0
        while next_od < self.od_tree.size:
            next_od, self.pool_top, room = kernels.add_shortest_paths(
                measure.pred,
                tail,
                self.od_tree,
                self.od_dest,
                self.od_demand,
                self.count,
                self.start,
                self.length,
                self.flow,
                self.hashes,
                self.pool,
                self.pool_top,
                self.max_paths,
                link_flow,
                next_od,
            )
            if next_od < self.od_tree.size:
                self._make_room(int(room))

    def _make_room(self, room: int) -> None:
        """Compact the pool into a fresh one with space for `room` more edges, at least twice
        the live edges (so the pool grows geometrically and compaction stays rare)."""
        live = self._live_edges()
        size = max(self.pool.size, 2 * (live + room))
        fresh = np.zeros(size, dtype=np.int32)
        self.pool_top = int(
            kernels.compact(self.count, self.start, self.length, self.max_paths, self.pool, fresh)
        )
        self.pool = fresh

    def _live_edges(self) -> int:
        slots = np.arange(self.max_paths)[None, :] < self.count[:, None]
        return int(self.length.reshape(-1, self.max_paths)[slots].sum())


def solve_gradient_projection(
    run: Run,
    settings: Settings,
    inner_sweeps: int = 4,
    max_paths: int = 12,
    pool_size: int | None = None,
) -> Outcome[Measure]:
    """Iterate until the gap of the current flows meets `settings.gap` or the iteration limit.

    `max_paths` caps each pair's path set; `pool_size` is the first size of the edge pool
    (it grows as needed). The caller judges convergence (`equilibrium.settle`).
    """
    csr = run.problem.csr
    paths = PathSets.for_run(run, max_paths, pool_size)
    link_flow = np.zeros(run.problem.n_links)
    sweeps = Sweeps(csr.links, run.problem.n_links)
    iteration = 0
    while True:
        measure = run.measure(link_flow)
        done = measure.gap <= settings.gap or iteration >= settings.max_iterations
        if iteration > 0 and done:
            return Outcome(link_flow, measure, iteration)
        paths.add(measure, csr.tail, link_flow)
        sweeps.run(paths, link_flow, inner_sweeps if iteration > 0 else 1)
        iteration += 1


class Sweeps:
    """The Gauss-Seidel sweeps of gradient projection over path sets, with their link marks."""

    def __init__(self, links: BprLinks, n_links: int) -> None:
        self.links = links
        self.bpr = (
            links.free_flow_time,
            links.capacity,
            links.alpha,
            links.power,
            links.fixed_cost,
        )
        self.marks = (np.zeros(n_links, dtype=np.int64), np.zeros(n_links, dtype=np.int64))
        self.stamp = 0

    def run(self, paths: PathSets, link_flow: FloatArray, sweeps: int) -> None:
        """Sweep `sweeps` times at costs refreshed move by move, then sum the link flows afresh."""
        cost = self.links.cost(link_flow)
        slope = self.links.derivative(link_flow)
        for _ in range(sweeps):
            self.stamp = kernels.equilibrate(
                paths.count,
                paths.start,
                paths.length,
                paths.flow,
                paths.hashes,
                paths.pool,
                paths.max_paths,
                link_flow,
                cost,
                slope,
                self.bpr,
                self.marks,
                self.stamp,
            )
        kernels.flows_from_paths(
            paths.count,
            paths.start,
            paths.length,
            paths.flow,
            paths.pool,
            paths.max_paths,
            link_flow,
        )
