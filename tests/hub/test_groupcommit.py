"""Group commit: writes of many requests share one transaction, yet each succeeds or fails alone."""

from __future__ import annotations

from concurrent.futures import Future
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from landsea.errors import ConflictError
from landsea.hub.auth import Role
from landsea.hub.db import Database
from landsea.hub.groupcommit import GroupWriter, _Job
from landsea.hub.models import Organisation
from landsea.hub.services.identity import ensure_organisation


def make(name: str, fail: bool = False) -> _Job:
    def job(session: Session) -> str:
        made = ensure_organisation(session, name, Role.CARRIER, None)
        if fail:  # after its write: the savepoint must take the write back
            raise ConflictError(f"{name} refused")
        return made.id

    return _Job(job, None, Future())


def names(db: Database) -> set[str]:
    with db.read() as session:
        return set(session.scalars(select(Organisation.name)))


def test_one_failing_write_does_not_take_the_group_down(db: Database) -> None:
    group = [make("Rail A"), make("Rail B", fail=True), make("Rail C")]
    GroupWriter(db)._commit(group)
    assert isinstance(group[0].future.result(), str)
    with pytest.raises(ConflictError):
        group[1].future.result()
    assert names(db) >= {"Rail A", "Rail C"} and "Rail B" not in names(db)


def test_a_lone_write_is_committed_and_answered(db: Database) -> None:
    writer = GroupWriter(db)
    try:
        made: Any = writer.run(lambda s: ensure_organisation(s, "Road D", Role.CARRIER, None).id)
    finally:
        writer.stop()
    assert isinstance(made, str) and "Road D" in names(db)


class Crash(BaseException):
    """Something worse than an Exception, raised inside a write."""


def test_the_writer_survives_a_crashing_write(db: Database) -> None:
    writer = GroupWriter(db)

    def crash(_session: Session) -> None:
        raise Crash

    try:
        with pytest.raises(Crash):
            writer.run(crash)
        made: Any = writer.run(lambda s: ensure_organisation(s, "Road E", Role.CARRIER, None).id)
    finally:
        writer.stop()
    assert isinstance(made, str) and "Road E" in names(db)
