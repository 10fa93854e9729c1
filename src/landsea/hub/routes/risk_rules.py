"""Risk rules: each authority keeps its own; they decide its channel for new declarations."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, status

from landsea.hub.auth import Principal
from landsea.hub.deps import Hub, allowed
from landsea.hub.models import RiskRule
from landsea.hub.policy import Action
from landsea.hub.schemas.declarations import RiskRuleIn, RiskRuleOut
from landsea.hub.services import declarations

router = APIRouter(prefix="/risk-rules", tags=["declarations"])

Authority = Annotated[Principal, Depends(allowed(Action.KEEP_RISK_RULES))]


def _out(rule: RiskRule) -> RiskRuleOut:
    return RiskRuleOut.model_validate(rule, from_attributes=True)


@router.post("", status_code=status.HTTP_201_CREATED)
def add_rule(context: Hub, caller: Authority, body: RiskRuleIn) -> RiskRuleOut:
    """Add a rule for your country; it decides channels of declarations submitted from now."""
    with context.db.write() as session:
        return _out(declarations.add_rule(session, caller, body))


@router.get("")
def list_rules(context: Hub, caller: Authority) -> list[RiskRuleOut]:
    """Your country's rules (another country's rules are its own business)."""
    with context.db.read() as session:
        return [_out(rule) for rule in declarations.rules_of(session, caller)]


@router.delete("/{rule_id}", status_code=status.HTTP_204_NO_CONTENT)
def remove_rule(context: Hub, caller: Authority, rule_id: uuid.UUID) -> None:
    """Remove one of your country's rules."""
    with context.db.write() as session:
        declarations.remove_rule(session, caller, str(rule_id))
