import PreflightCore

struct HardcodedSecret: StaticCheck {
    static let description = CheckDescription(
        id: "security.hardcoded-secret", title: "No hardcoded credentials", section: .environment, severity: .error,
        rationale: """
            A key committed to code, config, a Dockerfile or a manifest is in every clone, image and CI log, and \
            survives in git history after it is deleted. Values are redacted in every report.
            """,
        remediation:
            "Remove the value, rotate the credential (it is compromised), and read it from an environment variable or a secret store.",
        failing: [
            Example(["src/app/config.py": "GITHUB_TOKEN = \"ghp_" + String(repeating: "a1B2", count: 9) + "\"\n"]),
            Example(["settings.yaml": "database:\n  password: \"Zx9!kq2LmP04vT7w\"\n"]),
            Example(["src/app/db.py": "import os\nKEY = os.getenv(\"API_KEY\", \"4f9a2c7e1b8d3f6a0c5e\")\n"]),
            Example(["deploy/app.env.example": "DATABASE_URL=postgres://app:s3cr3tPa55@db:5432/app\n"]),
        ],
        passing: [
            Example([
                "src/app/config.py":
                    "import os\nAPI_KEY = os.environ[\"API_KEY\"]\nTOKEN_URL = \"https://auth.example.com/token\"\n",
                ".env.example": "API_KEY=\nDATABASE_URL=postgres://user:password@localhost/db\n",
                "tests/test_x.py": "TOKEN = \"ghp_" + String(repeating: "a1B2", count: 9) + "\"\n",
            ])
        ])

    func run(_ project: Project) -> CheckOutput {
        let matches = SecretScanner.scanAll(project)
        let findings = matches.map {
            Finding(
                "\($0.path):\($0.line) holds a \($0.kind) (`\(Redaction.redact($0.value))`)", at: Location($0.path, line: $0.line)
            )
        }
        return .from(findings, pass: "no secret-looking literal in code, config, Dockerfiles or manifests")
    }
}
