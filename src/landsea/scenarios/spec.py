"""What a scenario file says, as pydantic models: year, demand growth, network edits, levers.

A scenario is a TOML file (read with tomllib), checked here; `landsea.scenarios.files` reads
files, resolves `extends` and names the line of a bad key. Numbers may be distributions
(`distributions.py`). Edits are small records with a `kind`; levers (`levers.py`) expand into
edits. Nothing here touches the corridor tables: `edits.py` applies the records to a copy.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, model_validator

from landsea.regimes import regime_names
from landsea.scenarios.appraisal_spec import Project
from landsea.scenarios.distributions import Number
from landsea.vocabulary import COMMODITIES, MODES


class _Record(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)


class Growth(_Record):
    """An edit of the dataset's growth rates (`demand/growth.csv`, the one definition of growth):
    `rate_per_year` replaces the table's rate, `rate_factor` multiplies it (give one), for the
    rows selected by `commodity` and `partner` ("*" for all) over `from_year`..`to_year`
    (blank: every year up to the scenario's). A partner is the country (ISO 3166 alpha-2) of the
    end of a pair outside China (the destination's when both or neither are), as in the table.
    Entries apply in order, each on the rate the table and the entries before it give.
    """

    commodity: str = "*"
    partner: str = "*"
    from_year: int | None = None
    to_year: int | None = None
    rate_per_year: Number | None = None
    rate_factor: Number | None = None
    source: str = Field(pattern=r"^(source|estimate):")

    @model_validator(mode="after")
    def _known(self) -> Growth:
        if self.commodity != "*" and self.commodity not in COMMODITIES:
            raise ValueError(
                f"unknown commodity {self.commodity!r}; choose * or {', '.join(COMMODITIES)}"
            )
        if (self.rate_per_year is None) == (self.rate_factor is None):
            raise ValueError(
                "give one of rate_per_year (replaces the growth table's rate) or rate_factor "
                "(multiplies it)"
            )
        first, last = self.from_year, self.to_year
        if first is not None and last is not None and last < first:
            raise ValueError(f"to_year {last} is before from_year {first}")
        return self

    @property
    def number_key(self) -> str:
        """The key of the figure this entry gives (`rate_per_year` or `rate_factor`)."""
        return "rate_per_year" if self.rate_per_year is not None else "rate_factor"


class DemandSpec(_Record):
    """The bundled baseline demand grown to the scenario year by the dataset's growth table
    (`demand/growth.csv`, from each row's own base year), with `growth` edits on top."""

    growth: list[Growth] = Field(default_factory=list)


# ---- network edits: one record per kind --------------------------------------------------


class CloseLink(_Record):
    kind: Literal["close_link"]
    link: str


class OpenLink(_Record):
    """A planned link opens in `year` (default: the scenario year)."""

    kind: Literal["open_link"]
    link: str
    year: int | None = None


class AddLink(_Record):
    """A new link (a planned railway not in the dataset); figures carry their source."""

    kind: Literal["add_link"]
    link: str
    from_place: str = Field(alias="from")
    to_place: str = Field(alias="to")
    mode: str
    length_km: Number
    speed_kmh: Number | None = None
    crossing: str = ""
    source: str = Field(pattern=r"^(source|estimate):")

    @model_validator(mode="after")
    def _mode(self) -> AddLink:
        if self.mode not in MODES:
            raise ValueError(f"unknown mode {self.mode!r}; choose one of {', '.join(MODES)}")
        return self


class CloseCrossing(_Record):
    kind: Literal["close_crossing"]
    crossing: str


class ClosePort(_Record):
    """A port closed to ships: its sea and river links and its transfers go."""

    kind: Literal["close_port"]
    place: str


class ClosePassage(_Record):
    """A sea passage closed to ships (the Strait of Malacca, the Singapore Strait, the Gulf of
    Thailand, ...): every sea lane through it goes, ships take the next passage or none."""

    kind: Literal["close_passage"]
    passage: str


class CloseService(_Record):
    kind: Literal["close_service"]
    service: str


class Frequency(_Record):
    """Departures a week of a service (each direction): a new figure or a factor."""

    kind: Literal["frequency"]
    service: str
    departures_per_week: Number | None = None
    factor: Number | None = None


class Capacity(_Record):
    """Daily capacity of a crossing (its unit) or a terminal (TEU a day): a figure or a factor."""

    kind: Literal["capacity"]
    crossing: str | None = None
    terminal: str | None = None
    per_day: Number | None = None
    factor: Number | None = None


class GateHours(_Record):
    kind: Literal["gate_hours"]
    crossing: str
    opens: str
    closes: str
    closes_extended: str | None = None


class Regime(_Record):
    """The regime in force at some crossings ("*" for all; names, ids or border places)."""

    kind: Literal["regime"]
    crossings: list[str]
    regime: str

    @model_validator(mode="after")
    def _regime(self) -> Regime:
        if self.regime not in regime_names():
            raise ValueError(
                f"unknown regime {self.regime!r}; choose one of {', '.join(regime_names())}"
            )
        return self


class Speed(_Record):
    """Commercial speed of a link or of a mode's default: a figure or a factor."""

    kind: Literal["speed"]
    link: str | None = None
    mode: str | None = None
    speed_kmh: Number | None = None
    factor: Number | None = None


class Tariff(_Record):
    """A price: a crossing's fee (per TEU, every regime), a terminal's handling charge per TEU
    at a place, or a mode's cost per TEU-km; a figure (`usd`) or a factor."""

    kind: Literal["tariff"]
    crossing: str | None = None
    terminal: str | None = None
    mode: str | None = None
    usd: Number | None = None
    factor: Number | None = None


class ProcessTime(_Record):
    """Scale the dwell (process time) of a regime at some crossings ("*" for all)."""

    kind: Literal["process_time"]
    crossings: list[str]
    regime: str
    factor: Number


class CarbonPrice(_Record):
    kind: Literal["carbon_price"]
    usd_per_t: Number


class DemandChange(_Record):
    """Extra loaded TEU a year on a pair (and commodity), or a factor on the pair's demand."""

    kind: Literal["demand"]
    origin: str
    destination: str
    commodity: str = "*"
    teu_per_year: Number | None = None
    factor: Number | None = None


Edit = Annotated[
    CloseLink
    | OpenLink
    | AddLink
    | CloseCrossing
    | ClosePort
    | ClosePassage
    | CloseService
    | Frequency
    | Capacity
    | GateHours
    | Regime
    | Speed
    | Tariff
    | ProcessTime
    | CarbonPrice
    | DemandChange,
    Field(discriminator="kind"),
]
EDIT_KINDS: tuple[str, ...] = (
    "close_link",
    "open_link",
    "add_link",
    "close_crossing",
    "close_port",
    "close_passage",
    "close_service",
    "frequency",
    "capacity",
    "gate_hours",
    "regime",
    "speed",
    "tariff",
    "process_time",
    "carbon_price",
    "demand",
)


class LeverUse(BaseModel):
    """A named lever and its parameters; `levers.py` checks them against the lever's record."""

    model_config = ConfigDict(frozen=True, extra="allow")

    lever: str


class LoopSettings(_Record):
    """The simulation-assignment loop: when flows and border delays agree, and how hard to try.

    feedback: "curve" (default) gives the assignment a delay curve through the simulated
    point (the BPR shape scaled to the simulation); "time" gives it the simulated delay as a
    fixed extra crossing time (no shape: this can oscillate, see docs/scenarios.md).
    damping: the share of the new simulated delay taken each iteration (1 = no averaging;
    0 = the method of successive averages, 1/k).
    """

    max_iterations: int = Field(default=12, ge=1, le=200)
    tolerance_delay: float = Field(default=0.05, gt=0)  # share of crossing TEU-hours
    tolerance_h: float = Field(default=0.5, ge=0)  # a delay gap below this is noise, hours
    tolerance_flow: float = Field(default=0.02, gt=0)  # share of crossing TEU that moved
    days: int = Field(default=90, ge=14, le=3660)  # simulated days per crossing and iteration
    assignment_gap: float = Field(default=1e-2, gt=0)  # inner logit equilibrium's flow change
    feedback: Literal["curve", "time"] = "curve"
    damping: float = Field(default=0.5, ge=0, le=1)


class DisruptionSpec(_Record):
    """An element closed for some days: what `landsea scenario disrupt` runs for this scenario
    (`scenarios/disrupt.py`); a steady-state run of the scenario leaves it aside."""

    close: str
    days: float = Field(gt=0, le=365)
    start: str | None = Field(default=None, alias="from")
    source: str = Field(pattern=r"^(source|estimate):")


class Scenario(_Record):
    """A scenario as written, distributions still in place (see `resolve`)."""

    name: str = Field(pattern=r"^[a-z0-9_\-]+$")
    title: str = ""
    description: str = ""
    extends: str | None = None
    year: int = Field(ge=2000, le=2100)
    seed: int = Field(default=0, ge=0)
    regime: str = "standard"
    demand: DemandSpec = Field(default_factory=DemandSpec)
    edits: list[Edit] = Field(default_factory=list)
    levers: list[LeverUse] = Field(default_factory=list)
    loop: LoopSettings = Field(default_factory=LoopSettings)
    disruption: DisruptionSpec | None = None
    project: Project | None = None  # costs and timing for `landsea appraise`
    _sources: Any = PrivateAttr(default=None)

    @model_validator(mode="after")
    def _regime(self) -> Scenario:
        if self.regime not in regime_names():
            raise ValueError(
                f"unknown regime {self.regime!r}; choose one of {', '.join(regime_names())}"
            )
        return self

    def lever_params(self, index: int) -> dict[str, Any]:
        """The parameters given to the index-th lever (everything but its name)."""
        use = self.levers[index]
        return dict(use.model_extra or {})

    def attach_sources(self, sources: Any) -> None:
        """Remember the files it came from (a `files.SourceMap`), for errors with lines."""
        self.__pydantic_private__["_sources"] = sources  # type: ignore[index]

    def where(self, *loc: str | int) -> str:
        """`file:line: key` of a key of this scenario (just the key when read from no file)."""
        if self._sources is None:
            return ".".join(str(p) for p in loc)
        return str(self._sources.where(tuple(loc)))
