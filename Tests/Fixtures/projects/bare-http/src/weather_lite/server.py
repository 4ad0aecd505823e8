"""Weather over MCP, served over Streamable HTTP."""

import logging
import os
import sys

import httpx
from mcp.server.fastmcp import FastMCP
from starlette.requests import Request
from starlette.responses import JSONResponse

logging.basicConfig(stream=sys.stderr, level=logging.INFO)

HOST = os.getenv("WEATHER_LITE_HOST", "127.0.0.1")
PORT = int(os.getenv("WEATHER_LITE_PORT", "8080"))
API_KEY = os.environ["WEATHER_LITE_API_KEY"]

mcp = FastMCP("weather-lite", host=HOST, port=PORT)


@mcp.custom_route("/health", methods=["GET"])
async def health(request: Request) -> JSONResponse:
    return JSONResponse({"status": "ok"})


@mcp.tool()
async def forecast(city: str) -> str:
    """Tomorrow's forecast for a city, from the upstream weather service."""
    async with httpx.AsyncClient(timeout=10) as client:
        r = await client.get("https://api.weather.example/v1/forecast", params={"q": city, "key": API_KEY})
        r.raise_for_status()
        return str(r.json()["summary"])


def main() -> None:
    mcp.run(transport="streamable-http")
