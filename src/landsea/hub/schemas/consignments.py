"""Consignments: one contract, one document (UN/CEFACT multimodal transport reference model).

A consignment names its consignor and consignee, its goods items (HS code, packages, gross mass,
value and currency) and equipment (ISO 6346 containers), origin and destination by UN/LOCODE, the
Incoterm and a commodity class; its itinerary is planned by the router or given and checked.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from landsea.hub.schemas.types import (
    ContainerNumber,
    Count,
    Country,
    Currency,
    Description,
    HsCode,
    Locode,
    Mass,
    Money,
    Name,
    Reference,
    RegimeName,
    Text,
    Time,
)
from landsea.regimes import STANDARD_NAME
from landsea.vocabulary import Commodity, Mode, Objective

Incoterm = Literal["EXW", "FCA", "CPT", "CIP", "DAP", "DPU", "DDP", "FAS", "FOB", "CFR", "CIF"]
PackageType = Annotated[str, Field(pattern=r"^[0-9A-Z]{2}$", description="UN/ECE Rec. 21 code")]
SizeType = Annotated[str, Field(pattern=r"^[0-9A-Z]{4}$", description="ISO 6346 size-type, 45G1")]


class Strict(BaseModel):
    """Input that refuses unknown fields."""

    model_config = ConfigDict(extra="forbid")


class Party(Strict):
    """Consignor or consignee."""

    name: Name
    country: Country
    address: Text = ""


class GoodsItemIn(Strict):
    """A line of goods."""

    hs_code: HsCode
    description: Description
    packages: Count
    package_type: PackageType = "CT"
    gross_mass_kg: Mass
    value: Money
    currency: Currency


class EquipmentIn(Strict):
    """A container."""

    container_number: ContainerNumber
    size_type: SizeType = "45G1"
    seal_number: Annotated[str, Field(pattern=r"^[A-Za-z0-9-]{1,32}$")] | None = None


class GivenLegIn(Strict):
    """A leg the operator gives."""

    mode: Mode
    from_place: Locode = Field(alias="from")
    to_place: Locode = Field(alias="to")
    carrier: Name | None = Field(default=None, description="carrier organisation name")


class PlanIn(Strict):
    """Ask the routing engine; `carriers` assigns a carrier organisation to every leg of a mode."""

    by: Objective = Objective.GENERALIZED
    avoid_countries: list[Country] = Field(default=[], max_length=20)
    avoid_modes: list[Mode] = Field(default=[], max_length=6)
    avoid_crossings: list[Annotated[str, Field(pattern=r"^[A-Z0-9_]{1,64}$")]] = Field(
        default=[], max_length=50
    )
    regime: RegimeName = STANDARD_NAME
    carriers: dict[Mode, Name] = {}


class ItineraryIn(Strict):
    """Either `plan` (the router plans) or `legs` (given by the operator, checked)."""

    plan: PlanIn | None = None
    legs: list[GivenLegIn] | None = Field(default=None, min_length=1, max_length=50)
    regime: RegimeName = STANDARD_NAME

    @model_validator(mode="after")
    def _one_of(self) -> ItineraryIn:
        if (self.plan is None) == (self.legs is None):
            raise ValueError("give either `plan` or `legs`")
        return self


class ConsignmentIn(Strict):
    """A consignment's one document and how to plan its itinerary."""

    document_number: Reference = Field(description="the one multimodal transport document")
    consignor: Party
    consignee: Party
    origin: Locode
    destination: Locode
    incoterm: Incoterm
    commodity: Commodity = Commodity.ELECTRONICS
    goods: list[GoodsItemIn] = Field(min_length=1, max_length=999)
    equipment: list[EquipmentIn] = Field(default=[], max_length=999)
    planned_departure: Time
    itinerary: ItineraryIn = ItineraryIn(plan=PlanIn())

    @model_validator(mode="after")
    def _distinct_ends(self) -> ConsignmentIn:
        if self.origin == self.destination:
            raise ValueError("origin and destination are the same place")
        numbers = [e.container_number for e in self.equipment]
        if len(set(numbers)) != len(numbers):
            raise ValueError("a container appears twice in equipment")
        return self


class CarrierIn(Strict):
    """The carrier organisation to give a leg to."""

    carrier: Name


class AmendmentIn(Strict):
    """A change to the document: the parts given replace the old ones; `reason` is audited.
    Declarations already submitted keep what was declared (their snapshot)."""

    reason: Name
    consignor: Party | None = None
    consignee: Party | None = None
    incoterm: Incoterm | None = None
    goods: list[GoodsItemIn] | None = Field(default=None, min_length=1, max_length=999)
    equipment: list[EquipmentIn] | None = Field(default=None, max_length=999)

    @model_validator(mode="after")
    def _changes_something(self) -> AmendmentIn:
        parts = (self.consignor, self.consignee, self.incoterm, self.goods, self.equipment)
        if all(part is None for part in parts):
            raise ValueError(
                "an amendment changes consignor, consignee, incoterm, goods or equipment"
            )
        numbers = [e.container_number for e in self.equipment or []]
        if len(set(numbers)) != len(numbers):
            raise ValueError("a container appears twice in equipment")
        return self


class CancellationIn(Strict):
    """Why the consignment is cancelled (audited)."""

    reason: Name


class GoodsItemOut(BaseModel):
    """A line of goods (value only for those who may see it)."""

    hs_code: str
    description: str
    packages: int
    package_type: str
    gross_mass_kg: float
    value: float | None = None
    currency: str | None = None


class EquipmentOut(BaseModel):
    """A container."""

    container_number: str
    size_type: str
    seal_number: str | None


class CrossingOut(BaseModel):
    """A border crossing on the itinerary."""

    crossing_id: str
    leg: int
    regime: str
    place_a: str
    place_b: str
    country_a: str
    country_b: str


class LegOut(BaseModel):
    """A leg with its planned, estimated and actual times."""

    leg: int
    mode: str
    from_place: str = Field(serialization_alias="from")
    to_place: str = Field(serialization_alias="to")
    length_km: float
    planned_time_h: float
    places: list[str]
    carrier: str | None = None
    planned_departure: datetime
    planned_arrival: datetime
    estimated_departure: datetime | None
    estimated_arrival: datetime | None
    actual_departure: datetime | None
    actual_arrival: datetime | None


class TransferOut(BaseModel):
    """A change of mode."""

    place: str
    from_mode: str
    to_mode: str
    kind: str
    time_h: float


class ConsignmentOut(BaseModel):
    """The consignment as its role sees it: fields a role does not need are left out (None)."""

    model_config = ConfigDict(ser_json_inf_nan="null")

    id: str
    document_number: str
    status: str
    origin: str
    destination: str
    commodity: str
    incoterm: str | None = None
    consignor: Party | None = None
    consignee: Party | None = None
    goods: list[GoodsItemOut]
    equipment: list[EquipmentOut]
    planned_by: str
    planned_departure: datetime
    eta: datetime | None
    length_km: float
    planned_time_h: float
    legs: list[LegOut]
    transfers: list[TransferOut]
    crossings: list[CrossingOut]
    operator: str | None = None
