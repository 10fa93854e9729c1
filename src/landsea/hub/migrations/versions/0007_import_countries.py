"""imported documents: the countries they concern, so imports follow the declarations' policy

Revision ID: 0007
Revises: 0006
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "imported_document_countries",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("document_id", sa.String(length=36), nullable=False),
        sa.Column("country", sa.String(length=2), nullable=False),
        sa.ForeignKeyConstraint(["document_id"], ["imported_documents.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("document_id", "country"),
    )
    with op.batch_alter_table("imported_document_countries", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_imported_document_countries_document_id"), ["document_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_imported_document_countries_country"), ["country"], unique=False
        )
    _backfill()


def _backfill() -> None:
    """Documents imported before this revision: their countries, read from their payloads."""
    conn = op.get_bind()
    documents = sa.table(
        "imported_documents", sa.column("id", sa.String), sa.column("payload", sa.JSON)
    )
    target = sa.table(
        "imported_document_countries",
        sa.column("document_id", sa.String),
        sa.column("country", sa.String),
    )
    rows: list[dict[str, Any]] = [
        {"document_id": doc_id, "country": country}
        for doc_id, payload in conn.execute(sa.select(documents.c.id, documents.c.payload))
        for country in sorted(countries_of(payload))
    ]
    if rows:
        conn.execute(sa.insert(target), rows)


def countries_of(payload: Any) -> set[str]:
    """The countries of a signed payload's crossings (frozen here, as the migration must be)."""
    document = payload.get("document") if isinstance(payload, dict) else None
    if not isinstance(document, dict):
        return set()
    sides = [document, *[c for c in document.get("crossings") or [] if isinstance(c, dict)]]
    found = {side.get(key) for side in sides for key in ("country_a", "country_b")}
    return {c for c in found if isinstance(c, str) and len(c) == 2}


def downgrade() -> None:
    op.drop_table("imported_document_countries")
