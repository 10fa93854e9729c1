"""DCSA event subscriptions through the webhook outbox, a token revocation counter, and an
optional price on events

Revision ID: 0008
Revises: 0007
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "dcsa_subscriptions",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("organisation_id", sa.String(length=36), nullable=False),
        sa.Column("callback_url", sa.String(length=2000), nullable=False),
        sa.Column("secret", sa.String(length=100), nullable=False),
        sa.Column("filters", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("removed_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(["organisation_id"], ["organisations.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("dcsa_subscriptions", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_dcsa_subscriptions_organisation_id"), ["organisation_id"], unique=False
        )
    # A delivery is either a webhook's (the hub's own shape) or a DCSA subscription's.
    with op.batch_alter_table("webhook_deliveries", schema=None) as batch_op:
        batch_op.alter_column("webhook_id", existing_type=sa.String(length=36), nullable=True)
        batch_op.add_column(sa.Column("subscription_id", sa.String(length=36), nullable=True))
        batch_op.create_foreign_key(
            "fk_webhook_deliveries_subscription_id",
            "dcsa_subscriptions",
            ["subscription_id"],
            ["id"],
        )
    op.create_table(
        "hub_counters",
        sa.Column("name", sa.String(length=40), nullable=False),
        sa.Column("value", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("name"),
    )
    op.execute("INSERT INTO hub_counters (name, value) VALUES ('token_revocations', 0)")
    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.add_column(sa.Column("price", sa.Float(), nullable=True))
        batch_op.add_column(sa.Column("currency", sa.String(length=3), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.drop_column("currency")
        batch_op.drop_column("price")
    op.drop_table("hub_counters")
    with op.batch_alter_table("webhook_deliveries", schema=None) as batch_op:
        batch_op.drop_constraint("fk_webhook_deliveries_subscription_id", type_="foreignkey")
        batch_op.drop_column("subscription_id")
        batch_op.alter_column("webhook_id", existing_type=sa.String(length=36), nullable=False)
    with op.batch_alter_table("dcsa_subscriptions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_dcsa_subscriptions_organisation_id"))
    op.drop_table("dcsa_subscriptions")
