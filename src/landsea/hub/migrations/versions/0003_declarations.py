"""declarations

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:

    op.create_table(
        "risk_rules",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("organisation_id", sa.String(length=36), nullable=False),
        sa.Column("country", sa.String(length=2), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("hs_prefix", sa.String(length=10), nullable=True),
        sa.Column("commodity", sa.String(length=32), nullable=True),
        sa.Column("consignor_country", sa.String(length=2), nullable=True),
        sa.Column("min_value", sa.Float(), nullable=True),
        sa.Column("currency", sa.String(length=3), nullable=True),
        sa.Column("channel", sa.String(length=6), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("risk_rules", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_risk_rules_country"), ["country"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_risk_rules_organisation_id"), ["organisation_id"], unique=False
        )

    op.create_table(
        "declarations",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("consignment_id", sa.String(length=36), nullable=False),
        sa.Column("crossing_seq", sa.Integer(), nullable=False),
        sa.Column("crossing_id", sa.String(length=64), nullable=False),
        sa.Column("place_a", sa.String(length=5), nullable=False),
        sa.Column("place_b", sa.String(length=5), nullable=False),
        sa.Column("country_a", sa.String(length=2), nullable=False),
        sa.Column("country_b", sa.String(length=2), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("snapshot", sa.JSON(), nullable=False),
        sa.Column("submitted_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["consignment_id"],
            ["consignments.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("consignment_id", "crossing_seq"),
    )
    with op.batch_alter_table("declarations", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_declarations_consignment_id"), ["consignment_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_declarations_country_a"), ["country_a"], unique=False)
        batch_op.create_index(batch_op.f("ix_declarations_country_b"), ["country_b"], unique=False)

    op.create_table(
        "declaration_sides",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("declaration_id", sa.String(length=36), nullable=False),
        sa.Column("country", sa.String(length=2), nullable=False),
        sa.Column("channel", sa.String(length=6), nullable=False),
        sa.Column("reasons", sa.JSON(), nullable=False),
        sa.Column("released_at", sa.DateTime(), nullable=True),
        sa.Column("released_by", sa.String(length=36), nullable=True),
        sa.ForeignKeyConstraint(
            ["declaration_id"],
            ["declarations.id"],
        ),
        sa.ForeignKeyConstraint(
            ["released_by"],
            ["organisations.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("declaration_id", "country"),
    )
    with op.batch_alter_table("declaration_sides", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_declaration_sides_declaration_id"), ["declaration_id"], unique=False
        )

    op.create_table(
        "inspections",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("declaration_id", sa.String(length=36), nullable=False),
        sa.Column("country", sa.String(length=2), nullable=False),
        sa.Column("organisation_id", sa.String(length=36), nullable=False),
        sa.Column("result", sa.String(length=16), nullable=False),
        sa.Column("findings", sa.Text(), nullable=False),
        sa.Column("seals_intact", sa.Boolean(), nullable=True),
        sa.Column("inspected_at", sa.DateTime(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["declaration_id"],
            ["declarations.id"],
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("inspections", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_inspections_declaration_id"), ["declaration_id"], unique=False
        )


def downgrade() -> None:

    with op.batch_alter_table("inspections", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_inspections_declaration_id"))

    op.drop_table("inspections")
    with op.batch_alter_table("declaration_sides", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_declaration_sides_declaration_id"))

    op.drop_table("declaration_sides")
    with op.batch_alter_table("declarations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_declarations_country_b"))
        batch_op.drop_index(batch_op.f("ix_declarations_country_a"))
        batch_op.drop_index(batch_op.f("ix_declarations_consignment_id"))

    op.drop_table("declarations")
    with op.batch_alter_table("risk_rules", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_risk_rules_organisation_id"))
        batch_op.drop_index(batch_op.f("ix_risk_rules_country"))

    op.drop_table("risk_rules")
