"""eTIR-style transit records: a TIR transport, its guarantee, seals and customs offices, and
the operations customs record at those offices (start, crossing, termination, discharge)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StrictBool, model_validator

from landsea.hub.schemas.types import Currency, Locode, Name, Reference, Text, Time

Seal = Annotated[str, Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9._/-]{0,31}$")]
Seals = Annotated[list[Seal], Field(min_length=1, max_length=50)]
Amount = Annotated[
    float, Field(strict=True, gt=0, le=1e12, allow_inf_nan=False, description="guarantee amount")
]
TirStatus = Literal["registered", "started", "terminated", "discharged"]
OfficeRole = Literal["departure", "en_route", "destination"]


class HolderIn(BaseModel):
    """The TIR carnet holder: who answers for the duties and taxes at risk."""

    model_config = ConfigDict(extra="forbid")

    name: Name
    tir_id: Reference = Field(description="the holder's TIR identification number")


class GuaranteeIn(BaseModel):
    """The guarantee covering the transport (in TIR, a national association's chain)."""

    model_config = ConfigDict(extra="forbid")

    chain: Name = Field(description="the guarantee chain, e.g. the IRU's")
    reference: Reference = Field(description="the guarantee (carnet) number")
    amount: Amount
    currency: Currency


class RouteIn(BaseModel):
    """The customs offices of the route, as UN/LOCODE places of the corridor network: one of
    departure, the offices en route in the order they are passed (the exit and the entry office
    of each border), one of destination."""

    model_config = ConfigDict(extra="forbid")

    departure: Locode
    en_route: Annotated[list[Locode], Field(max_length=20)] = []
    destination: Locode

    @model_validator(mode="after")
    def _distinct(self) -> RouteIn:
        places = [self.departure, *self.en_route, self.destination]
        if len(set(places)) != len(places):
            raise ValueError("an office appears twice on the route")
        return self


class TirTransportIn(BaseModel):
    """A TIR transport as its holder registers it (the advance cargo information)."""

    model_config = ConfigDict(extra="forbid")

    reference: Reference = Field(description="the transport's reference, unique on the hub")
    holder: HolderIn
    guarantee: GuaranteeIn
    offices: RouteIn
    consignment_id: str | None = Field(
        default=None,
        pattern=r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$",
        description="the holder's consignment this transport carries, if any",
    )


class SealInspectionIn(BaseModel):
    """What an inspection found; new seals replace the old ones after it."""

    model_config = ConfigDict(extra="forbid")

    result: Literal["compliant", "non_compliant"]
    findings: Text = ""
    new_seals: Annotated[list[Seal], Field(max_length=50)] = []


class StartIn(BaseModel):
    """Customs at the office of departure accept the transport and affix their seals."""

    model_config = ConfigDict(extra="forbid")

    office: Locode
    at: Time
    seals: Seals


class CrossingIn(BaseModel):
    """The transport passes an office en route. With the seals intact, re-inspection is skipped
    (TIR's point); a broken seal forces an inspection, whose result goes with it."""

    model_config = ConfigDict(extra="forbid")

    office: Locode
    arrived_at: Time
    departed_at: Time
    seals_intact: StrictBool
    inspection: SealInspectionIn | None = None

    @model_validator(mode="after")
    def _in_order(self) -> CrossingIn:
        if self.departed_at < self.arrived_at:
            raise ValueError("departed_at is before arrived_at")
        return self


class TerminationIn(BaseModel):
    """The transport ends at the office of destination; seals checked as at a crossing."""

    model_config = ConfigDict(extra="forbid")

    office: Locode
    at: Time
    seals_intact: StrictBool
    inspection: SealInspectionIn | None = None


class DischargeIn(BaseModel):
    """Customs of destination discharge the guarantee: nothing more is owed under it."""

    model_config = ConfigDict(extra="forbid")

    at: Time
    remarks: Text = ""


class OfficeOut(BaseModel):
    """A customs office of the route, by name and UN/LOCODE, and whether it has been passed."""

    seq: int
    role: OfficeRole
    place: str
    name: str
    country: str
    done: bool


class OperationOut(BaseModel):
    """An operation recorded at an office."""

    seq: int
    kind: Literal["start", "crossing", "termination", "discharge"]
    office: str
    office_name: str
    country: str
    arrived_at: datetime | None
    at: datetime
    seals_intact: bool | None
    inspection: Literal["none", "skipped", "performed", "forced"] = Field(
        description="skipped: seals intact under TIR; forced: a seal was broken"
    )
    result: str | None
    findings: str
    seals: list[str]
    recorded_at: datetime


class GuaranteeOut(BaseModel):
    """The guarantee and whether it is discharged."""

    chain: str
    reference: str
    amount: float
    currency: str
    discharged: bool


class TirTransportOut(BaseModel):
    """A TIR transport as its holder and the authorities on its route see it."""

    id: str
    reference: str
    status: TirStatus
    next_step: str
    holder: dict[str, str]
    guarantee: GuaranteeOut
    consignment_id: str | None
    seals: list[str]
    offices: list[OfficeOut]
    operations: list[OperationOut]
    created_at: datetime
    updated_at: datetime
