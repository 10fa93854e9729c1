"""Database engines and transactions: SQLite (WAL) by default, PostgreSQL by URL.

Every write runs in one transaction (`Database.write()`), so nothing is half-written. SQLite
serialises writers: a write transaction starts with BEGIN IMMEDIATE (so two writers never
deadlock upgrading a read lock), and writers of this process queue on a lock first, so they do
not spin in SQLite's busy handler. Other processes (the CLI beside a running server) wait on the
busy timeout. PostgreSQL runs writers concurrently; the audit chain takes its own lock.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator, MutableMapping, Sequence
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Connection, Engine, Select, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError
from sqlalchemy.orm import Session, sessionmaker

from landsea.errors import DataError

SQLITE_BUSY_TIMEOUT_MS = 30_000
AnySelect = Select[*tuple[Any, ...]]  # a SELECT of any columns


class Database:
    """The hub's engines and session factories for one database URL."""

    def __init__(self, url: str) -> None:
        self.url = url
        try:
            backend = make_url(url).get_backend_name()
        except ArgumentError:
            raise DataError(
                f"{url!r} is not a database URL (sqlite:///FILE or "
                "postgresql+psycopg://USER@HOST/DB)"
            ) from None
        if backend not in ("sqlite", "postgresql"):
            raise DataError(f"the hub runs on SQLite or PostgreSQL, not {backend}")
        self.is_sqlite = backend == "sqlite"
        self.engine = _sqlite_engine(url, immediate=True) if self.is_sqlite else _pg_engine(url)
        # SQLite readers use their own engine with deferred transactions, so reads never wait
        # for the writer (WAL gives them a snapshot).
        self.read_engine = _sqlite_engine(url, immediate=False) if self.is_sqlite else self.engine
        # The hot path's one-statement reads (`read_row`, `point_row`). On PostgreSQL their own
        # pool of autocommit connections: one round trip a read, where a pooled connection of
        # `engine` costs three (the pre-ping's SELECT 1, the statement, the ROLLBACK when it
        # goes back to the pool), each a wait on a server that shares the hub's cores.
        self.point_engine = self.read_engine if self.is_sqlite else _pg_point_engine(url)
        self._write_factory = sessionmaker(self.engine, expire_on_commit=False)
        self._read_factory = sessionmaker(self.read_engine, expire_on_commit=False)
        self._write_lock = threading.Lock() if self.is_sqlite else None
        self._prepared: dict[int, _Prepared] = {}

    @contextmanager
    def write(self) -> Iterator[Session]:
        """One write transaction: committed when the block ends, rolled back on any error."""
        if self._write_lock is None:
            with self._write_factory.begin() as session:
                yield session
            return
        with self._write_lock, self._write_factory.begin() as session:
            yield session

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A read-only transaction (rolled back at the end)."""
        with self._read_factory() as session:
            yield session
            session.rollback()

    @contextmanager
    def read_connection(self) -> Iterator[Connection]:
        """A read-only transaction on a Core connection, for prebuilt statements (no ORM
        session): one snapshot on SQLite, as `read()`; rolled back at the end."""
        with self.read_engine.connect() as connection:
            yield connection
            connection.rollback()

    def read_row(self, statement: AnySelect, params: dict[str, Any]) -> tuple[Any, ...] | None:
        """The first row of one read-only statement, read outside any transaction of ours.

        For a request's hot path (a token's principal, a consignment's revision): `statement`
        is built once (at module level) and compiled for this database on first use; each call
        then runs its SQL on a pooled DBAPI connection, with no SQLAlchemy connection, result
        or compiled-cache lookup around it (a tenth of a cached read's CPU), and converts the
        row's values as SQLAlchemy would (aware datetimes, say).
        """
        prepared = self._prepared.get(id(statement))
        if prepared is None or prepared.statement is not statement:
            prepared = self._prepared[id(statement)] = _Prepared(statement, self.point_engine)
        row = self.point_row(prepared.sql, prepared.parameters(params))
        return None if row is None else prepared.values(row)

    def point_row(
        self, sql: str, params: Sequence[Any] | MutableMapping[str, Any] = ()
    ) -> Sequence[Any] | None:
        """The first row of one read-only SQL statement (in the DBAPI's parameter style), as the
        driver returns it, run on a pooled connection of `point_engine` outside any transaction
        of ours.

        On PostgreSQL those connections are not pinged when taken from the pool: a connection
        the server dropped (a restart) fails its statement, is discarded, and the statement
        runs once more on a fresh one.
        """
        broken = (
            () if self.is_sqlite else (self.point_engine.dialect.loaded_dbapi.OperationalError,)
        )
        try:
            return self._point_row(sql, params, broken)
        except broken:
            return self._point_row(sql, params, broken)

    def _point_row(
        self,
        sql: str,
        params: Sequence[Any] | MutableMapping[str, Any],
        broken: tuple[type[Exception], ...],
    ) -> Sequence[Any] | None:
        connection = self.point_engine.raw_connection()
        try:
            cursor = connection.cursor()
            cursor.execute(sql, params)
            row: Sequence[Any] | None = cursor.fetchone()
            cursor.close()
        except broken:
            connection.invalidate()  # closed, and never handed out again
            raise
        finally:
            connection.close()  # back to the pool (a no-op once invalidated)
        return row

    def dispose(self) -> None:
        """Close every pooled connection."""
        self.engine.dispose()
        if self.read_engine is not self.engine:
            self.read_engine.dispose()
        if self.point_engine is not self.read_engine:
            self.point_engine.dispose()


class _Prepared:
    """A read-only statement compiled once for an engine: its SQL, how its parameters are passed
    (by position or by name, through the bound types' processors) and its columns' result
    processors."""

    def __init__(self, statement: AnySelect, engine: Engine) -> None:
        dialect = engine.dialect
        compiled = statement.compile(dialect=dialect)
        self.statement = statement
        self.sql = str(compiled)
        self._compiled = compiled
        self._order = tuple(compiled.positiontup) if compiled.positiontup else None
        self._bind_processors = {
            name: processor
            for name, bind in compiled.binds.items()
            if (processor := bind.type.dialect_impl(dialect).bind_processor(dialect)) is not None
        }
        self._result_processors = [
            column.type.dialect_impl(dialect).result_processor(dialect, None)
            for column in statement.selected_columns
        ]

    def parameters(self, params: dict[str, Any]) -> tuple[Any, ...] | MutableMapping[str, Any]:
        """The DBAPI parameters for `params` (every bind parameter of the statement by name)."""
        values = self._compiled.construct_params(params)
        for name, processor in self._bind_processors.items():
            values[name] = processor(values[name])
        return tuple(values[name] for name in self._order) if self._order else values

    def values(self, row: Sequence[Any]) -> tuple[Any, ...]:
        """The row's values as SQLAlchemy's result would give them."""
        return tuple(
            value if process is None else process(value)
            for value, process in zip(row, self._result_processors, strict=True)
        )


def _pg_engine(url: str) -> Engine:
    # Pinged when taken from the pool, so a request after a PostgreSQL restart finds a live
    # connection instead of failing on a dropped one (the hot path's single reads go through
    # `point_row` on the point engine, which retries instead of pinging).
    return create_engine(url, pool_size=20, max_overflow=20, pool_pre_ping=True)


def _pg_point_engine(url: str) -> Engine:
    """Autocommit connections for single statements: no transaction to end when one goes back
    to the pool, and no pre-ping (`Database.point_row` retries once on a dropped connection).
    Few kept: the event loop runs these reads one at a time."""
    return create_engine(
        url, pool_size=4, max_overflow=16, isolation_level="AUTOCOMMIT", pool_reset_on_return=None
    )


def _sqlite_engine(url: str, *, immediate: bool) -> Engine:
    is_memory = make_url(url).database in (None, "", ":memory:")
    if is_memory:
        raise DataError("the hub needs a SQLite file, not an in-memory database")
    engine = create_engine(
        url,
        connect_args={"check_same_thread": False, "timeout": SQLITE_BUSY_TIMEOUT_MS / 1000},
        pool_size=20,
        max_overflow=20,
    )

    @event.listens_for(engine, "connect")
    def _configure(dbapi_connection: Any, _record: Any) -> None:
        # Let SQLAlchemy, not the sqlite3 module, decide where transactions begin.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        # FULL: a commit is on disk (fsync of the WAL) before the hub acknowledges it.
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(connection: Any) -> None:
        connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

    return engine
