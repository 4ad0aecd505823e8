"""Startup validation of the WEATHER_* environment."""

import subprocess
import sys

import pytest

from weather_server.config import ConfigError, load_settings


def test_missing_api_key_is_rejected(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("WEATHER_API_KEY")
    with pytest.raises(ConfigError, match="WEATHER_API_KEY"):
        load_settings()


@pytest.mark.parametrize(
    ("name", "value"),
    [("WEATHER_UNITS", "kelvin"), ("WEATHER_PORT", "http"), ("WEATHER_LOG_LEVEL", "loud")],
)
def test_invalid_values_name_the_variable(monkeypatch: pytest.MonkeyPatch, name: str, value: str) -> None:
    monkeypatch.setenv(name, value)
    with pytest.raises(ConfigError, match=name):
        load_settings()


def test_public_http_requires_token(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WEATHER_TRANSPORT", "streamable-http")
    monkeypatch.setenv("WEATHER_HOST", "0.0.0.0")  # noqa: S104
    with pytest.raises(ConfigError, match="WEATHER_HTTP_TOKEN"):
        load_settings()
    monkeypatch.setenv("WEATHER_HTTP_TOKEN", "test-token")
    assert load_settings().http_token == "test-token"


def test_repr_hides_secrets() -> None:
    settings = load_settings()
    assert "test-key" not in repr(settings)


def test_server_exits_non_zero_without_api_key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("WEATHER_API_KEY")
    proc = subprocess.run(
        [sys.executable, "-m", "weather_server"],
        capture_output=True,
        text=True,
        timeout=30,
        stdin=subprocess.DEVNULL,
    )
    assert proc.returncode != 0
    assert "WEATHER_API_KEY" in proc.stderr
    assert proc.stdout == ""
