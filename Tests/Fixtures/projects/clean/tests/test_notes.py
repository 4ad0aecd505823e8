from pathlib import Path

import pytest
from fastmcp.exceptions import ToolError

from notes_server import server
from notes_server.config import ConfigError, load_settings


@pytest.fixture(autouse=True)
def isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("NOTES_DB_PATH", str(tmp_path / "notes.db"))
    monkeypatch.setenv("NOTES_EXPORT_DIR", str(tmp_path / "exports"))
    server.settings.cache_clear()
    server.store.cache_clear()
    yield
    if server.store.cache_info().currsize:
        server.store().close()
    server.settings.cache_clear()
    server.store.cache_clear()


def test_add_then_get():
    added = server.add_note("Groceries", "milk, eggs")
    assert server.get_note(added.id).body == "milk, eggs"


def test_search_is_parameterized():
    server.add_note("Quote", "it's 100% done")
    assert [n.title for n in server.search_notes("100%")] == ["Quote"]
    assert server.search_notes("' OR 1=1 --") == []


def test_delete():
    added = server.add_note("Temp", "x")
    server.delete_note(added.id)
    with pytest.raises(ToolError):
        server.get_note(added.id)


def test_export_stays_in_export_dir(tmp_path: Path):
    added = server.add_note("Plan", "step 1")
    assert server.export_note(added.id, "plan.md") == "plan.md"
    assert (tmp_path / "exports" / "plan.md").read_text().startswith("# Plan")


def test_http_requires_api_key(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("NOTES_TRANSPORT", "http")
    monkeypatch.delenv("NOTES_API_KEY", raising=False)
    with pytest.raises(ConfigError, match="NOTES_API_KEY"):
        load_settings()
