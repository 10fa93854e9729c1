"""Hub commands: `landsea hub token create`, `landsea hub audit verify`, ...

Heavy imports (SQLAlchemy, FastAPI, uvicorn) happen inside the commands so the CLI starts fast.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from landsea.cli.output import console, print_json

if TYPE_CHECKING:
    import pandas as pd
    from sqlalchemy.orm import Session

    from landsea.config import Settings
    from landsea.hub.auth import Principal
    from landsea.hub.db import Database

hub_app = typer.Typer(no_args_is_help=True, help="The single-window hub's database and tokens.")
token_app = typer.Typer(no_args_is_help=True, help="API tokens (shown once, stored as hashes).")
audit_app = typer.Typer(no_args_is_help=True, help="The tamper-evident audit log.")
key_app = typer.Typer(no_args_is_help=True, help="This hub's signing key and trusted peer keys.")
hub_app.add_typer(token_app, name="token")
hub_app.add_typer(audit_app, name="audit")
peer_app = typer.Typer(no_args_is_help=True, help="Peer hubs this hub exchanges documents with.")
hub_app.add_typer(key_app, name="key")
hub_app.add_typer(peer_app, name="peer")

DatabaseOption = Annotated[
    str | None,
    typer.Option("--database", help="SQLAlchemy URL (default: LANDSEA_DATABASE_URL)."),
]


def _cli_admin(session: Session) -> Principal:
    """The principal CLI commands act as: an admin organisation for the local operator."""
    from landsea.hub.auth import Principal, Role
    from landsea.hub.services.identity import ensure_organisation

    org = ensure_organisation(session, CLI_ORGANISATION, Role.ADMIN, None)
    return Principal(org.id, org.name, Role.ADMIN, None, "cli")


CLI_ORGANISATION = "hub administrator (command line)"


def register(app: typer.Typer) -> None:
    """Add the hub commands to the top-level app (`landsea serve` is in cli/serve.py)."""
    app.add_typer(hub_app, name="hub")


def _settings(database: str | None) -> Settings:
    from landsea.config import Settings

    return Settings(database_url=database) if database else Settings()


@contextmanager
def _database(database: str | None) -> Iterator[Database]:
    """The hub database, upgraded to the newest schema, closed when the command ends."""
    from landsea.hub import migrate
    from landsea.hub.db import Database

    db = Database(_settings(database).database_url)
    try:
        migrate.upgrade(db.engine)
        yield db
    finally:
        db.dispose()


@token_app.command("create")
def token_create(
    role: Annotated[str, typer.Option(help="operator, carrier, authority, public or admin.")],
    org: Annotated[str, typer.Option("--org", help="Organisation name (made if new).")],
    country: Annotated[
        str | None, typer.Option(help="ISO 3166 country (required for authorities).")
    ] = None,
    label: Annotated[str, typer.Option(help="A note on what the token is for.")] = "",
    database: DatabaseOption = None,
    json_output: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Make an API token and print it once: only its hash is kept."""
    from landsea.errors import DataError
    from landsea.hub.auth import Role
    from landsea.hub.services.identity import issue_token

    try:
        chosen = Role(role)
    except ValueError:
        raise DataError(f"unknown role {role!r}; one of {', '.join(Role)}") from None
    with _database(database) as db, db.write() as session:
        issued = issue_token(session, org, chosen, country, label)
    if json_output:
        print_json(
            {
                "token": issued.token,
                "token_id": issued.token_id,
                "role": str(chosen),
                "organisation": issued.organisation_name,
                "country": issued.country,
            }
        )
        return
    console().print(
        f"token for {issued.organisation_name} ({chosen}"
        f"{' ' + issued.country if issued.country else ''}), shown once:"
    )
    typer.echo(issued.token)


