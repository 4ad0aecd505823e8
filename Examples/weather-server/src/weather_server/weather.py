"""Deterministic, offline weather model.

Every value is a pure function of (city, date, hour): no network access, no randomness,
so answers are reproducible in tests and under load. Swap ``WeatherProvider`` for a real
provider client in a deployment that needs live data.
"""

from __future__ import annotations

import math
import unicodedata
import zlib
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from pydantic import BaseModel, Field

from weather_server.config import Units

MAX_FORECAST_DAYS = 7


@dataclass(frozen=True)
class CityClimate:
    """Climate parameters of a bundled city (temperatures in degrees Celsius)."""

    name: str
    country: str
    latitude: float
    longitude: float
    mean_temp_c: float
    seasonal_amplitude_c: float
    daily_range_c: float
    wet_days_per_year: int


# Annual mean temperature, seasonal swing, day/night range and wet days from
# long-term climate normals (rounded).
CITIES: tuple[CityClimate, ...] = (
    CityClimate("Amsterdam", "NL", 52.37, 4.90, 10.5, 7.5, 7.0, 190),
    CityClimate("Berlin", "DE", 52.52, 13.40, 10.0, 9.5, 8.5, 165),
    CityClimate("Buenos Aires", "AR", -34.60, -58.38, 18.0, 6.5, 9.0, 100),
    CityClimate("Cairo", "EG", 30.04, 31.24, 22.5, 7.0, 12.0, 5),
    CityClimate("Cape Town", "ZA", -33.92, 18.42, 17.0, 4.5, 9.5, 70),
    CityClimate("London", "GB", 51.51, -0.13, 11.5, 7.0, 7.5, 155),
    CityClimate("Mumbai", "IN", 19.08, 72.88, 27.5, 2.5, 7.0, 80),
    CityClimate("New York", "US", 40.71, -74.01, 13.0, 12.0, 8.5, 120),
    CityClimate("Reykjavik", "IS", 64.15, -21.94, 5.0, 6.0, 5.0, 200),
    CityClimate("Singapore", "SG", 1.35, 103.82, 27.5, 0.8, 7.5, 170),
    CityClimate("Sydney", "AU", -33.87, 151.21, 18.5, 5.0, 8.0, 140),
    CityClimate("Tokyo", "JP", 35.68, 139.69, 16.0, 10.0, 7.5, 115),
)


class UnitLabels(BaseModel):
    """Units used by every number in a response."""

    temperature: str = Field(description="Temperature unit: C or F.")
    wind_speed: str = Field(description="Wind speed unit: km/h or mph.")
    precipitation: str = Field(description="Precipitation unit: mm or in.")


class City(BaseModel):
    """A city the server has data for."""

    name: str
    country: str = Field(description="ISO 3166-1 alpha-2 country code.")
    latitude: float
    longitude: float


class CityList(BaseModel):
    """All cities the server has data for."""

    cities: list[City]


class Conditions(BaseModel):
    """Weather at one city for the current hour."""

    city: str
    country: str
    observed_at: str = Field(description="UTC hour the values describe, ISO 8601.")
    condition: str = Field(description="Sky condition, e.g. 'clear', 'rain', 'snow'.")
    temperature: float
    humidity_percent: int
    wind_speed: float
    precipitation: float = Field(description="Precipitation in the last hour.")
    units: UnitLabels


class DailyForecast(BaseModel):
    """Forecast for one day."""

    date: str = Field(description="Day, ISO 8601 (YYYY-MM-DD).")
    condition: str
    temperature_min: float
    temperature_max: float
    precipitation_chance_percent: int
    precipitation: float = Field(description="Expected precipitation for the day.")
    wind_speed: float


class Forecast(BaseModel):
    """A multi-day forecast for one city."""

    city: str
    country: str
    units: UnitLabels
    days: list[DailyForecast]


class UnknownCityError(LookupError):
    """The requested city is not in the bundled data set."""

    def __init__(self, name: str) -> None:
        super().__init__(name)
        self.name = name


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold().strip()


_CITY_INDEX = {_fold(c.name): c for c in CITIES}


def find_city(name: str) -> CityClimate:
    """Look a city up by name (case- and accent-insensitive)."""
    city = _CITY_INDEX.get(_fold(name))
    if city is None:
        raise UnknownCityError(name)
    return city


def _noise(*parts: object) -> float:
    """A stable pseudo-random number in [0, 1) derived from ``parts``."""
    key = "|".join(str(p) for p in parts).encode()
    return zlib.crc32(key) / 0xFFFFFFFF


