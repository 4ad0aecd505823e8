"""Configuration read from ``WEATHER_*`` environment variables and validated at startup."""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal, cast

Units = Literal["metric", "imperial"]
Transport = Literal["stdio", "streamable-http"]

LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")
LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "::1")


class ConfigError(ValueError):
    """Raised when the environment does not describe a runnable server."""


@dataclass(frozen=True)
class Settings:
    """Validated runtime settings. Secrets are excluded from ``repr``."""

    api_key: str
    units: Units = "metric"
    log_level: str = "INFO"
    transport: Transport = "stdio"
    host: str = "127.0.0.1"
    port: int = 8000
    http_token: str | None = None
    allowed_origins: tuple[str, ...] = ()

    def __repr__(self) -> str:
        return (
            f"Settings(units={self.units!r}, log_level={self.log_level!r}, "
            f"transport={self.transport!r}, host={self.host!r}, port={self.port}, "
            f"api_key=***, http_token={'***' if self.http_token else None})"
        )


def log_level_from_env() -> str:
    """The log level, usable before the rest of the configuration is validated."""
    level = os.environ.get("WEATHER_LOG_LEVEL", "INFO").strip().upper()
    return level if level in LOG_LEVELS else "INFO"


def load_settings() -> Settings:
    """Read and validate every ``WEATHER_*`` variable; raise ``ConfigError`` naming the culprit."""
    api_key = os.environ.get("WEATHER_API_KEY", "").strip()
    if not api_key:
        raise ConfigError(
            "WEATHER_API_KEY is not set. Set it to your weather data provider key "
            "(any non-empty value works with the bundled offline data set)."
        )

    units = os.environ.get("WEATHER_UNITS", "metric").strip().lower()
    if units not in ("metric", "imperial"):
        raise ConfigError(f"WEATHER_UNITS must be 'metric' or 'imperial', got {units!r}.")

    log_level = os.environ.get("WEATHER_LOG_LEVEL", "INFO").strip().upper()
    if log_level not in LOG_LEVELS:
        raise ConfigError(f"WEATHER_LOG_LEVEL must be one of {', '.join(LOG_LEVELS)}, got {log_level!r}.")

    transport = os.environ.get("WEATHER_TRANSPORT", "stdio").strip().lower()
    if transport not in ("stdio", "streamable-http"):
        raise ConfigError(f"WEATHER_TRANSPORT must be 'stdio' or 'streamable-http', got {transport!r}.")

    host = os.environ.get("WEATHER_HOST", "127.0.0.1").strip()
    port_text = os.environ.get("WEATHER_PORT", "8000").strip()
    try:
        port = int(port_text)
    except ValueError:
        raise ConfigError(f"WEATHER_PORT must be an integer, got {port_text!r}.") from None
    if not 1 <= port <= 65535:
        raise ConfigError(f"WEATHER_PORT must be between 1 and 65535, got {port}.")

    http_token = os.environ.get("WEATHER_HTTP_TOKEN", "").strip() or None
    if transport == "streamable-http" and host not in LOOPBACK_HOSTS and http_token is None:
        raise ConfigError(
            f"WEATHER_HTTP_TOKEN is required when the HTTP transport listens on a non-loopback host ({host})."
        )

    origins = os.environ.get("WEATHER_ALLOWED_ORIGINS", "")
    allowed_origins = tuple(o.strip().rstrip("/") for o in origins.split(",") if o.strip())

    return Settings(
        api_key=api_key,
        units=cast(Units, units),
        log_level=log_level,
        transport=cast(Transport, transport),
        host=host,
        port=port,
        http_token=http_token,
        allowed_origins=allowed_origins,
    )


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """Settings for the running process (validated once, then cached)."""
    return load_settings()
