"""Notes MCP server: tools and the notes-server entry point."""

from __future__ import annotations

import hmac
import logging
import sys
from functools import lru_cache
from typing import Annotated

from fastmcp import FastMCP
from fastmcp.exceptions import ToolError
from fastmcp.server.auth import AccessToken, TokenVerifier
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest
from pydantic import BaseModel, Field
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from notes_server import __version__
from notes_server.config import ConfigError, Settings, load_settings
from notes_server.metrics import ToolMetrics
from notes_server.store import Note, NoteStore

logger = logging.getLogger("notes_server")

TOOLS = {"add_note", "get_note", "search_notes", "delete_note", "export_note"}

mcp = FastMCP(
    "notes",
    version=__version__,
    instructions="A personal note store. Search before adding to avoid duplicates.",
    mask_error_details=True,
    middleware=[ToolMetrics(TOOLS)],
)


class NoteOut(BaseModel):
    id: int
    title: str
    body: str
    created_at: str

    @classmethod
    def of(cls, note: Note) -> NoteOut:
        return cls(id=note.id, title=note.title, body=note.body, created_at=note.created_at)


@lru_cache(maxsize=1)
def settings() -> Settings:
    return load_settings()


@lru_cache(maxsize=1)
def store() -> NoteStore:
    return NoteStore(settings().db_path)


NoteId = Annotated[int, Field(ge=1, description="Note id as returned by add_note or search_notes.")]


@mcp.tool(annotations={"readOnlyHint": False, "destructiveHint": False})
def add_note(
    title: Annotated[str, Field(min_length=1, max_length=200, description="Short title of the note.")],
    body: Annotated[str, Field(max_length=20_000, description="Note text, Markdown allowed.")],
) -> NoteOut:
    """Save a new note and return it with its id."""
    note = store().add(title.strip(), body)
    logger.info("Added note %d", note.id)
    return NoteOut.of(note)


@mcp.tool(annotations={"readOnlyHint": True, "destructiveHint": False})
def get_note(note_id: NoteId) -> NoteOut:
    """Return one note by id, with its full text."""
    note = store().get(note_id)
    if note is None:
        raise ToolError(f"No note with id {note_id}.")
    return NoteOut.of(note)


@mcp.tool(annotations={"readOnlyHint": True, "destructiveHint": False})
def search_notes(
    query: Annotated[str, Field(min_length=1, max_length=200, description="Text to look for in titles and bodies.")],
    limit: Annotated[int, Field(ge=1, le=100, description="Maximum number of notes to return.")] = 10,
) -> list[NoteOut]:
    """Find notes whose title or body contains the query text, newest first."""
    notes = store().search(query, min(limit, settings().max_results))
    return [NoteOut.of(n) for n in notes]


@mcp.tool(annotations={"readOnlyHint": False, "destructiveHint": True})
def delete_note(note_id: NoteId) -> str:
    """Delete a note permanently. This cannot be undone."""
    if not store().delete(note_id):
        raise ToolError(f"No note with id {note_id}.")
    logger.info("Deleted note %d", note_id)
    return f"Deleted note {note_id}."


@mcp.tool(annotations={"readOnlyHint": False, "destructiveHint": False})
def export_note(
    note_id: NoteId,
    filename: Annotated[str, Field(pattern=r"^[\w.-]+\.md$", description="File name ending in .md, no folders.")],
) -> str:
    """Write a note as a Markdown file into the export directory and return the file name."""
    note = store().get(note_id)
    if note is None:
        raise ToolError(f"No note with id {note_id}.")
    export_dir = settings().export_dir.resolve()
    target = (export_dir / filename).resolve()
    if not target.is_relative_to(export_dir):
        raise ToolError("filename must stay inside the export directory.")
    export_dir.mkdir(parents=True, exist_ok=True)
    target.write_text(f"# {note.title}\n\n{note.body}\n", encoding="utf-8")
    return target.name


@mcp.custom_route("/health", methods=["GET"])
async def health(request: Request) -> Response:
    return JSONResponse({"status": "ok", "version": __version__})


@mcp.custom_route("/metrics", methods=["GET"])
async def metrics(request: Request) -> Response:
    return Response(generate_latest(), media_type=CONTENT_TYPE_LATEST)


class ApiKeyVerifier(TokenVerifier):
    """Accepts `Authorization: Bearer <NOTES_API_KEY>` on the HTTP transport."""

    def __init__(self, api_key: str) -> None:
        super().__init__()
        self._api_key = api_key

    async def verify_token(self, token: str) -> AccessToken | None:
        if hmac.compare_digest(token.encode(), self._api_key.encode()):
            return AccessToken(token=token, client_id="notes-client", scopes=[])
        return None


def main() -> None:
    # Log to a file: stdout is reserved for the MCP protocol.
    logging.basicConfig(
        level=logging.INFO,
        filename="notes-server.log",
        format="%(asctime)s - %(name)s - %(levelname)s - %(message)s",
    )
    try:
        config = settings()
    except ConfigError as exc:
        logger.critical("Configuration error: %s", exc)
        sys.exit(2)
    logging.getLogger().setLevel(config.log_level)
    store()  # open the database now so a bad NOTES_DB_PATH fails at startup

    if config.transport == "http":
        assert config.api_key is not None  # enforced by load_settings
        mcp.auth = ApiKeyVerifier(config.api_key)
        mcp.run(transport="http", host=config.host, port=config.port, show_banner=False)
    else:
        mcp.run(transport="stdio", show_banner=False)


if __name__ == "__main__":
    main()
