"""One router module per resource; `ROUTERS` is what the app includes, in documentation order."""

from __future__ import annotations

from fastapi import APIRouter

from landsea.hub.routes import (
    audit,
    consignments,
    dcsa,
    declarations,
    events,
    exchange,
    federation,
    health,
    ops,
    organisations,
    risk_rules,
    stats,
    subscriptions,
    tir,
)

ROUTERS: list[APIRouter] = [
    health.router,
    ops.router,
    organisations.router,
    consignments.router,
    events.router,
    declarations.router,
    risk_rules.router,
    audit.router,
    exchange.router,
    federation.router,
    stats.router,
    subscriptions.router,
    dcsa.router,
    tir.router,
]
