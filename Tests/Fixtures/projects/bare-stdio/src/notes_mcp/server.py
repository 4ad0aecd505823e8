"""Notes over MCP, on stdio."""

import logging
import os
import sys
from pathlib import Path

from mcp.server.fastmcp import FastMCP

logging.basicConfig(stream=sys.stderr, level=logging.INFO)

NOTES_DIR = Path(os.environ.get("NOTES_DIR", "~/notes")).expanduser()
API_TOKEN = os.environ["NOTES_API_TOKEN"]

mcp = FastMCP("notes")


@mcp.tool()
def list_notes() -> list[str]:
    """List the names of the notes in the notes folder."""
    return sorted(p.name for p in NOTES_DIR.glob("*.md"))


def main() -> None:
    mcp.run()
