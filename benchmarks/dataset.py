"""Reading networks: landsea's validated GMNS reader against a bare pandas parse of the same files.

A validated read converts every cell, checks references, vocabularies, countries and sources,
and finds cut-off parts; pandas only splits the text. The ratio says what the checks cost.
Also: the bundled corridor's load time, and a GeoJSON round trip of it.
"""

from __future__ import annotations

import random
import statistics
import tempfile
import time
import warnings
from collections.abc import Callable
from pathlib import Path

LINKS = 50_000


def _median_s(work: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def _synthetic_gmns(folder: Path, links: int) -> None:
    """A road network of links/4 nodes on a 1-degree square in Thailand, links of 150-160 km."""
    rng = random.Random(7)
    nodes = links // 4
    with (folder / "node.csv").open("w", encoding="utf-8") as out:
        out.write("node_id,x_coord,y_coord,country\n")
        for i in range(nodes):
            out.write(f"{i},{100 + rng.random():.5f},{15 + rng.random():.5f},TH\n")
    with (folder / "link.csv").open("w", encoding="utf-8") as out:
        out.write("link_id,from_node_id,to_node_id,directed,length,allowed_uses\n")
        for i in range(links):
            a = rng.randrange(nodes)
            b = (a + 1 + rng.randrange(50)) % nodes
            out.write(f"{i},{a},{b},true,{150 + 10 * rng.random():.3f},road\n")


def run() -> None:
    import pandas as pd

    from landsea.data.bundled import load_corridor
    from landsea.data.geojson import read_geojson, write_geojson
    from landsea.data.gmns import read_gmns

    parameters = load_corridor().parameters
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch)
        _synthetic_gmns(root, LINKS)

        def bare() -> None:
            pd.read_csv(root / "node.csv")
            pd.read_csv(root / "link.csv")

        def validated() -> None:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # the random network is in parts; not timed here
                read_gmns(root, parameters)

        pandas_s = _median_s(bare, 3)
        landsea_s = _median_s(validated, 3)
        corridor = load_corridor()
        load_s = _median_s(load_corridor, 5)
        geojson = root / "corridor.geojson"
        geojson_s = _median_s(lambda: read_geojson(write_geojson(corridor, geojson)), 5)
    print(f"dataset: GMNS read of {LINKS:,} links and {LINKS // 4:,} nodes")
    print(f"  pandas.read_csv, no checks      {pandas_s * 1000:9.1f} ms")
    print(f"  landsea read_gmns, validated    {landsea_s * 1000:9.1f} ms")
    print(f"  ratio landsea / pandas          {landsea_s / pandas_s:9.1f}x")
    print(f"  landsea per 1,000 links         {landsea_s / LINKS * 1e6:9.1f} ms")
    print(f"dataset: bundled corridor load    {load_s * 1000:9.1f} ms")
    print(f"dataset: corridor GeoJSON write+read {geojson_s * 1000:6.1f} ms")
