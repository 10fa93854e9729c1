"""Read and write a folder of corridor tables (the CSVs of SCHEMA.md plus `parameters.toml`).

`read_tables` converts and validates (errors name file:row:field, disconnected parts warn);
`write_tables` writes into a temporary folder first, so a failure leaves nothing half-written.
"""

from __future__ import annotations

import csv
import os
import re
import shutil
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pandas as pd

from landsea.data.cells import frame_from_rows, require_columns, text_rows
from landsea.data.params import parameters_to_toml, read_parameters
from landsea.data.schema import COUNTS, DIRECTIONS, PARAMETERS_FILE, TABLE_SPECS, TableSpec
from landsea.data.tables import CorridorTables
from landsea.data.validate import check_tables, count_problems
from landsea.errors import DataError, Location


def read_tables(folder: str | os.PathLike[str], *, validate: bool = True) -> CorridorTables:
    """Read, convert and validate the tables in `folder`.

    Cells are always checked; `validate=False` skips the checks across tables, for a caller
    that wants every problem listed (`landsea.data.validate.validate_tables`) rather than the first.

    Raises:
        DataError: a missing or malformed file, or tables that do not validate.
    """
    root = Path(folder)
    if not root.is_dir():
        raise DataError("not a folder of corridor tables", Location(str(root)))
    frames = {spec.name: read_csv_table(root / spec.file, spec) for spec in TABLE_SPECS}
    parameters = read_parameters(root / PARAMETERS_FILE)
    optional = root / DIRECTIONS.file
    if optional.is_file():
        frames[DIRECTIONS.name] = read_csv_table(optional, DIRECTIONS)
    tables = CorridorTables(**frames, parameters=parameters, origin=str(root))
    if validate:
        check_tables(tables, locate_in_folder(root))
    return tables


def read_counts(path: str | os.PathLike[str], tables: CorridorTables) -> pd.DataFrame:
    """The observed counts in `path` (a `counts.csv`), checked against `tables`' elements.

    Raises:
        DataError: a missing or malformed file, a count without a source, an unknown element;
            the first problem, naming file:row:field.
    """
    name = str(path)
    counts = read_csv_table(Path(path), COUNTS, name)
    problems = count_problems(counts, tables, name)
    if problems:
        raise problems[0]
    return counts


def locate_in_folder(root: Path) -> Callable[[TableSpec], str]:
    """How validation names the file of each table in a folder of tables."""
    return lambda spec: str(root / spec.file)


def read_csv_table(path: Path, spec: TableSpec, file: str | None = None) -> pd.DataFrame:
    """One CSV file read into the typed DataFrame of `spec`."""
    name = file or str(path)
    text = read_text_frame(path, name)
    require_columns(spec, text.columns, name)
    return frame_from_rows(spec, text, name)


_TOKENIZER_LINE = re.compile(r"Expected (\d+) fields in line (\d+), saw (\d+)")


def read_text_frame(path: Path, file: str | None = None) -> pd.DataFrame:
    """A CSV file as a frame of text cells (blank cells are ""), errors naming the file and row.

    Raises:
        DataError: a file that is missing, not UTF-8 or not CSV.
    """
    name = file or str(path)
    try:
        return pd.read_csv(
            path, dtype=str, keep_default_na=False, na_filter=False, encoding="utf-8-sig"
        )
    except FileNotFoundError as missing:
        raise DataError("file missing", Location(name)) from missing
    except UnicodeDecodeError as undecodable:
        raise DataError(f"not UTF-8 text: {undecodable.reason}", Location(name)) from None
    except pd.errors.EmptyDataError:
        raise DataError("empty file: no header row", Location(name)) from None
    except pd.errors.ParserError as malformed:
        found = _TOKENIZER_LINE.search(str(malformed))
        if found:  # line counts the header as line 1; rows count from the first data line
            row = int(found.group(2)) - 1
            raise DataError("more cells than columns in the header", Location(name, row)) from None
        raise DataError(f"malformed CSV: {malformed}", Location(name)) from None


def write_tables(tables: CorridorTables, folder: str | os.PathLike[str]) -> Path:
    """Write every table and the parameters into `folder` (created if needed); returns it."""
    target = Path(folder)

    def fill(staging: Path) -> None:
        for spec in TABLE_SPECS:
            write_csv_table(staging / spec.file, spec, getattr(tables, spec.name))
        if len(tables.directions):
            write_csv_table(staging / DIRECTIONS.file, DIRECTIONS, tables.directions)
        (staging / PARAMETERS_FILE).write_text(
            parameters_to_toml(tables.parameters), encoding="utf-8"
        )

    publish_folder(target, fill)
    return target


def write_csv_table(path: Path, spec: TableSpec, frame: pd.DataFrame) -> None:
    """Write `frame` to `path` as CSV text cells, with the spec's columns in its order."""
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(spec.column_names), lineterminator="\n")
        writer.writeheader()
        writer.writerows(text_rows(spec, frame))


def publish_folder(target: Path, fill: Callable[[Path], None]) -> None:
    """Let `fill` write into a fresh staging folder, then move its files into `target`.

    A failure inside `fill` removes the staging folder and leaves `target` untouched. A new or
    empty target is swapped in by one rename; an existing one gets each file by `os.replace`,
    so files of the user's that we do not write stay where they are.

    Raises:
        DataError: `target` exists and is not a folder, or cannot be created; nothing is moved.
    """
    with _staging_folder(target) as staging:
        fill(staging)
        if not target.exists() or (target.is_dir() and not any(target.iterdir())):
            if target.exists():
                target.rmdir()
            staging.rename(target)
            return
        if not target.is_dir():
            raise DataError("exists and is not a folder", Location(str(target)))
        for written in sorted(staging.iterdir()):
            os.replace(written, target / written.name)


def publish_file(target: Path, text: str) -> None:
    """Write `text` to `target` through a temporary file in the same folder.

    Raises:
        DataError: the folder cannot be created.
        OSError: the file cannot be written; the temporary file is removed.
    """
    parent = target.parent
    _make_parent(parent)
    handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", dir=parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
        os.chmod(temporary, 0o666 & ~_umask())  # mkstemp makes it private; a file is shared
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


@contextmanager
def _staging_folder(target: Path) -> Iterator[Path]:
    parent = target.parent
    _make_parent(parent)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=parent))
    os.chmod(staging, 0o777 & ~_umask())  # mkdtemp makes it private; it may become the target
    try:
        yield staging
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)


def _make_parent(parent: Path) -> None:
    try:
        parent.mkdir(parents=True, exist_ok=True)
    except OSError as refused:
        raise DataError(
            f"cannot create folder: {refused.strerror}", Location(str(parent))
        ) from None


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current
