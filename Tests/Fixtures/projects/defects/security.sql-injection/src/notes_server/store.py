"""SQLite storage for notes. Every query is parameterized."""

from __future__ import annotations

import sqlite3
import threading
from dataclasses import dataclass
from pathlib import Path

SCHEMA = """
CREATE TABLE IF NOT EXISTS notes (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    title      TEXT NOT NULL,
    body       TEXT NOT NULL,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);
"""

INSERT_NOTE = "INSERT INTO notes (title, body) VALUES (?, ?)"
SELECT_NOTE = "SELECT id, title, body, created_at FROM notes WHERE id = ?"
DELETE_NOTE = "DELETE FROM notes WHERE id = ?"
SEARCH_NOTES = """
SELECT id, title, body, created_at FROM notes
WHERE title LIKE '%' || ? || '%' ESCAPE '\\' OR body LIKE '%' || ? || '%' ESCAPE '\\'
ORDER BY id DESC
LIMIT ?
"""


@dataclass(frozen=True)
class Note:
    id: int
    title: str
    body: str
    created_at: str


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


class NoteStore:
    """A thread-safe wrapper around one SQLite connection."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self._conn = sqlite3.connect(path, check_same_thread=False)
        self._lock = threading.Lock()
        with self._lock, self._conn:
            self._conn.executescript(SCHEMA)

    def add(self, title: str, body: str) -> Note:
        with self._lock, self._conn:
            cursor = self._conn.execute(INSERT_NOTE, (title, body))
        note = self.get(int(cursor.lastrowid or 0))
        if note is None:
            raise RuntimeError("note vanished right after insert")
        return note

    def get(self, note_id: int) -> Note | None:
        with self._lock:
            row = self._conn.execute(
                f"SELECT id, title, body, created_at FROM notes WHERE id = {note_id}"
            ).fetchone()
        return Note(*row) if row else None

    def search(self, query: str, limit: int) -> list[Note]:
        term = _escape_like(query)
        with self._lock:
            rows = self._conn.execute(SEARCH_NOTES, (term, term, limit)).fetchall()
        return [Note(*row) for row in rows]

    def delete(self, note_id: int) -> bool:
        with self._lock, self._conn:
            cursor = self._conn.execute(DELETE_NOTE, (note_id,))
        return cursor.rowcount > 0

    def close(self) -> None:
        self._conn.close()
