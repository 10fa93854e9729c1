"""identity, consignments, events, audit

Revision ID: 0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:

    op.create_table(
        "audit_log",
        sa.Column("seq", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("actor", sa.String(length=64), nullable=False),
        sa.Column("action", sa.String(length=64), nullable=False),
        sa.Column("entity", sa.String(length=32), nullable=False),
        sa.Column("entity_id", sa.String(length=100), nullable=False),
        sa.Column("payload_sha256", sa.String(length=64), nullable=False),
        sa.Column("prev_hash", sa.String(length=64), nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("seq"),
    )
    op.create_table(
        "organisations",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("country", sa.String(length=2), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("name"),
    )
    op.create_table(
        "api_tokens",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("organisation_id", sa.String(length=36), nullable=False),
        sa.Column("token_sha256", sa.String(length=64), nullable=False),
        sa.Column("label", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("revoked_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("token_sha256"),
    )
    with op.batch_alter_table("api_tokens", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_api_tokens_organisation_id"), ["organisation_id"], unique=False
        )

    op.create_table(
        "consignments",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("operator_id", sa.String(length=36), nullable=False),
        sa.Column("document_number", sa.String(length=64), nullable=False),
        sa.Column("consignor", sa.JSON(), nullable=False),
        sa.Column("consignee", sa.JSON(), nullable=False),
        sa.Column("origin", sa.String(length=5), nullable=False),
        sa.Column("destination", sa.String(length=5), nullable=False),
        sa.Column("incoterm", sa.String(length=3), nullable=False),
        sa.Column("commodity", sa.String(length=32), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("planned_by", sa.String(length=16), nullable=False),
        sa.Column("planned_departure", sa.DateTime(), nullable=False),
        sa.Column("eta", sa.DateTime(), nullable=True),
        sa.Column("length_km", sa.Float(), nullable=False),
        sa.Column("planned_time_h", sa.Float(), nullable=False),
        sa.Column("transfers", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["operator_id"],
            ["organisations.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("operator_id", "document_number"),
    )
    with op.batch_alter_table("consignments", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_consignments_operator_id"), ["operator_id"], unique=False
        )

    op.create_table(
        "consignment_crossings",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("consignment_id", sa.String(length=36), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("leg_seq", sa.Integer(), nullable=False),
        sa.Column("crossing_id", sa.String(length=64), nullable=False),
        sa.Column("regime", sa.String(length=32), nullable=False),
        sa.Column("place_a", sa.String(length=5), nullable=False),
        sa.Column("place_b", sa.String(length=5), nullable=False),
        sa.Column("country_a", sa.String(length=2), nullable=False),
        sa.Column("country_b", sa.String(length=2), nullable=False),
        sa.ForeignKeyConstraint(
            ["consignment_id"],
            ["consignments.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("consignment_id", "seq"),
    )
    with op.batch_alter_table("consignment_crossings", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_consignment_crossings_consignment_id"), ["consignment_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_consignment_crossings_country_a"), ["country_a"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_consignment_crossings_country_b"), ["country_b"], unique=False
        )

    op.create_table(
        "equipment",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("consignment_id", sa.String(length=36), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("container_number", sa.String(length=11), nullable=False),
        sa.Column("size_type", sa.String(length=4), nullable=False),
        sa.Column("seal_number", sa.String(length=32), nullable=True),
        sa.ForeignKeyConstraint(
            ["consignment_id"],
            ["consignments.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("equipment", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_equipment_consignment_id"), ["consignment_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_equipment_container_number"), ["container_number"], unique=False
        )

    op.create_table(
        "events",
        sa.Column(
            "id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column("event_id", sa.String(length=100), nullable=False),
        sa.Column("organisation_id", sa.String(length=36), nullable=False),
        sa.Column("consignment_id", sa.String(length=36), nullable=False),
        sa.Column("leg_seq", sa.Integer(), nullable=True),
        sa.Column("event_type", sa.String(length=16), nullable=False),
        sa.Column("classifier", sa.String(length=3), nullable=False),
        sa.Column("type_code", sa.String(length=4), nullable=False),
        sa.Column("location", sa.String(length=5), nullable=False),
        sa.Column("event_datetime", sa.DateTime(), nullable=False),
        sa.Column("equipment_reference", sa.String(length=11), nullable=True),
        sa.Column("mode", sa.String(length=16), nullable=True),
        sa.Column("digest", sa.String(length=64), nullable=False),
        sa.Column("received_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["consignment_id"],
            ["consignments.id"],
        ),
        sa.ForeignKeyConstraint(
            ["organisation_id"],
            ["organisations.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("organisation_id", "event_id"),
    )
    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_events_consignment_id"), ["consignment_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_events_location"), ["location"], unique=False)

    op.create_table(
        "goods_items",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("consignment_id", sa.String(length=36), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("hs_code", sa.String(length=10), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("packages", sa.Integer(), nullable=False),
        sa.Column("package_type", sa.String(length=2), nullable=False),
        sa.Column("gross_mass_kg", sa.Float(), nullable=False),
        sa.Column("value", sa.Float(), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.ForeignKeyConstraint(
            ["consignment_id"],
            ["consignments.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("goods_items", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_goods_items_consignment_id"), ["consignment_id"], unique=False
        )

    op.create_table(
        "legs",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("consignment_id", sa.String(length=36), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("mode", sa.String(length=16), nullable=False),
        sa.Column("from_place", sa.String(length=5), nullable=False),
        sa.Column("to_place", sa.String(length=5), nullable=False),
        sa.Column("length_km", sa.Float(), nullable=False),
        sa.Column("planned_time_h", sa.Float(), nullable=False),
        sa.Column("places", sa.JSON(), nullable=False),
        sa.Column("carrier_id", sa.String(length=36), nullable=True),
        sa.Column("planned_departure", sa.DateTime(), nullable=False),
        sa.Column("planned_arrival", sa.DateTime(), nullable=False),
        sa.Column("estimated_departure", sa.DateTime(), nullable=True),
        sa.Column("estimated_arrival", sa.DateTime(), nullable=True),
        sa.Column("actual_departure", sa.DateTime(), nullable=True),
        sa.Column("actual_arrival", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["carrier_id"],
            ["organisations.id"],
        ),
        sa.ForeignKeyConstraint(
            ["consignment_id"],
            ["consignments.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("consignment_id", "seq"),
    )
    with op.batch_alter_table("legs", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_legs_carrier_id"), ["carrier_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_legs_consignment_id"), ["consignment_id"], unique=False
        )


def downgrade() -> None:

    with op.batch_alter_table("legs", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_legs_consignment_id"))
        batch_op.drop_index(batch_op.f("ix_legs_carrier_id"))

    op.drop_table("legs")
    with op.batch_alter_table("goods_items", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_goods_items_consignment_id"))

    op.drop_table("goods_items")
    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_events_location"))
        batch_op.drop_index(batch_op.f("ix_events_consignment_id"))

    op.drop_table("events")
    with op.batch_alter_table("equipment", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_equipment_container_number"))
        batch_op.drop_index(batch_op.f("ix_equipment_consignment_id"))

    op.drop_table("equipment")
    with op.batch_alter_table("consignment_crossings", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_consignment_crossings_country_b"))
        batch_op.drop_index(batch_op.f("ix_consignment_crossings_country_a"))
        batch_op.drop_index(batch_op.f("ix_consignment_crossings_consignment_id"))

    op.drop_table("consignment_crossings")
    with op.batch_alter_table("consignments", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_consignments_operator_id"))

    op.drop_table("consignments")
    with op.batch_alter_table("api_tokens", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_api_tokens_organisation_id"))

    op.drop_table("api_tokens")
    op.drop_table("organisations")
    op.drop_table("audit_log")
