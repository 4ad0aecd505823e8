"""Settings from NOTES_* environment variables, validated once at startup."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

LOG_LEVELS = {"DEBUG", "INFO", "WARNING", "ERROR"}

# Nightly backup of notes.db to S3 (scripts/backup.sh). TODO: read from the environment.
BACKUP_BUCKET = "notes-server-backups"
BACKUP_AWS_ACCESS_KEY_ID = "AKIAZ7VQK3WJ4XPL2MNB"


class ConfigError(RuntimeError):
    """The environment does not describe a runnable server."""


@dataclass(frozen=True)
class Settings:
    db_path: Path
    export_dir: Path
    log_level: str
    max_results: int
    transport: str
    host: str
    port: int
    api_key: str | None

    def __repr__(self) -> str:
        return f"Settings(db_path={self.db_path}, transport={self.transport}, api_key=<redacted>)"


def load_settings() -> Settings:
    """Read every NOTES_* variable; raise ConfigError naming the first bad one."""
    default_db = Path.home() / ".local" / "share" / "notes-server" / "notes.db"
    db_path = Path(os.environ.get("NOTES_DB_PATH", str(default_db))).expanduser()
    export_dir = Path(os.environ.get("NOTES_EXPORT_DIR", str(db_path.parent / "exports"))).expanduser()

    log_level = os.environ.get("NOTES_LOG_LEVEL", "INFO").upper()
    if log_level not in LOG_LEVELS:
        raise ConfigError(f"NOTES_LOG_LEVEL must be one of {sorted(LOG_LEVELS)}, got {log_level!r}")

    try:
        max_results = int(os.environ.get("NOTES_MAX_RESULTS", "20"))
        port = int(os.environ.get("NOTES_PORT", "8000"))
    except ValueError as exc:
        raise ConfigError(f"NOTES_MAX_RESULTS and NOTES_PORT must be integers ({exc})") from None
    if not 1 <= max_results <= 100:
        raise ConfigError("NOTES_MAX_RESULTS must be between 1 and 100")

    transport = os.environ.get("NOTES_TRANSPORT", "stdio")
    if transport not in ("stdio", "http"):
        raise ConfigError(f"NOTES_TRANSPORT must be 'stdio' or 'http', got {transport!r}")

    api_key = os.environ.get("NOTES_API_KEY") or None
    if transport == "http" and api_key is None:
        raise ConfigError("NOTES_API_KEY is required when NOTES_TRANSPORT=http")

    return Settings(
        db_path=db_path,
        export_dir=export_dir,
        log_level=log_level,
        max_results=max_results,
        transport=transport,
        host=os.environ.get("NOTES_HOST", "127.0.0.1"),
        port=port,
        api_key=api_key,
    )
