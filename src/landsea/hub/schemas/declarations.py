"""Pre-arrival declarations per crossing, risk rules, inspections and release."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StrictBool, model_validator

from landsea.hub.schemas.types import Country, Currency, HsPrefix, Money, Name, Text, Time
from landsea.vocabulary import Commodity
from landsea.vocabulary import InspectionChannel as Channel

CrossingId = Annotated[str, Field(pattern=r"^[A-Z0-9_]{1,64}$")]


class DeclarationIn(BaseModel):
    """Which crossing of the itinerary to declare."""

    model_config = ConfigDict(extra="forbid")

    crossing_id: CrossingId = Field(description="a crossing on the consignment's itinerary")


class RiskRuleIn(BaseModel):
    """Goods matching every condition given go to `channel`; a rule needs one condition at least."""

    model_config = ConfigDict(extra="forbid")

    name: Name
    hs_prefix: HsPrefix | None = None
    commodity: Commodity | None = None
    consignor_country: Country | None = None
    min_value: Money | None = None
    currency: Currency | None = None
    channel: Channel

    @model_validator(mode="after")
    def _has_condition(self) -> RiskRuleIn:
        conditions = (self.hs_prefix, self.commodity, self.consignor_country, self.min_value)
        if all(c is None for c in conditions):
            raise ValueError(
                "a rule needs a condition: hs_prefix, commodity, consignor_country or min_value"
            )
        if (self.min_value is None) != (self.currency is None):
            raise ValueError("min_value and currency go together")
        return self


class RiskRuleOut(RiskRuleIn):
    """A stored risk rule."""

    id: str
    country: str


class InspectionIn(BaseModel):
    """One authority's inspection result."""

    model_config = ConfigDict(extra="forbid")

    result: Literal["compliant", "non_compliant"]
    findings: Text = ""
    seals_intact: StrictBool | None = None
    inspected_at: Time


class InspectionOut(BaseModel):
    """An inspection as both sides see it."""

    id: str
    country: str
    inspector: str
    result: str
    findings: str
    seals_intact: bool | None
    inspected_at: datetime
    recorded_at: datetime


class SideOut(BaseModel):
    """One country's side. Channels and reasons are the authorities' own: traders do not see
    them, and a partner sees the channel but not the reasons."""

    country: str
    channel: Channel | None = None
    reasons: list[str] | None = None
    released: bool
    released_at: datetime | None


class DeclarationOut(BaseModel):
    """A declaration as the caller may see it."""

    id: str
    consignment_id: str
    document_number: str
    crossing_id: str
    place_a: str
    place_b: str
    country_a: str
    country_b: str
    status: Literal["submitted", "released", "held"]
    submitted_at: datetime
    goods: list[dict[str, object]]
    consignor: dict[str, object]
    consignee: dict[str, object]
    equipment: list[str]
    sides: list[SideOut]
    inspections: list[InspectionOut]
