"""Tool behaviour: called directly and through the MCP server."""

from datetime import date, datetime, timezone

import pytest
from mcp.server.mcpserver.exceptions import ToolError

from weather_server.config import get_settings
from weather_server.server import TOOL_NAMES, get_current_conditions, get_forecast, list_cities, mcp
from weather_server.weather import CITIES, MAX_FORECAST_DAYS, find_city, forecast


def test_list_cities_returns_bundled_table() -> None:
    result = list_cities()
    assert [c.name for c in result.cities] == [c.name for c in CITIES]
    assert all(len(c.country) == 2 for c in result.cities)


def test_forecast_has_requested_days_starting_today() -> None:
    result = get_forecast("Berlin", 5)
    today = datetime.now(timezone.utc).date()
    assert result.city == "Berlin"
    assert len(result.days) == 5
    assert result.days[0].date == today.isoformat()
    for day in result.days:
        assert day.temperature_min <= day.temperature_max
        assert 0 <= day.precipitation_chance_percent <= 100


def test_forecast_is_deterministic() -> None:
    city = find_city("Tokyo")
    first = forecast(city, date(2025, 1, 15), 7, "metric")
    second = forecast(city, date(2025, 1, 15), 7, "metric")
    assert first == second


def test_city_lookup_ignores_case_and_accents() -> None:
    assert get_forecast("  new york ", 1).city == "New York"
    assert find_city("REYKJAVÍK").name == "Reykjavik"


def test_seasons_follow_hemisphere() -> None:
    january, july = date(2025, 1, 15), date(2025, 7, 15)
    berlin, sydney = find_city("Berlin"), find_city("Sydney")

    def mean_max(city: str, start: date) -> float:
        days = forecast(find_city(city), start, 7, "metric").days
        return sum(d.temperature_max for d in days) / len(days)

    assert mean_max(berlin.name, july) > mean_max(berlin.name, january)
    assert mean_max(sydney.name, january) > mean_max(sydney.name, july)


def test_imperial_units(monkeypatch: pytest.MonkeyPatch) -> None:
    metric = get_forecast("Cairo", 1)
    monkeypatch.setenv("WEATHER_UNITS", "imperial")
    get_settings.cache_clear()
    imperial = get_forecast("Cairo", 1)
    assert imperial.units.temperature == "F"
    assert imperial.days[0].temperature_max == pytest.approx(metric.days[0].temperature_max * 9 / 5 + 32, abs=0.2)


def test_current_conditions() -> None:
    result = get_current_conditions("Singapore")
    assert result.city == "Singapore"
    assert result.units.temperature == "C"
    assert 0 <= result.humidity_percent <= 100
    assert result.observed_at.endswith(":00:00Z")


def test_unknown_city_is_a_tool_error() -> None:
    with pytest.raises(ToolError, match="list_cities"):
        get_forecast("Atlantis", 3)


def test_forecast_rejects_out_of_range_days() -> None:
    with pytest.raises(ValueError):
        forecast(find_city("Berlin"), date(2025, 1, 1), MAX_FORECAST_DAYS + 1, "metric")


async def _tools() -> dict[str, dict[str, object]]:
    return {t.name: t.model_dump(by_alias=True, exclude_none=True) for t in await mcp.list_tools()}


def test_tools_are_read_only_and_documented() -> None:
    import anyio

    tools = anyio.run(_tools)
    assert sorted(tools) == sorted(TOOL_NAMES)
    for tool in tools.values():
        annotations = tool["annotations"]
        assert isinstance(annotations, dict)
        assert annotations["readOnlyHint"] is True
        assert annotations["destructiveHint"] is False
        description = tool["description"]
        assert isinstance(description, str) and 20 <= len(description) <= 1000
        schema = tool["inputSchema"]
        assert isinstance(schema, dict) and schema["type"] == "object"
        for prop in schema.get("properties", {}).values():
            assert prop.get("description"), f"{tool['name']}: parameter without description"


def test_validation_errors_are_concise() -> None:
    from weather_server.errors import concise

    report = (
        "Error executing tool get_forecast: 2 validation errors for get_forecastArguments\n"
        "city\n  Field required [type=missing, input_value={}, input_type=dict]\n"
        "    For further information visit https://errors.pydantic.dev/2.14/v/missing\n"
        "days\n  Input should be less than or equal to 7 [type=less_than_equal, input_value=9, input_type=int]\n"
        "    For further information visit https://errors.pydantic.dev/2.14/v/less_than_equal"
    )
    assert concise(report) == (
        "Invalid arguments for get_forecast: city: Field required; days: Input should be less than or equal to 7."
    )
    assert concise("Unknown city 'Atlantis'. Call list_cities to see the supported cities.") is None
