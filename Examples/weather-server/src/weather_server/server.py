"""Weather MCP server: tool definitions and the ``weather-server`` entry point."""

from __future__ import annotations

import argparse
import logging
import os
import signal
import sys
import urllib.request
from datetime import datetime, timezone
from types import FrameType
from typing import Annotated

from mcp.server.mcpserver import MCPServer
from mcp.server.mcpserver.exceptions import ToolError
from mcp.types import ToolAnnotations
from pydantic import Field
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from weather_server import __version__
from weather_server.config import ConfigError, Settings, get_settings, log_level_from_env
from weather_server.errors import ConciseValidationErrors
from weather_server.metrics import METRICS_CONTENT_TYPE, ToolMetricsMiddleware, render_metrics
from weather_server.weather import (
    CITIES,
    MAX_FORECAST_DAYS,
    City,
    CityClimate,
    CityList,
    Conditions,
    Forecast,
    UnknownCityError,
    current_conditions,
    find_city,
    forecast,
)

logger = logging.getLogger("weather_server")

LOG_FORMAT = "%(asctime)s - %(name)s - %(levelname)s - %(message)s"
TOOL_NAMES = ("list_cities", "get_current_conditions", "get_forecast")

# Every tool only reads the bundled data set: safe to call repeatedly, no side effects.
READ_ONLY = ToolAnnotations(
    read_only_hint=True,
    destructive_hint=False,
    idempotent_hint=True,
    open_world_hint=False,
)

mcp = MCPServer(
    "weather",
    title="Weather",
    version=__version__,
    instructions=(
        "Current conditions and forecasts of up to 7 days for a fixed set of cities. "
        "Call list_cities first if you are unsure whether a city is supported."
    ),
    middleware=[ToolMetricsMiddleware(TOOL_NAMES), ConciseValidationErrors()],
)

CityName = Annotated[
    str,
    Field(min_length=1, max_length=100, description="City name as returned by list_cities, e.g. 'Berlin'."),
]


def _lookup(name: str) -> CityClimate:
    try:
        return find_city(name)
    except UnknownCityError:
        raise ToolError(f"Unknown city {name!r}. Call list_cities to see the supported cities.") from None


@mcp.tool(title="List cities", annotations=READ_ONLY)
def list_cities() -> CityList:
    """List every city this server has weather data for, with country code and coordinates."""
    return CityList(
        cities=[City(name=c.name, country=c.country, latitude=c.latitude, longitude=c.longitude) for c in CITIES]
    )


@mcp.tool(title="Current conditions", annotations=READ_ONLY)
def get_current_conditions(city: CityName) -> Conditions:
    """Get the current weather (sky, temperature, humidity, wind, precipitation) for a city."""
    return current_conditions(_lookup(city), datetime.now(timezone.utc), get_settings().units)


@mcp.tool(title="Forecast", annotations=READ_ONLY)
def get_forecast(
    city: CityName,
    days: Annotated[
        int,
        Field(ge=1, le=MAX_FORECAST_DAYS, description=f"Number of days to forecast, 1 to {MAX_FORECAST_DAYS}."),
    ] = 3,
) -> Forecast:
    """Get a daily forecast (min/max temperature, precipitation chance, wind) for a city, starting today."""
    return forecast(_lookup(city), datetime.now(timezone.utc).date(), days, get_settings().units)


async def health(request: Request) -> Response:
    """Liveness/readiness probe for the HTTP transport."""
    return JSONResponse({"status": "ok", "version": __version__})


async def metrics(request: Request) -> Response:
    """Prometheus scrape endpoint."""
    return Response(render_metrics(), media_type=METRICS_CONTENT_TYPE)


# Registered with a plain call (the SDK's decorator is untyped); both stay unauthenticated.
mcp.custom_route("/health", methods=["GET"])(health)
mcp.custom_route("/metrics", methods=["GET"])(metrics)


def configure_logging(level: str) -> None:
    """Send all logs to stderr: stdout belongs to the MCP stdio protocol."""
    logging.basicConfig(level=level, stream=sys.stderr, format=LOG_FORMAT, force=True)


def run_http(settings: Settings) -> None:
    """Serve streamable HTTP with auth, Origin checks, /health and /metrics."""
    import uvicorn

    from weather_server.http_guard import GuardMiddleware

    app = mcp.streamable_http_app(host=settings.host)
    guarded = GuardMiddleware(app, settings.http_token, settings.allowed_origins)
    logger.info("Serving streamable HTTP on %s:%d (path /mcp)", settings.host, settings.port)
    uvicorn.run(guarded, host=settings.host, port=settings.port, log_config=None, timeout_graceful_shutdown=10)


def healthcheck(port: int) -> int:
    """Probe the local /health endpoint; used by the Docker HEALTHCHECK."""
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=2) as reply:
            return 0 if reply.status == 200 else 1
    except OSError as exc:
        logger.error("Health check failed: %s", exc)
        return 1


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="weather-server", description=__doc__)
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument(
        "--healthcheck", action="store_true", help="probe the running HTTP server's /health and exit 0 or 1"
    )
    return parser.parse_args(argv)


def install_stdio_signal_handlers() -> None:
    """Exit promptly on SIGTERM/SIGINT while serving stdio.

    The stdio transport reads stdin in a worker thread that a KeyboardInterrupt cannot stop, so
    without this the process lingers until its stdin closes. Tools here hold no state to flush.
    """

    def stop(signum: int, _frame: FrameType | None) -> None:
        logger.info("weather-server stopping on %s", signal.Signals(signum).name)
        logging.shutdown()
        os._exit(0)

    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, stop)


def main(argv: list[str] | None = None) -> None:
    """Validate the configuration, then serve over stdio or streamable HTTP."""
    args = parse_args(argv)
    configure_logging(log_level_from_env())
    try:
        settings = get_settings()
    except ConfigError as exc:
        logger.critical("Invalid configuration: %s", exc)
        sys.exit(2)
    configure_logging(settings.log_level)

    if args.healthcheck:
        sys.exit(healthcheck(settings.port))

    logger.info("weather-server %s starting (%s, units=%s)", __version__, settings.transport, settings.units)
    if settings.transport == "streamable-http":
        run_http(settings)
    else:
        install_stdio_signal_handlers()
        mcp.run("stdio")
    logger.info("weather-server stopped")


if __name__ == "__main__":
    main()
