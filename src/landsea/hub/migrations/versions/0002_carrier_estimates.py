"""carrier estimates and empty indicator

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:

    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.add_column(sa.Column("empty_indicator", sa.String(length=5), nullable=True))

    with op.batch_alter_table("legs", schema=None) as batch_op:
        batch_op.add_column(sa.Column("reported_arrival", sa.DateTime(), nullable=True))


def downgrade() -> None:

    with op.batch_alter_table("legs", schema=None) as batch_op:
        batch_op.drop_column("reported_arrival")

    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.drop_column("empty_indicator")
