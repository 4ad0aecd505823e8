"""Shared fixtures: a valid environment for every test."""

from collections.abc import Iterator

import pytest

from weather_server.config import get_settings


@pytest.fixture(autouse=True)
def weather_env(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("WEATHER_API_KEY", "test-key")
    monkeypatch.setenv("WEATHER_UNITS", "metric")
    for name in ("WEATHER_TRANSPORT", "WEATHER_HOST", "WEATHER_PORT", "WEATHER_HTTP_TOKEN", "WEATHER_LOG_LEVEL"):
        monkeypatch.delenv(name, raising=False)
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()
