"""Typed settings, read once from the environment (prefix LANDSEA_) and passed down.

Nothing happens at import time: call `Settings()` where a process starts.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

__all__ = ["Settings"]


class Settings(BaseSettings):
    """What a landsea process may be told from outside.

    Raises:
        pydantic.ValidationError: on construction, when a variable does not parse (a size or a
            count that is not an integer).
    """

    model_config = SettingsConfigDict(env_prefix="LANDSEA_", extra="ignore")

    database_url: str = Field(
        default="sqlite:///landsea-hub.sqlite3",
        description="SQLAlchemy URL of the hub database: SQLite by default, PostgreSQL by URL.",
    )
    out_dir: Path = Field(default=Path("out"), description="Where reports and caches are written.")
    basemap_tiles: str | None = Field(
        default=None,
        description="An online raster basemap for the dashboard, a tile URL with {z}/{x}/{y}; "
        "none by default, so the map needs nothing from outside the machine.",
    )
    max_request_bytes: int = Field(default=1_000_000, description="Hub request-size limit.")
    hub_name: str = Field(
        default="landsea-hub", description="How this hub names itself in documents it signs."
    )
    overlay: Path | None = Field(
        default=None,
        description="A dataset overlay folder (`landsea hub observed`) laid over the bundled data.",
    )
    hub_country: str | None = Field(
        default=None,
        pattern=r"^[A-Z]{2}$",
        description="The ISO 3166 country whose authorities this hub serves (federation).",
    )
    federation_retry_s: float = Field(
        default=2.0, gt=0, description="First wait before pushing to a peer again; it doubles."
    )
    federation_retry_max_s: float = Field(
        default=300.0, gt=0, description="Longest wait between pushes to a peer that is down."
    )
    federation_pull_s: float = Field(
        default=30.0, gt=0, description="How often to pull from each peer to catch up."
    )
    federation_window_s: float = Field(
        default=300.0, gt=0, description="How old (or early) a peer's signed message may be."
    )
    webhook_allowed_hosts: list[str] = Field(
        default=[],
        description="Hosts webhooks may name although not public (loopback, private, ...).",
    )
    min_public_consignments: int = Field(
        default=5, description="Suppress public statistics below this many consignments."
    )
    key_passphrase: SecretStr | None = Field(
        default=None,
        description="Encrypts the hub's signing keys at rest (or key_passphrase_file).",
    )
    key_passphrase_file: Path | None = Field(
        default=None, description="A file holding the passphrase for the hub's signing keys."
    )

    def signing_passphrase(self) -> bytes | None:
        """The passphrase the hub's private keys are encrypted under, if one is configured."""
        if self.key_passphrase is not None:
            return self.key_passphrase.get_secret_value().encode()
        if self.key_passphrase_file is not None:
            return self.key_passphrase_file.read_text(encoding="utf-8").strip().encode()
        return None