def _seasonal_mean(city: CityClimate, day: date) -> float:
    # Warmest around day 200 in the north, day 17 in the south.
    peak = 200 if city.latitude >= 0 else 17
    phase = 2 * math.pi * (day.timetuple().tm_yday - peak) / 365.25
    return city.mean_temp_c + city.seasonal_amplitude_c * math.cos(phase)


def _condition(temp_c: float, wet: bool, storm: float, cloud: float) -> str:
    if wet:
        if temp_c <= 0.5:
            return "snow"
        return "thunderstorm" if storm > 0.9 and temp_c > 18 else "rain"
    if cloud < 0.35:
        return "clear"
    return "partly cloudy" if cloud < 0.7 else "cloudy"


def _temp(value_c: float, units: Units) -> float:
    return round(value_c * 9 / 5 + 32, 1) if units == "imperial" else round(value_c, 1)


def _wind(value_kmh: float, units: Units) -> float:
    return round(value_kmh / 1.609344, 1) if units == "imperial" else round(value_kmh, 1)


def _precip(value_mm: float, units: Units) -> float:
    return round(value_mm / 25.4, 2) if units == "imperial" else round(value_mm, 1)


def unit_labels(units: Units) -> UnitLabels:
    """Labels matching ``units``."""
    if units == "imperial":
        return UnitLabels(temperature="F", wind_speed="mph", precipitation="in")
    return UnitLabels(temperature="C", wind_speed="km/h", precipitation="mm")


def daily_forecast(city: CityClimate, day: date, units: Units) -> DailyForecast:
    """The forecast of ``city`` for ``day``."""
    mean = _seasonal_mean(city, day) + (_noise(city.name, day, "mean") - 0.5) * 6
    half_range = city.daily_range_c * (0.75 + _noise(city.name, day, "range") / 2) / 2
    wet_chance = city.wet_days_per_year / 365
    rain_roll = _noise(city.name, day, "rain")
    wet = rain_roll < wet_chance
    precip_mm = (1 + 14 * _noise(city.name, day, "amount")) if wet else 0.0
    chance = min(100, round(100 * wet_chance * (1.6 if wet else 0.5)))
    return DailyForecast(
        date=day.isoformat(),
        condition=_condition(mean, wet, _noise(city.name, day, "storm"), _noise(city.name, day, "cloud")),
        temperature_min=_temp(mean - half_range, units),
        temperature_max=_temp(mean + half_range, units),
        precipitation_chance_percent=chance,
        precipitation=_precip(precip_mm, units),
        wind_speed=_wind(5 + 30 * _noise(city.name, day, "wind"), units),
    )


def forecast(city: CityClimate, start: date, days: int, units: Units) -> Forecast:
    """A ``days``-day forecast starting at ``start``."""
    if not 1 <= days <= MAX_FORECAST_DAYS:
        raise ValueError(f"days must be between 1 and {MAX_FORECAST_DAYS}")
    return Forecast(
        city=city.name,
        country=city.country,
        units=unit_labels(units),
        days=[daily_forecast(city, start + timedelta(days=i), units) for i in range(days)],
    )


def current_conditions(city: CityClimate, at: datetime, units: Units) -> Conditions:
    """Conditions of ``city`` at the UTC hour of ``at``."""
    day = daily_forecast(city, at.date(), "metric")
    hour = at.hour
    # Coldest near 05:00 local solar time, warmest near 15:00.
    local_hour = (hour + city.longitude / 15) % 24
    diurnal = math.cos(2 * math.pi * (local_hour - 15) / 24)
    mid = (day.temperature_min + day.temperature_max) / 2
    half = (day.temperature_max - day.temperature_min) / 2
    raining = day.precipitation > 0 and _noise(city.name, at.date(), hour, "shower") < 0.5
    observed = at.replace(minute=0, second=0, microsecond=0)
    return Conditions(
        city=city.name,
        country=city.country,
        observed_at=observed.strftime("%Y-%m-%dT%H:00:00Z"),
        condition=day.condition if raining or day.precipitation == 0 else "cloudy",
        temperature=_temp(mid + half * diurnal, units),
        humidity_percent=round(45 + 40 * _noise(city.name, at.date(), hour, "humidity") + (10 if raining else 0)),
        wind_speed=_wind(day.wind_speed * (0.7 + 0.6 * _noise(city.name, at.date(), hour, "gust")), units),
        precipitation=_precip(day.precipitation / 6 if raining else 0.0, units),
        units=unit_labels(units),
    )
