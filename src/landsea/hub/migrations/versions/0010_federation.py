"""federation between national hubs: peers, outbox, nonces and received sequences

Revision ID: 0010
Revises: 0009
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "federation_peers",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("url", sa.String(length=2000), nullable=False),
        sa.Column("country", sa.String(length=2), nullable=False),
        sa.Column("kid", sa.String(length=64), nullable=False),
        sa.Column(
            "received_seq", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("added_at", sa.DateTime(), nullable=False),
        sa.Column("last_contact_at", sa.DateTime(), nullable=True),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("name"),
    )
    with op.batch_alter_table("federation_peers", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_federation_peers_kid"), ["kid"], unique=False)

    op.create_table(
        "federation_nonces",
        sa.Column("nonce", sa.String(length=64), nullable=False),
        sa.Column("peer_id", sa.String(length=36), nullable=False),
        sa.Column("seen_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["peer_id"],
            ["federation_peers.id"],
        ),
        sa.PrimaryKeyConstraint("nonce"),
    )
    with op.batch_alter_table("federation_nonces", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_federation_nonces_seen_at"), ["seen_at"], unique=False)

    op.create_table(
        "federation_outbox",
        sa.Column(
            "seq",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            autoincrement=True,
            nullable=False,
        ),
        sa.Column("peer_id", sa.String(length=36), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("subject_id", sa.String(length=100), nullable=False),
        sa.Column("jws", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", sa.DateTime(), nullable=False),
        sa.Column("delivered_at", sa.DateTime(), nullable=True),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["peer_id"],
            ["federation_peers.id"],
        ),
        sa.PrimaryKeyConstraint("seq"),
    )
    with op.batch_alter_table("federation_outbox", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_federation_outbox_peer_id"), ["peer_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_federation_outbox_status"), ["status"], unique=False)

    op.create_table(
        "federation_received",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("peer_id", sa.String(length=36), nullable=False),
        sa.Column("sequence", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("document_id", sa.String(length=36), nullable=False),
        sa.Column("received_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["imported_documents.id"],
        ),
        sa.ForeignKeyConstraint(
            ["peer_id"],
            ["federation_peers.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("peer_id", "sequence"),
    )
    with op.batch_alter_table("federation_received", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_federation_received_peer_id"), ["peer_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("federation_received", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_federation_received_peer_id"))

    op.drop_table("federation_received")
    with op.batch_alter_table("federation_outbox", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_federation_outbox_status"))
        batch_op.drop_index(batch_op.f("ix_federation_outbox_peer_id"))

    op.drop_table("federation_outbox")
    with op.batch_alter_table("federation_nonces", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_federation_nonces_seen_at"))

    op.drop_table("federation_nonces")
    with op.batch_alter_table("federation_peers", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_federation_peers_kid"))

    op.drop_table("federation_peers")
