"""One definition per domain word: the data, the graph, the CLI's help and the hub's schema all
list the words of `landsea.vocabulary`, and one UN/LOCODE pattern decides for both rooms."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest
import typer.main

from landsea.cli.app import app
from landsea.data.bundled import load_corridor
from landsea.data.validate import validate_tables
from landsea.hub import codes
from landsea.hub.schemas.consignments import ConsignmentIn, GivenLegIn, PlanIn
from landsea.hub.schemas.events import EventIn
from landsea.regimes import regime_names
from landsea.vocabulary import (
    COMMODITIES,
    MODE_FAMILIES,
    MODES,
    OBJECTIVES,
    EventClassifier,
    EventType,
    Mode,
    ModeFamily,
    TransportEventCode,
    choices,
)


def _option_help(command_path: tuple[str, ...], option: str) -> str:
    command: Any = typer.main.get_command(app)  # typer may bundle its own click: duck-typed
    for name in command_path:
        command = command.commands[name]
    found = [p for p in command.params if option in getattr(p, "opts", ())]
    assert found, f"{' '.join(command_path)} has no {option}"
    return str(getattr(found[0], "help", ""))


def test_choices_reads_as_a_list() -> None:
    assert choices(["time", "cost", "co2"]) == "time, cost or co2"
    assert choices(["time"]) == "time"


@pytest.mark.parametrize(
    ("command", "option", "words"),
    [
        (("route",), "--by", OBJECTIVES),
        (("route",), "--commodity", COMMODITIES),
        (("route",), "--regime", regime_names()),
        (("route",), "--avoid-mode", (*MODES, *ModeFamily)),
        (("tcd",), "--regime", regime_names()),
        (("assign",), "--regime", regime_names()),
        (("simulate", "crossing"), "--regime", regime_names()),
        (("simulate", "crossing"), "--mode", MODES),
    ],
)
def test_the_cli_help_lists_the_vocabulary(
    command: tuple[str, ...], option: str, words: tuple[str, ...]
) -> None:
    assert choices(words) in _option_help(command, option)


def test_every_objective_word_has_its_weight_function_and_no_other() -> None:
    from landsea.routing.objectives import OBJECTIVE_WEIGHTS

    assert tuple(OBJECTIVE_WEIGHTS) == OBJECTIVES


def test_the_bundled_data_uses_only_the_vocabulary() -> None:
    tables = load_corridor()
    assert set(tables.links["mode"]) <= set(MODES)
    assert {m for modes in tables.places["modes"] for m in modes} <= set(MODES)
    assert set(tables.parameters.commodities) == set(COMMODITIES)
    assert {m for family in MODE_FAMILIES.values() for m in family} <= set(MODES)


def test_the_hubs_schema_enumerates_the_same_words() -> None:
    properties = PlanIn.model_json_schema()["properties"]
    modes = GivenLegIn.model_json_schema()["$defs"]["Mode"]["enum"]
    assert modes == list(MODES)
    assert PlanIn.model_json_schema()["$defs"]["Objective"]["enum"] == list(OBJECTIVES)
    assert properties["regime"]["enum"] == list(regime_names())
    commodity = ConsignmentIn.model_json_schema()["$defs"]["Commodity"]["enum"]
    assert commodity == list(COMMODITIES)
    event = EventIn.model_json_schema()["$defs"]
    assert event["EventType"]["enum"] == list(EventType)
    assert event["EventClassifier"]["enum"] == list(EventClassifier)
    assert event["TransportEventCode"]["enum"] == list(TransportEventCode)


@pytest.mark.parametrize(
    ("code", "valid"),
    [("THBKK", True), ("THZZ9", True), ("TH1KK", False), ("THB0K", False), ("THBK", False)],
)
def test_one_unlocode_pattern_decides_for_the_data_and_the_hub(code: str, valid: bool) -> None:
    tables = load_corridor()
    place = tables.places.loc["THBKK"].copy()
    places = tables.places.drop(index="THBKK")
    places.loc[code] = place
    flagged = [
        e
        for e in validate_tables(replace(tables, places=places)).errors
        if "marked a UN/LOCODE" in str(e)
    ]
    assert (not flagged) is valid
    if valid:
        assert codes.unlocode(code) == code
    else:
        with pytest.raises(ValueError, match="not a UN/LOCODE"):
            codes.unlocode(code)


def test_a_mode_is_the_plain_string_the_data_carries() -> None:
    assert Mode.RAIL_1435 == "rail_1435"
    assert f"{Mode.RAIL_1435}" == "rail_1435"
    assert {Mode.SEA: 1}["sea"] == 1
