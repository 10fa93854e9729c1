"""Webhook subscriptions: what a subscriber sends and what it gets back."""

from __future__ import annotations

from typing import Annotated

from pydantic import AnyHttpUrl, BaseModel, ConfigDict, UrlConstraints

# A URL longer than the column holding it would fail in the database (a 500 on PostgreSQL,
# silently kept on SQLite): refused here, with the field named.
MAX_URL_LENGTH = 2000

WebhookUrl = Annotated[AnyHttpUrl, UrlConstraints(max_length=MAX_URL_LENGTH)]


class WebhookIn(BaseModel):
    """Where to post a consignment's new events."""

    model_config = ConfigDict(extra="forbid")

    url: WebhookUrl


class WebhookOut(BaseModel):
    """A webhook; `secret` is shown once, when it is made."""

    id: str
    consignment_id: str
    url: str
    secret: str | None = None
