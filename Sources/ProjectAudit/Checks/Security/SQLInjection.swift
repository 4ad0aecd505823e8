import PreflightCore

struct SQLInjection: StaticCheck {
    static let description = CheckDescription(
        id: "security.sql-injection", title: "SQL is parameterised", section: .security, severity: .error,
        rationale: """
            Tool arguments come from a language model that reads untrusted content: a tool argument interpolated into \
            SQL text (f-string, `%`, `.format`, `+`), directly or through the project's helpers, turns a prompt \
            injection into a SQL injection. Constants, `int()` casts, identifiers checked against a pattern or an \
            allow-list, quoting helpers and generated placeholders (`?`, `:p_0`, `%s`) are safe; so is a tool whose \
            argument is the whole query, by design.
            """,
        remediation: "Pass values as parameters: `cur.execute(\"SELECT * FROM notes WHERE id = ?\", (note_id,))`.",
        failing: [
            Example([
                "src/app/server.py":
                    "import sqlite3\nfrom mcp.server.fastmcp import FastMCP\nmcp = FastMCP('a')\n\n@mcp.tool()\ndef note(title: str) -> list:\n    return sqlite3.connect('n.db').execute(f\"SELECT * FROM notes WHERE title = '{title}'\").fetchall()\n"
            ]),
            Example(
                [
                    "src/app/db.py":
                        "import sqlite3\n\ndef run(sql):\n    return sqlite3.connect('n.db').execute(sql).fetchall()\n",
                    "src/app/server.py":
                        "from mcp.server.fastmcp import FastMCP\nfrom .db import run\nmcp = FastMCP('a')\n\n@mcp.tool()\ndef count_rows(table: str) -> list:\n    return run('SELECT count(*) FROM %s' % table)\n",
                ], note: "built in the tool, executed by a helper in another module"),
        ],
        passing: [
            Example([
                "src/app/server.py":
                    "import re, sqlite3\nfrom mcp.server.fastmcp import FastMCP\nmcp = FastMCP('a')\nVERSION = '1.0'\ndb = sqlite3.connect('n.db')\ndb.execute(f\"PRAGMA user_version = '{VERSION}'\")\n\n@mcp.tool()\ndef notes(ids: list[int], table: str, limit: int = 10) -> list:\n    if not re.match(r'^[A-Za-z_]+$', table):\n        raise ValueError('bad table')\n    marks = ','.join('?' * len(ids))\n    return db.execute(f'SELECT * FROM {table} WHERE id IN ({marks}) LIMIT {int(limit)}', ids).fetchall()\n\n@mcp.tool()\ndef query(sql: str) -> list:\n    return db.execute(sql).fetchall()\n"
            ])
        ])

    func run(_ project: Project) -> CheckOutput {
        PythonSupport.check(project, pass: "no tool argument is interpolated into SQL text") { files in
            var seen: Set<String> = []
            return files.flatMap { f in
                f.sqlExecutes.compactMap { s -> Finding? in
                    guard seen.insert("\(f.path):\(s.line)").inserted else { return nil }
                    return Finding(
                        "\(PythonSupport.origin(tool: s.tool, param: s.param, via: s.via)) into the SQL text run by `\(s.call)` at \(f.path):\(s.line)",
                        at: Location(f.path, line: s.line))
                }
            }
        }
    }
}
