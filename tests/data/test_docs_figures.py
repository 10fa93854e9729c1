"""docs/dataset.md's figure blocks are made from the data (issue 11.9: docs that drifted)."""

from pathlib import Path

from landsea.data.bundled import load_corridor
from landsea.data.docs_tables import refreshed, stale_blocks

PAGE = Path(__file__).resolve().parents[2] / "docs" / "dataset.md"


def test_the_dataset_page_shows_the_figures_the_data_holds() -> None:
    text = PAGE.read_text(encoding="utf-8")
    assert "<!-- figures: gauge_changes -->" in text
    assert stale_blocks(text, load_corridor()) == [], (
        "rerun: python -m landsea.data.docs_tables docs/dataset.md"
    )


def test_a_changed_figure_makes_its_block_stale() -> None:
    tables = load_corridor()
    text = refreshed(PAGE.read_text(encoding="utf-8"), tables)
    changed = tables.transfers.copy()
    changed.loc[changed["kind"] == "gauge_change", "cost_usd_per_teu"] = 170.0
    edited = type(tables)(**{**tables.__dict__, "transfers": changed})
    assert stale_blocks(text, edited) == ["gauge_changes"]
    assert "| 170 |" in refreshed(text, edited)
