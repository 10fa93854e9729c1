"""A project's costs and timing as scenario data: the `[project]` table of a scenario file.

    [project]
    start_year = 2026           # first year of construction
    construction_years = 5      # capital cost spread evenly over these years
    horizon_years = 30          # appraisal period from start_year (construction included)
    ramp_up_years = 3           # benefits reach their full level after these years of operation
    life_years = 50             # asset life: what is left at the horizon is a residual value

    [project.capex]
    musd = { dist = "triangular", low = 5000, mode = 5300, high = 7700 }
    source = "source: ..."

    [project.opex]
    musd_per_year = 60
    source = "estimate: ..."

Figures are millions of USD (constant prices); any of them may be a distribution, as other
scenario numbers (`distributions.py`), and each carries `source:` or `estimate:`. A negative or
missing cost, or a horizon that ends before construction does, is an error naming the key and
its line (`files.py`).
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from landsea.scenarios.distributions import Number, is_distribution

# Below this cumulative probability a cost distribution may not reach negative values.
LOWEST_U = 0.001


class _Record(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)


def _not_negative(value: Number, what: str) -> None:
    if is_distribution(value):
        lowest = value.sample(LOWEST_U)  # type: ignore[union-attr]
        if lowest < 0:
            raise ValueError(f"{what} cannot be negative; its distribution reaches {lowest:,.4g}")
    elif float(value) < 0:  # type: ignore[arg-type]
        raise ValueError(f"{what} cannot be negative, got {float(value):,.4g}")  # type: ignore[arg-type]


class Capex(_Record):
    """Capital cost, millions of USD, spread evenly over the construction years."""

    musd: Number
    source: str = Field(pattern=r"^(source|estimate):")

    @field_validator("musd")
    @classmethod
    def _positive(cls, value: Number) -> Number:
        _not_negative(value, "a capital cost")
        return value


class Opex(_Record):
    """Operating and maintenance cost, millions of USD a year of operation."""

    musd_per_year: Number
    source: str = Field(pattern=r"^(source|estimate):")

    @field_validator("musd_per_year")
    @classmethod
    def _positive(cls, value: Number) -> Number:
        _not_negative(value, "an operating cost")
        return value


class Project(_Record):
    """What a project costs and when: see the module docstring."""

    start_year: int = Field(ge=2000, le=2100)
    construction_years: int = Field(ge=1, le=30)
    horizon_years: int = Field(ge=1, le=100)
    ramp_up_years: int = Field(default=0, ge=0, le=20)
    life_years: int | None = Field(default=None, ge=1, le=200)
    capex: Capex
    opex: Opex

    @model_validator(mode="after")
    def _horizon(self) -> Project:
        if self.horizon_years <= self.construction_years:
            raise ValueError(
                f"horizon_years ({self.horizon_years}) must be longer than construction_years "
                f"({self.construction_years}): no year of operation is left to appraise"
            )
        return self

    @property
    def opening_year(self) -> int:
        return self.start_year + self.construction_years

    @property
    def end_year(self) -> int:
        """The last year appraised."""
        return self.start_year + self.horizon_years - 1
