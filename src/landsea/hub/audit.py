"""The tamper-evident audit log: append-only, each entry hashing the one before.

An entry's hash covers its sequence number, time, actor, action, entity, a digest of the payload
and the previous entry's hash. Changing, removing or reordering any entry breaks the chain at that
point, which `verify_chain` reports. Appends are serialised: SQLite writers already are; on
PostgreSQL an advisory lock held to the end of the transaction orders them.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any, cast

from sqlalchemy import Table, func, insert, select, text
from sqlalchemy.orm import Session

from landsea.hub import bulk
from landsea.hub.models import AuditEntry, Organisation, utcnow

GENESIS_HASH = "0" * 64
_PG_AUDIT_LOCK = 0x6C616E64  # "land": any constant shared by all hub processes


@dataclass(frozen=True)
class AuditRecord:
    """What a write wants logged: who did what to which entity, with its payload."""

    actor: str
    action: str
    entity: str
    entity_id: str
    payload: Any


def canonical_json(payload: Any) -> bytes:
    """The bytes an entry's payload digest covers: sorted keys, no whitespace."""
    return json.dumps(payload, sort_keys=True, separators=(",", ":"), default=str).encode()


def entry_hash(
    seq: int,
    at: datetime,
    actor: str,
    action: str,
    entity: str,
    entity_id: str,
    payload_sha256: str,
    prev_hash: str,
) -> str:
    """An entry's hash: over its fields, its payload's digest and the previous entry's hash."""
    fields = [seq, at.isoformat(), actor, action, entity, entity_id, payload_sha256, prev_hash]
    return hashlib.sha256(canonical_json(fields)).hexdigest()


_HEAD = select(AuditEntry.seq, AuditEntry.hash).order_by(AuditEntry.seq.desc()).limit(1)


def append(session: Session, records: Iterable[AuditRecord]) -> None:
    """Append records to the chain inside the caller's transaction (call it last: it locks)."""
    records = list(records)
    if not records:
        return
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _PG_AUDIT_LOCK})
    last = session.connection().execute(_HEAD).first()  # Core: each group of events asks
    seq, prev = (last[0], last[1]) if last else (0, GENESIS_HASH)
    at = utcnow()
    rows = []
    for record in records:
        seq += 1
        digest = hashlib.sha256(canonical_json(record.payload)).hexdigest()
        fields = (seq, at, record.actor, record.action, record.entity, record.entity_id, digest)
        hash_ = entry_hash(*fields, prev)
        rows.append(_row(fields, prev, hash_))
        prev = hash_
    table = cast(Table, AuditEntry.__table__)  # Core: faster in bulk than the ORM
    if session.get_bind().dialect.name == "postgresql":
        bulk.pg_insert(session, table, rows)
    else:
        session.execute(insert(table), rows)


def record(
    session: Session, actor: str, action: str, entity: str, entity_id: str, payload: Any = None
) -> None:
    """Append one entry: `actor` did `action` to `entity` `entity_id` (payload: what changed).

    The one way a write is audited; call it last in the transaction (it takes the chain's lock).
    """
    append(
        session, [AuditRecord(actor, action, entity, entity_id, {} if payload is None else payload)]
    )


def _row(fields: tuple[Any, ...], prev_hash: str, hash_: str) -> dict[str, Any]:
    seq, at, actor, action, entity, entity_id, digest = fields
    return {
        "seq": seq,
        "at": at,
        "actor": actor,
        "action": action,
        "entity": entity,
        "entity_id": entity_id,
        "payload_sha256": digest,
        "prev_hash": prev_hash,
        "hash": hash_,
    }


@dataclass(frozen=True)
class ChainBreak:
    """Where the chain stops verifying, and why."""

    seq: int
    reason: str


@dataclass(frozen=True)
class ChainReport:
    """`head_hash` is worth keeping outside the database: with it, truncating the tail of the
    log (which leaves a valid shorter chain) is detected too."""

    entries: int
    breaks: tuple[ChainBreak, ...]
    head_hash: str | None

    @property
    def ok(self) -> bool:
        """True when no break was found."""
        return not self.breaks


def verify_chain(entries: Iterable[AuditEntry]) -> ChainReport:
    """Walk the chain in stored order; report every altered, removed or reordered entry."""
    breaks: list[ChainBreak] = []
    expected_seq, prev = 1, GENESIS_HASH
    count = 0
    head: str | None = None
    for entry in entries:
        count += 1
        breaks.extend(_check(entry, expected_seq, prev))
        expected_seq, prev, head = entry.seq + 1, entry.hash, entry.hash
    return ChainReport(count, tuple(breaks), head)


def _check(entry: AuditEntry, expected_seq: int, prev: str) -> Iterator[ChainBreak]:
    if entry.seq != expected_seq:
        yield ChainBreak(entry.seq, f"expected entry {expected_seq} here: entries removed")
    if entry.prev_hash != prev:
        yield ChainBreak(entry.seq, "previous-hash link broken: an entry removed or reordered")
    fields = (entry.seq, entry.at, entry.actor, entry.action, entry.entity, entry.entity_id)
    if entry_hash(*fields, entry.payload_sha256, entry.prev_hash) != entry.hash:
        yield ChainBreak(entry.seq, "hash does not match its content: entry altered")


def verify(session: Session, anchor: str | None = None) -> ChainReport:
    """Verify the stored chain, and what a walk of it alone cannot see: a log emptied while the
    hub holds organisations (each was logged when made), and, given `anchor` (a head hash kept
    outside the database), a tail cut off back past it."""
    report = verify_chain(load_chain(session))
    found: list[ChainBreak] = []
    if report.entries == 0 and session.scalar(select(func.count()).select_from(Organisation)):
        found.append(ChainBreak(0, "the log is empty but the hub holds organisations: emptied"))
    if anchor is not None:
        kept = session.scalar(select(AuditEntry.seq).where(AuditEntry.hash == anchor))
        if kept is None:
            found.append(ChainBreak(0, f"the anchored head {anchor} is not in the log: cut off"))
    return replace(report, breaks=report.breaks + tuple(found))


def load_chain(session: Session) -> Iterator[AuditEntry]:
    """The stored entries in sequence order, streamed."""
    yield from session.scalars(
        select(AuditEntry).order_by(AuditEntry.seq).execution_options(yield_per=1000)
    )


def entries_after(session: Session, after: int, limit: int) -> list[AuditEntry]:
    """Entries after a sequence number, in order (paging through the log)."""
    query = select(AuditEntry).where(AuditEntry.seq > after).order_by(AuditEntry.seq).limit(limit)
    return list(session.scalars(query))
