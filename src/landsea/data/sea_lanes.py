"""Sea legs measured on searoute's sea-lane graph (Eurostat MARNET), at build time.

The corridor's sea network is a skeleton of searoute's: ports, and sea passages (places of kind
`sea_passage`: straits, a gulf's mouth, a lane junction) placed on MARNET nodes, joined by sea
links. Each link's length is searoute's shortest path between its two ends, measured here when
the dataset is built (`python -m landsea.data.sea_lanes` prints the figures that links.csv
holds; `tests/data/test_sea_lanes.py` checks that they still agree). Nothing is measured at run
time: searoute (a dev dependency that ships its graph inside the package) is imported only here.

A leg must not slip through a passage it does not end at, or closing that passage would not cut
it. searoute knows two of our passages by its own names; a leg is measured with every such
passage barred except those at its ends, and the test checks that no leg passes near any other
passage node.

>>> SEAROUTE_PASSAGES["XZMAL"]
'malacca'
"""

from __future__ import annotations

import math
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import pandas as pd

__all__ = [
    "LENGTH_SOURCE",
    "SEAROUTE_PASSAGES",
    "MeasuredLeg",
    "great_circle_km",
    "measure_leg",
    "measure_links",
]

# searoute's own names of the passages it can bar, keyed by our passage's place id
SEAROUTE_PASSAGES: Mapping[str, str] = {"XZMAL": "malacca", "XZSUN": "sunda"}
# searoute bars the Northwest Passage by default; we keep that (ice)
ALWAYS_BARRED = ("northwest",)
LENGTH_SOURCE = "estimate: searoute 1.6.0 shortest path on its sea-lane graph (Eurostat MARNET)"
EARTH_RADIUS_KM = 6371.0088  # IUGG mean radius


@dataclass(frozen=True)
class MeasuredLeg:
    """A sea leg as searoute finds it: length and the path's (lon, lat) points."""

    from_id: str
    to_id: str
    length_km: float
    path: tuple[tuple[float, float], ...]
    barred: tuple[str, ...]


def great_circle_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Haversine distance between two (lon, lat) points in km."""
    (lon1, lat1), (lon2, lat2) = a, b
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dlat, dlon = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dlat / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dlon / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(h))


def barred_passages(from_id: str, to_id: str) -> tuple[str, ...]:
    """searoute passages a leg may not use: all ours except those at its own ends."""
    ours = sorted(name for pid, name in SEAROUTE_PASSAGES.items() if pid not in (from_id, to_id))
    return (*ALWAYS_BARRED, *ours)


def measure_leg(
    from_id: str, to_id: str, lon_lat: Mapping[str, tuple[float, float]]
) -> MeasuredLeg:
    """searoute's shortest sea path between two places (by their coordinates).

    Raises:
        ModuleNotFoundError: searoute is not installed (it is a build-time dependency).
    """
    import searoute  # build time only: the model reads the measured lengths from links.csv

    barred = barred_passages(from_id, to_id)
    found = searoute.searoute(
        list(lon_lat[from_id]), list(lon_lat[to_id]), units="km", restrictions=list(barred)
    )
    path = tuple((float(x), float(y)) for x, y in found["geometry"]["coordinates"])
    return MeasuredLeg(from_id, to_id, float(found["properties"]["length"]), path, barred)


def measure_links(links: pd.DataFrame, places: pd.DataFrame) -> dict[str, MeasuredLeg]:
    """Every sea link whose length source names searoute, measured anew, by link id."""
    lon_lat = {str(pid): (float(r["lon"]), float(r["lat"])) for pid, r in places.iterrows()}
    chosen = links[(links["mode"] == "sea") & links["length_source"].str.startswith(LENGTH_SOURCE)]
    return {
        str(lid): measure_leg(str(row["from_id"]), str(row["to_id"]), lon_lat)
        for lid, row in chosen.iterrows()
    }


def main(argv: Sequence[str] = ()) -> int:
    """Print each searoute-measured sea link of the bundled dataset with its fresh length."""
    from landsea.data.bundled import load_corridor

    tables = load_corridor()
    for lid, leg in measure_links(tables.links, tables.places).items():
        held = float(tables.links["length_km"][lid])
        sys.stdout.write(
            f"{lid},{leg.from_id},{leg.to_id},{round(leg.length_km)} (links.csv {held:g})\n"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
