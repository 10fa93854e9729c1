"""Observed corridor performance as a dataset overlay (issue 13.13): dwell per crossing and regime
from events and TIR records, section times and speeds, observed beside modelled; the overlay read
back through the data room changes what routing charges at the crossing."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from fastapi.testclient import TestClient

from landsea.data import load_corridor
from landsea.data.overlay import overlaid
from landsea.errors import DataError
from landsea.hub.db import Database
from landsea.hub.services.observed import Period, observed_overlay
from landsea.network import Network
from landsea.routing import RouteRequest, k_routes

from .conftest import mini_network
from .test_stats import trip
from .test_tir import cross, start, transport_body

Body = Callable[..., dict[str, Any]]
Parties = dict[str, dict[str, str]]


@pytest.fixture
def observed(client: TestClient, corridor_parties: Parties, consignment_body: Body) -> None:
    """Three consignments held 4, 6 and 14 hours at Mohan/Boten (rail, standard regime), and
    two TIR transports crossing Mohan/Boten by road."""
    for number, dwell in ((1, 4), (2, 6), (3, 14)):
        trip(client, corridor_parties, consignment_body, number, dwell)
    for n in (1, 2):
        made = client.post(
            "/tir", json=transport_body(reference=f"TIR-{n}"), headers=corridor_parties["operator"]
        )
        tid = made.json()["id"]
        assert start(client, corridor_parties, tid).status_code == 200
        assert cross(client, corridor_parties, tid, "CNMHN", "cn").status_code == 200
        assert cross(client, corridor_parties, tid, "LABTN", "la").status_code == 200


def overlay_of(db: Database, network: Network, **period: Any) -> Any:
    with db.read() as session:
        return observed_overlay(session, network, "Lao single window", Period(**period), 2)


def test_dwell_per_crossing_and_regime_in_the_datasets_shape(db: Database, observed: None) -> None:
    overlay = overlay_of(db, mini_network())
    rows = overlay.crossing_regimes.set_index(["crossing_id", "regime"])
    rail = rows.loc[("MOHAN_BOTEN_RAIL", "standard")]
    expected = pd.Series([4.0, 6.0, 14.0]).quantile([0.1, 0.5, 0.9]).round(2).tolist()
    assert [rail["min_h"], rail["mode_h"], rail["max_h"]] == expected
    assert rail["cost_usd"] == 50  # the fixture's modelled fee: events carry no prices
    assert rail["source"].startswith(
        "source: observed, hub Lao single window, 2026-03-02..2026-03-04"
    )
    # TIR: arrival at Mohan (08:00+08) to departure from Boten (12:30+08), both transports.
    tir = rows.loc[("MOHAN_BOTEN_ROAD", "tir")]
    assert (tir["min_h"], tir["mode_h"], tir["max_h"]) == (4.5, 4.5, 4.5)
    assert "of 2 observations" in tir["source"]


def test_sections_and_the_model_side_by_side(db: Database, observed: None) -> None:
    overlay = overlay_of(db, mini_network())
    sections = overlay.sections.set_index(["mode", "from_id", "to_id"])
    rail = sections.loc[("rail_1435", "CNCKG", "LAVTS")]
    assert rail["time_p50_h"] == 48.0
    assert rail["n_observed"] == 3
    assert rail["speed_kmh"] == round(rail["length_km"] / 48.0, 1)
    beside = overlay.time_cost.set_index(["mode", "from_id", "to_id"])
    row = beside.loc[("rail_1435", "CNCKG", "LAVTS")]
    assert row["observed_minus_modelled_h"] == round(48.0 - row["modelled_time_h"], 2)
    assert row["modelled_cost_usd"] > 0


def test_a_period_keeps_only_what_ended_in_it(db: Database, observed: None) -> None:
    from datetime import UTC, datetime

    later = overlay_of(db, mini_network(), since=datetime(2026, 4, 1, tzinfo=UTC))
    assert later.crossing_regimes.empty
    assert later.sections.empty
    assert later.source == "observed, hub Lao single window, 2026-04-01..no end"


def test_the_overlay_read_back_changes_what_routing_charges(
    tmp_path: Path, db: Database, observed: None
) -> None:
    bundled = load_corridor()
    overlay = overlay_of(db, Network(bundled))
    folder = tmp_path / "overlay"
    folder.mkdir()
    overlay.crossing_regimes.to_csv(folder / "crossing_regimes.csv", index=False)
    tables = overlaid(bundled, folder)
    own = bundled.crossing_regimes
    before = own[(own["crossing_id"] == "MOHAN_BOTEN_RAIL") & (own["regime"] == "standard")]
    after = tables.crossing_regimes
    now = after[(after["crossing_id"] == "MOHAN_BOTEN_RAIL") & (after["regime"] == "standard")]
    assert len(now) == 1
    assert now["mode_h"].item() == 6.0
    assert now["source"].item().startswith("source: observed, hub")
    assert len(after) == len(own)  # replaced, not added
    request = RouteRequest("CNKNM", "LAVTS", by="time", avoid_modes=("road",))
    modelled = k_routes(Network(bundled), request, 1)[0].time_h
    with_observed = k_routes(Network(tables), request, 1)[0].time_h
    assert with_observed != modelled
    assert before["mode_h"].item() != 6.0


def test_a_bad_overlay_names_its_file_row_and_field(tmp_path: Path) -> None:
    folder = tmp_path / "overlay"
    folder.mkdir()
    with pytest.raises(DataError, match=r"holds no crossing_regimes\.csv"):
        overlaid(load_corridor(), folder)
    (folder / "crossing_regimes.csv").write_text(
        "crossing_id,regime,min_h,mode_h,max_h,cost_usd,source\n"
        "MOHAN_BOTEN_RAIL,standard,1,2,3,40,source: observed\n"
        "NO_SUCH_CROSSING,standard,1,2,3,40,source: observed\n",
        encoding="utf-8",
    )
    with pytest.raises(DataError) as refused:
        overlaid(load_corridor(), folder)
    assert refused.value.location is not None
    assert (refused.value.location.row, refused.value.location.field) == (2, "crossing_id")


def test_the_command_writes_the_overlay_and_the_one_loader_reads_it(
    tmp_path: Path, database_url: str, observed: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    from typer.testing import CliRunner

    from landsea.cli.app import app as cli

    monkeypatch.setenv("LANDSEA_MIN_PUBLIC_CONSIGNMENTS", "2")
    monkeypatch.setenv("LANDSEA_HUB_NAME", "Lao single window")
    out = tmp_path / "overlay"
    args = ["hub", "observed", "--out", str(out), "--database", database_url]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["source"] == "observed, hub Lao single window, 2026-03-02..2026-03-04"
    assert manifest["files"]["crossing_regimes.csv"] == 3
    assert manifest["files"]["observed_sections.csv"] >= 1
    written = pd.read_csv(out / "crossing_regimes.csv")
    assert set(zip(written["crossing_id"], written["regime"], strict=True)) == {
        ("MOHAN_BOTEN_RAIL", "standard"),
        ("MOHAN_BOTEN_ROAD", "tir"),
        ("THANALENG_NONGKHAI_ROAD", "standard"),  # Vientiane South 00:00 to 06:00
    }
    # Routing, simulation and scenarios read the dataset through load_corridor: the setting
    # lays the overlay over it there, once.
    monkeypatch.setenv("LANDSEA_OVERLAY", str(out))
    rows = load_corridor().crossing_regimes
    tir = rows[(rows["crossing_id"] == "MOHAN_BOTEN_ROAD") & (rows["regime"] == "tir")]
    assert tir["mode_h"].item() == 4.5
    assert tir["source"].item().startswith("source: observed, hub Lao single window")
