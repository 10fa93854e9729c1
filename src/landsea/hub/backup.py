"""Back the hub's database up while it serves, and restore a backup into a fresh database.

SQLite: the online backup API (`sqlite3.Connection.backup`) copies a consistent snapshot page by
page while writers go on, into a file that is itself a SQLite database. PostgreSQL: `pg_dump
--format=custom` (one consistent snapshot, whatever runs meanwhile) and `pg_restore`. Either
way a restore goes into an empty database only, so nothing is overwritten by mistake, and is
checked afterwards like any hub database (`landsea hub audit verify`).
"""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
from pathlib import Path

from sqlalchemy import inspect
from sqlalchemy.engine import URL, make_url

from landsea.errors import DataError, Location
from landsea.hub.db import Database

__all__ = ["backup", "restore"]

# SQLite pages copied per step of the online backup: small steps let writers in between.
_PAGES_PER_STEP = 1024


def backup(database_url: str, out: Path) -> Path:
    """Write a consistent backup of the hub's database to `out` (SQLite: a database file;
    PostgreSQL: a pg_dump custom-format archive). A partial file is removed on failure.

    Raises:
        DataError: `out` exists already, or the database cannot be read or dumped.
    """
    if out.exists():
        raise DataError(f"{out} exists already; backups never overwrite", Location(str(out)))
    url = make_url(database_url)
    try:
        if url.get_backend_name() == "sqlite":
            _sqlite_backup(_sqlite_path(url), out)
        else:
            _run(["pg_dump", "--format=custom", "--no-owner", f"--file={out}", _libpq(url)])
    except BaseException:
        out.unlink(missing_ok=True)
        raise
    return out


def restore(database_url: str, backup_file: Path) -> None:
    """Restore a backup into an empty database (a new SQLite file, or a PostgreSQL database
    without tables).

    Raises:
        DataError: the backup is missing or unreadable, or the target holds tables already.
    """
    if not backup_file.is_file():
        raise DataError(f"no backup file {backup_file}", Location(str(backup_file)))
    url = make_url(database_url)
    _check_empty(database_url)
    if url.get_backend_name() == "sqlite":
        _sqlite_restore(backup_file, _sqlite_path(url))
    else:
        command = ["pg_restore", "--no-owner", "--exit-on-error", f"--dbname={_libpq(url)}"]
        _run([*command, str(backup_file)])


def _sqlite_path(url: URL) -> Path:
    if not url.database or url.database == ":memory:":
        raise DataError(f"{url} is not a SQLite file", Location("database"))
    return Path(url.database)


def _sqlite_backup(source: Path, out: Path) -> None:
    if not source.is_file():
        raise DataError(f"no SQLite database at {source}", Location(str(source)))
    with (
        sqlite3.connect(f"file:{source}?mode=ro", uri=True) as src,
        sqlite3.connect(out) as dst,
    ):
        src.backup(dst, pages=_PAGES_PER_STEP)
    # The connection context managers commit but do not close.
    src.close()
    dst.close()


def _sqlite_restore(backup_file: Path, target: Path) -> None:
    try:
        with sqlite3.connect(f"file:{backup_file}?mode=ro", uri=True) as src:
            src.execute("PRAGMA schema_version").fetchone()  # not a SQLite file: fails here
            with sqlite3.connect(target) as dst:
                src.backup(dst, pages=_PAGES_PER_STEP)
            dst.close()
        src.close()
    except sqlite3.DatabaseError as err:
        raise DataError(
            f"{backup_file} is not a SQLite backup: {err}", Location(str(backup_file))
        ) from None


def _check_empty(database_url: str) -> None:
    db = Database(database_url)
    try:
        tables = inspect(db.engine).get_table_names()
    finally:
        db.dispose()
    if tables:
        raise DataError(
            f"the target database holds {len(tables)} tables already; restore into an empty one",
            Location("database"),
        )


def _libpq(url: URL) -> str:
    """The SQLAlchemy URL as libpq takes it (`postgresql://...`, the password included)."""
    return url.set(drivername="postgresql").render_as_string(hide_password=False)


def _run(command: list[str]) -> None:
    if shutil.which(command[0]) is None:
        raise DataError(
            f"{command[0]} is not installed (PostgreSQL client tools)", Location("PATH")
        )
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        message = done.stderr.strip().splitlines()[-1] if done.stderr.strip() else "failed"
        raise DataError(f"{command[0]}: {message}", Location(command[0]))
