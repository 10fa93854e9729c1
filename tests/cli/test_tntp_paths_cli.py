"""`landsea tntp paths`: timings, a checksum anyone can reproduce with scipy, and exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import dijkstra

from landsea.cli.app import main
from landsea.data.tntp import read_tntp_network

ZONES = Path(__file__).parents[1] / "fixtures" / "tntp" / "zones"


def run(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], *args: str
) -> tuple[int, str, str]:
    """Run the real entry point; return (exit code, stdout, stderr)."""
    monkeypatch.setattr("sys.argv", ["landsea", "tntp", "paths", *args])
    try:
        main()
        code = 0
    except SystemExit as done:
        code = int(done.code or 0)
    captured = capsys.readouterr()
    return code, captured.out, " ".join(captured.err.split())  # rich wraps long messages


def scipy_checksum(folder: Path, sources: list[int]) -> float:
    """The documented recipe: scipy trees with the out-links of blocked zones removed."""
    net = read_tntp_network(folder / "Zones_net.tntp")
    # scipy would add up the fixture's parallel 3->4 links, so it gets the cheaper one only.
    links = net.links.groupby(["tail", "head"], as_index=False)["free_flow_time"].min()
    tail, head = links["tail"].to_numpy(), links["head"].to_numpy()
    fft = links["free_flow_time"].to_numpy()
    blocked, n = net.blocked_nodes(), net.nodes
    rows = []
    for source in (s - 1 for s in sources):
        keep = ~(blocked[tail] & (tail != source))
        graph = csr_matrix((fft[keep], (tail[keep], head[keep])), shape=(n, n))
        rows.append(dijkstra(graph, indices=source))
    distances = np.vstack(rows)
    return round(float(np.sum(distances[np.isfinite(distances)])), 6)


def test_json_reports_timings_and_a_checksum_scipy_reproduces(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(monkeypatch, capsys, str(ZONES), "--sources", "4", "--seed", "3", "--json")
    assert code == 0
    report = json.loads(out)
    assert list(report) == [  # the documented, stable order
        "network",
        "folder",
        "nodes",
        "links",
        "zones",
        "first_thru_node",
        "through_zones_blocked",
        "cost",
        "seed",
        "sources",
        "median_ms_per_tree",
        "batch_trees",
        "batch_ms",
        "batch_ms_per_tree",
        "threads",
        "reachable_pairs",
        "checksum",
    ]
    assert (report["network"], report["nodes"], report["zones"]) == ("Zones", 5, 2)
    assert report["through_zones_blocked"] is True
    assert sorted(report["sources"]) == sorted(set(report["sources"]))
    assert len(report["sources"]) == 4 and report["batch_trees"] == 2
    assert report["median_ms_per_tree"] > 0 and report["batch_ms"] > 0
    assert report["checksum"] == scipy_checksum(ZONES, report["sources"])


def test_the_same_seed_picks_the_same_sources(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    first = json.loads(run(monkeypatch, capsys, str(ZONES), "--sources", "3", "--json")[1])
    again = json.loads(run(monkeypatch, capsys, str(ZONES), "--sources", "3", "--json")[1])
    assert first["sources"] == again["sources"]
    assert first["checksum"] == again["checksum"]


def test_the_table_shows_the_checksum(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(monkeypatch, capsys, str(ZONES), "--sources", "5")
    assert code == 0
    assert "checksum" in out and "median ms per tree" in out


def test_a_missing_folder_exits_2_naming_it(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, _, err = run(monkeypatch, capsys, str(tmp_path / "nowhere"))
    assert code == 2
    assert "nowhere" in err and "not a folder of TNTP files" in err


def test_a_folder_without_a_network_exits_2(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, _, err = run(monkeypatch, capsys, str(tmp_path))
    assert code == 2
    assert "no *_net.tntp file" in err


def test_more_sources_than_nodes_exits_2(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(monkeypatch, capsys, str(ZONES), "--sources", "6")
    assert code == 2
    assert "--sources must be in 1..5" in err


def test_threads_caps_the_batch_and_leaves_the_answer_alone(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    args = (str(ZONES), "--sources", "3", "--json")
    one = json.loads(run(monkeypatch, capsys, *args, "--threads", "1")[1])
    default = json.loads(run(monkeypatch, capsys, *args)[1])
    assert one["threads"] == 1
    assert one["checksum"] == default["checksum"]


def test_zero_threads_exits_2(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(monkeypatch, capsys, str(ZONES), "--threads", "0")
    assert code == 2
    assert "--threads must be at least 1" in err
