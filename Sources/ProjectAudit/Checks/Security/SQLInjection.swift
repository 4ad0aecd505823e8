import PreflightCore

struct SQLInjection: StaticCheck {
    static let description = CheckDescription(
        id: "security.sql-injection", title: "SQL is parameterised", section: .security, severity: .error,
        rationale: """
            Tool arguments come from a language model that reads untrusted content: an f-string, `%` or `.format` \
            query turns a prompt injection into a SQL injection.
            """,
        remediation: "Pass values as parameters: `cur.execute(\"SELECT * FROM notes WHERE id = ?\", (note_id,))`.",
        failing: [
            Example(["src/app/db.py": "def get(cur, note_id):\n    cur.execute(f\"SELECT * FROM notes WHERE id = {note_id}\")\n"]
            ),
            Example([
                "src/app/db.py": "def get(cur, name):\n    q = \"SELECT * FROM t WHERE name = '%s'\" % name\n    cur.execute(q)\n"
            ]),
        ],
        passing: [
            Example([
                "src/app/db.py":
                    "def get(cur, note_id):\n    cur.execute(\"SELECT * FROM notes WHERE id = ?\", (note_id,))\n    cur.execute(\"SELECT * FROM t WHERE a = %s\", (note_id,))\n"
            ])
        ])

    func run(_ project: Project) -> CheckOutput {
        PythonSupport.check(project, requireServer: false, pass: "every execute() call passes values as parameters") { files in
            files.flatMap { f in
                (f.sqlExecutes ?? []).map {
                    Finding(
                        "`\($0.method ?? "execute")` at \(f.path):\($0.line) runs SQL built with \($0.construction)",
                        at: Location(f.path, line: $0.line))
                }
            }
        }
    }
}
