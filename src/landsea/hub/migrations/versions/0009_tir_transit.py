"""eTIR-style transit records: TIR transports, their customs offices and operations

Revision ID: 0009
Revises: 0008
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "tir_transports",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("reference", sa.String(length=64), nullable=False),
        sa.Column("holder_org_id", sa.String(length=36), nullable=False),
        sa.Column("holder_name", sa.String(length=200), nullable=False),
        sa.Column("holder_tir_id", sa.String(length=64), nullable=False),
        sa.Column("guarantee_chain", sa.String(length=200), nullable=False),
        sa.Column("guarantee_reference", sa.String(length=64), nullable=False),
        sa.Column("guarantee_amount", sa.Float(), nullable=False),
        sa.Column("guarantee_currency", sa.String(length=3), nullable=False),
        sa.Column("consignment_id", sa.String(length=36), nullable=True),
        sa.Column("seals", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["consignment_id"],
            ["consignments.id"],
        ),
        sa.ForeignKeyConstraint(
            ["holder_org_id"],
            ["organisations.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("reference"),
    )
    with op.batch_alter_table("tir_transports", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_tir_transports_consignment_id"), ["consignment_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_tir_transports_holder_org_id"), ["holder_org_id"], unique=False
        )

    op.create_table(
        "tir_offices",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("transport_id", sa.String(length=36), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("place", sa.String(length=5), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("country", sa.String(length=2), nullable=False),
        sa.ForeignKeyConstraint(
            ["transport_id"],
            ["tir_transports.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("transport_id", "seq"),
    )
    with op.batch_alter_table("tir_offices", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_tir_offices_country"), ["country"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_tir_offices_transport_id"), ["transport_id"], unique=False
        )

    op.create_table(
        "tir_operations",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("transport_id", sa.String(length=36), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("office_seq", sa.Integer(), nullable=False),
        sa.Column("arrived_at", sa.DateTime(), nullable=True),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("seals_intact", sa.Boolean(), nullable=True),
        sa.Column("inspection", sa.String(length=16), nullable=False),
        sa.Column("result", sa.String(length=16), nullable=True),
        sa.Column("findings", sa.Text(), nullable=False),
        sa.Column("seals", sa.JSON(), nullable=False),
        sa.Column("recorded_by", sa.String(length=36), nullable=False),
        sa.Column("recorded_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["recorded_by"],
            ["organisations.id"],
        ),
        sa.ForeignKeyConstraint(
            ["transport_id"],
            ["tir_transports.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("transport_id", "seq"),
    )
    with op.batch_alter_table("tir_operations", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_tir_operations_transport_id"), ["transport_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("tir_operations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_tir_operations_transport_id"))

    op.drop_table("tir_operations")
    with op.batch_alter_table("tir_offices", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_tir_offices_transport_id"))
        batch_op.drop_index(batch_op.f("ix_tir_offices_country"))

    op.drop_table("tir_offices")
    with op.batch_alter_table("tir_transports", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_tir_transports_holder_org_id"))
        batch_op.drop_index(batch_op.f("ix_tir_transports_consignment_id"))

    op.drop_table("tir_transports")