@hub_app.command("demo")
def demo(
    database: DatabaseOption = None,
    json_output: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Seed a demo hub (parties, consignments along the paper's lines, events, declarations)
    and print a fresh token per demo organisation, once; running it again adds nothing twice."""
    from landsea.hub.demo import seed_demo

    with _database(database) as db:
        seeded = seed_demo(db)
    if json_output:
        print_json(
            {
                "created": seeded.created,
                "kept": seeded.kept,
                "tokens": {
                    key: {"token": t.token, "organisation": t.organisation_name, "role": t.role}
                    for key, t in seeded.tokens.items()
                },
            }
        )
        return
    console().print(f"demo hub: {seeded.created} consignments opened, {seeded.kept} already open")
    console().print("tokens, shown once (earlier demo tokens are revoked):")
    for key, issued in seeded.tokens.items():
        typer.echo(f"  {key:<20} {issued.token}  {issued.organisation_name}")


@token_app.command("revoke")
def token_revoke(token_id: str, database: DatabaseOption = None) -> None:
    """Revoke a token by its id."""
    from landsea.hub.services.identity import SYSTEM_ACTOR, revoke_token

    with _database(database) as db, db.write() as session:
        revoke_token(session, token_id, SYSTEM_ACTOR)
    console().print(f"revoked {token_id}")


@audit_app.command("verify")
def audit_verify(
    database: DatabaseOption = None,
    head: Annotated[
        str | None,
        typer.Option(
            help="A head hash printed earlier and kept elsewhere: it must still be there."
        ),
    ] = None,
    json_output: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Check the audit chain; exit 5 naming every altered, removed or reordered entry, an
    emptied log, or a tail cut off back past `--head`."""
    from landsea.hub.audit import verify

    with _database(database) as db, db.read() as session:
        report = verify(session, head)
    if json_output:
        print_json(
            {
                "entries": report.entries,
                "ok": report.ok,
                "head_hash": report.head_hash,
                "breaks": [{"seq": b.seq, "reason": b.reason} for b in report.breaks],
            }
        )
    else:
        for broken in report.breaks:
            where = f"entry {broken.seq}" if broken.seq else "log"
            console().print(f"{where}: {broken.reason}")
        verdict = "intact" if report.ok else f"BROKEN at {len(report.breaks)} place(s)"
        console().print(f"audit log: {report.entries} entries, {verdict}")
        console().print(f"head hash (keep it elsewhere to detect truncation): {report.head_hash}")
    if not report.ok:
        raise typer.Exit(5)


@hub_app.command("backup")
def hub_backup(
    out: Annotated[Path, typer.Argument(help="The backup file to write (never overwritten).")],
    database: DatabaseOption = None,
) -> None:
    """Back the database up while the hub serves: SQLite's online backup, or pg_dump's
    custom format for PostgreSQL."""
    from landsea.hub.backup import backup

    written = backup(_settings(database).database_url, out)
    console().print(f"backup written to {written} ({written.stat().st_size:,} bytes)")


@hub_app.command("restore")
def hub_restore(
    backup_file: Annotated[Path, typer.Argument(metavar="IN", help="A file from `hub backup`.")],
    database: DatabaseOption = None,
) -> None:
    """Restore a backup into an empty database; then check it with `landsea hub audit verify`."""
    from landsea.hub.backup import restore

    restore(_settings(database).database_url, backup_file)
    console().print(f"restored {backup_file}; check it with `landsea hub audit verify`")


@key_app.command("show")
def key_show(
    database: DatabaseOption = None,
    json_output: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Print this hub's public signing key (made on first use), to register on peer hubs."""
    from landsea.hub.services.exchange import own_key

    passphrase = _settings(database).signing_passphrase()
    with _database(database) as db, db.write() as session:
        key = own_key(session, passphrase)
        kid, public = key.kid, key.public_key
    if json_output:
        print_json({"kid": kid, "public_key": public})
        return
    console().print(f"key id     {kid}")
    console().print(f"public key {public}")


@key_app.command("rotate")
def key_rotate(database: DatabaseOption = None) -> None:
    """Make a new signing key; it signs from now on and the old ones stay published."""
    from landsea.hub.services.exchange import rotate_key

    passphrase = _settings(database).signing_passphrase()
    with _database(database) as db, db.write() as session:
        key = rotate_key(session, _cli_admin(session).actor, passphrase)
        kid, public = key.kid, key.public_key
    console().print(f"new key id {kid}")
    console().print(f"public key {public}")


@key_app.command("trust")
def key_trust(
    public_key: Annotated[str, typer.Option(help="The peer's public key (base64url, 32 bytes).")],
    name: Annotated[str, typer.Option(help="The peer hub's name.")],
    country: Annotated[str | None, typer.Option(help="The peer hub's country.")] = None,
    database: DatabaseOption = None,
) -> None:
    """Register a peer hub's public key, so documents it signs can be imported here."""
    from landsea.hub.services.exchange import trust_key

    with _database(database) as db, db.write() as session:
        trusted = trust_key(session, _cli_admin(session), public_key, name, country)
        kid = trusted.kid
    console().print(f"trusted {name}: key id {kid}")


@peer_app.command("add")
def peer_add(
    url: Annotated[str, typer.Option(help="The peer hub's base URL, e.g. https://hub.la.example.")],
    fingerprint: Annotated[
        str, typer.Option(help="The key id of the peer's signing key, told you out of band.")
    ],
    country: Annotated[str, typer.Option(help="The country the peer hub speaks for.")],
    database: DatabaseOption = None,
) -> None:
    """Trust a peer hub: its key comes from its published keys and must have the fingerprint."""
    import httpx

    from landsea.errors import DataError
    from landsea.hub import codes
    from landsea.hub.services.federation import add_peer

    try:
        answer = httpx.get(f"{url.rstrip('/')}/keys/published", timeout=10)
        published = answer.raise_for_status().json()
        name = str(published["hub_name"])
    except (httpx.HTTPError, ValueError, KeyError, TypeError) as err:
        raise DataError(f"cannot read the published keys of {url}: {err}") from None
    try:
        country = codes.country_code(country)
    except ValueError as err:
        raise DataError(str(err)) from None
    with _database(database) as db, db.write() as session:
        add_peer(session, _cli_admin(session), name, url, country, fingerprint, published)
    console().print(f"peer {name} ({country}) at {url}: key {fingerprint} trusted")


@peer_app.command("list")
def peer_list(
    database: DatabaseOption = None,
    json_output: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """The peer hubs, with what waits in the outbox for each and what was received."""
    from landsea.hub.services.federation import peer_states

    with _database(database) as db, db.read() as session:
        rows = [
            state.model_dump(mode="json", exclude={"last_contact_at"})
            for state in peer_states(session)
        ]
    if json_output:
        print_json(rows)
        return
    for row in rows:
        console().print(
            f"{row['name']} ({row['country']}) {row['url']}: {row['pending']} pending, "
            f"{row['delivered']} delivered, {row['dead']} refused by it, received up to "
            f"{row['received_seq']}"
            + (f"; last error: {row['last_error']}" if row["last_error"] else "")
        )
        for dead in row["dead_letters"]:
            console().print(
                f"  refused {dead['kind']} {dead['subject_id']} (sequence {dead['sequence']}): "
                f"{dead['reason']}"
            )


@peer_app.command("resend")
def peer_resend(
    sequences: Annotated[
        list[int], typer.Argument(help="Sequence numbers of dead letters (`peer list`).")
    ],
    database: DatabaseOption = None,
) -> None:
    """Send documents a peer refused again, once what it refused is put right: they go first
    in the next round (`landsea hub peer sync` sends now)."""
    from landsea.hub.services.federation import resend

    with _database(database) as db, db.write() as session:
        again = resend(session, _cli_admin(session), sequences)
    for dead in again:
        console().print(
            f"{dead.kind} {dead.subject_id} (sequence {dead.sequence}) will be sent again; "
            f"it was refused: {dead.reason}"
        )


@peer_app.command("sync")
def peer_sync(database: DatabaseOption = None) -> None:
    """Push what waits for every peer and pull what they hold for this hub, once, now."""
    import httpx

    from landsea.hub.services.federation_sync import sync_round

    settings = _settings(database)
    with _database(database) as db, httpx.Client() as client:
        sync_round(db, settings, client)
    peer_list(database)


@hub_app.command("observed")
def observed_export(
    out: Annotated[Path, typer.Option(help="Folder for the overlay (made if missing).")],
    since: Annotated[
        datetime | None, typer.Option(help="Observations ending from this UTC day or time.")
    ] = None,
    until: Annotated[
        datetime | None, typer.Option(help="Observations ending up to this UTC day or time.")
    ] = None,
    database: DatabaseOption = None,
) -> None:
    """Write what the hub observed as a dataset overlay: dwell per crossing and regime in the
    dataset's crossing_regimes.csv shape, section times and speeds, and observed beside modelled
    time and cost by section. Read it back with `landsea route --overlay DIR` or LANDSEA_OVERLAY."""
    from landsea.hub.services.observed import Period, observed_overlay, write_overlay
    from landsea.network import corridor_network

    settings = _settings(database)
    period = Period(_utc(since), _utc(until))
    with _database(database) as db, db.read() as session:
        overlay = observed_overlay(
            session,
            corridor_network(),
            settings.hub_name,
            period,
            settings.min_public_consignments,
        )
    write_overlay(overlay, out, settings.min_public_consignments)
    console().print(
        f"wrote the overlay ({overlay.source}) to {out}: "
        f"{len(overlay.crossing_regimes)} crossing regimes, {len(overlay.sections)} sections"
    )


def _utc(moment: datetime | None) -> datetime | None:
    """A time typed without an offset is read as UTC (as the options' help says)."""
    if moment is None:
        return None
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


@hub_app.command("export")
def export_document(
    kind: Annotated[str, typer.Argument(help="consignment or declaration")],
    subject_id: Annotated[str, typer.Argument(help="Its id.")],
    out: Annotated[Path | None, typer.Option(help="Write the JWS here (default: stdout).")] = None,
    database: DatabaseOption = None,
) -> None:
    """Export a consignment or declaration as a signed JWS document."""
    token = _signed(kind, subject_id, database)
    if out is None:
        typer.echo(token)
    else:
        out.write_text(token + "\n", encoding="ascii")
        console().print(f"wrote {out}")


def _signed(kind: str, subject_id: str, database: str | None) -> str:
    from landsea.hub.services import exchange

    settings = _settings(database)
    with _database(database) as db, db.write() as session:
        admin, passphrase = _cli_admin(session), settings.signing_passphrase()
        signed = exchange.export(
            session, admin, settings.hub_name, kind, subject_id, passphrase=passphrase
        )
        return signed.jws


@hub_app.command("import")
def import_document(
    path: Annotated[Path, typer.Argument(help="A file holding one JWS document.")],
    database: DatabaseOption = None,
) -> None:
    """Verify a peer hub's signed document against the trusted keys and keep it."""
    from landsea.errors import DataError
    from landsea.hub.services.exchange import import_document as verify_and_keep

    try:
        token = path.read_text(encoding="ascii").strip()
    except (OSError, UnicodeDecodeError) as err:
        raise DataError(f"cannot read {path}: {err}") from None
    with _database(database) as db, db.write() as session:
        document, again = verify_and_keep(session, _cli_admin(session), token)
        summary = f"{document.kind} {document.subject_id} from {document.issuer}"
    console().print(f"{'already imported' if again else 'imported'}: {summary}")


@hub_app.command("stats")
def stats_export(
    out: Annotated[Path, typer.Option(help="Folder for the CSV files (made if missing).")],
    database: DatabaseOption = None,
) -> None:
    """Write the public statistics (crossings, volumes, lanes, time-distance) as CSV files."""
    import json

    from landsea.hub.services.stats_queries import TABLES, public_table

    settings = _settings(database)
    lines = _corridor_lines()
    out.mkdir(parents=True, exist_ok=True)
    manifest: dict[str, object] = {"min_consignments": settings.min_public_consignments}
    with _database(database) as db, db.read() as session:
        for name in TABLES:
            frame = public_table(session, name, settings.min_public_consignments, lines)
            # "observed_" keeps them apart from the dataset's own crossings.csv and lines.csv.
            path = out / f"observed_{name.replace('-', '_')}.csv"
            frame.to_csv(path, index=False)
            manifest[name] = {"file": path.name, "rows": len(frame)}
    (out / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    console().print(f"wrote {len(TABLES)} tables to {out}")


def _corridor_lines() -> pd.DataFrame | None:
    """The bundled network's named lines (None if the network cannot be loaded)."""
    from landsea.errors import LandseaError
    from landsea.network import corridor_network

    try:
        return corridor_network().tables.lines
    except LandseaError as err:
        logging.getLogger("landsea.hub").warning("no corridor lines for statistics: %s", err)
        return None
