import PreflightCore

struct HardcodedSecret: StaticCheck {
    static let token = "ghp_" + String(repeating: "a1B2", count: 9)

    static let description = CheckDescription(
        id: "security.hardcoded-secret", title: "No hardcoded credentials", section: .environment, severity: .error,
        rationale: """
            A key committed to code, config, a Dockerfile or a manifest is in every clone, image and CI log, and \
            survives in git history after it is deleted. Values are judged the way gitleaks and detect-secrets judge \
            them: known token formats (GitHub, AWS, Slack, Stripe, OpenAI, Anthropic, Google, private keys, live JWTs, \
            passwords in URLs) anywhere; elsewhere a literal counts only when the name ends in a secret word \
            (`password`, `token`, `api_key`, `client_secret`; not `author_email`, `issue_key`, `TOKEN_URL`) and the \
            value looks like a credential (no placeholder, template, path, URL, e-mail, identifier or env-var name; \
            enough character classes and entropy). Tests, lock files and prose are not read for names. Values are \
            redacted in every report.
            """,
        remediation:
            "Remove the value, rotate the credential (it is compromised), and read it from an environment variable or a secret store.",
        failing: [
            Example(["src/app/config.py": "GITHUB_TOKEN = \"\(token)\"\n"]),
            Example(["settings.yaml": "database:\n  password: \"Zx9!kq2LmP04vT7w\"\n"]),
            Example(["src/app/db.py": "import os\nKEY = os.getenv(\"API_KEY\", \"4f9a2c7e1b8d3f6a0c5e\")\n"]),
            Example(["deploy/app.env.example": "DATABASE_URL=postgres://app:s3cr3tPa55@db:5432/app\n"]),
            Example(["config/service.json": "{\"billing\": {\"api_key\": \"q8Vx2LmT9rKw4ZpB7nYc\"}}\n"]),
            Example(
                [
                    "compose.yaml":
                        "services:\n  db:\n    image: postgres:16\n    environment:\n      - POSTGRES_PASSWORD=Pq7rT2vX9wLm4\n"
                ]
            ),
            Example(["src/app/http.py": "HEADERS = {\"Authorization\": \"Bearer q8Vx2LmT9rKw4ZpB7nYc\"}\n"]),
            Example(["docs/setup.md": "Log in with `\(token)`.\n"], note: "known formats are found in prose too"),
        ],
        passing: [
            Example([
                "src/app/config.py":
                    "import os\nAPI_KEY = os.environ[\"API_KEY\"]\nTOKEN_URL = \"https://auth.example.com/token\"\n",
                ".env.example": "API_KEY=\nDATABASE_URL=postgres://user:password@localhost/db\n",
                "tests/test_x.py": "TOKEN = \"\(token)\"\n",
            ]),
            Example(
                [
                    "src/app/config.py": """
                    READ_ONLY_KEY = "READ_OPERATIONS_ONLY"
                    CLIENT_CONFIG_OVERRIDES_KEY = "clickhouse_client_config_overrides"
                    WORKSPACE_PROJECT_INDEX_STATE_KEY = "workspace_project_index"
                    OAUTH_PROXY_ENABLE_ENV = "ATLASSIAN_OAUTH_PROXY_ENABLE"
                    TRIGGERAUTH_CRD = "triggerauthentications.keda.sh"
                    payload = {"key": "product"}
                    """
                ], note: "names that hold names, env-var names and dict keys"),
            Example(
                [
                    "src/app/tools.py":
                        "def get_issue(issue_key: str = \"PROJ-123\") -> str:\n    \"\"\"Example: get_issue(issue_key='ABCD1234')\"\"\"\n",
                    "docs/_overrides/jira_get_issue.yaml": "issue_key: PROJ-123\n",
                    "setup.py": "from setuptools import setup\nsetup(name=\"demo\", author_email=\"jdoe1984@gmail.com\")\n",
                ], note: "identifiers and e-mail addresses under names that contain `key` or `auth`"),
            Example(
                [
                    ".env.example": "#CONFLUENCE_CLIENT_KEY=/path/to/confluence-client-key.pem\n",
                    "src/app/tls.py": "SSL_KEY_FILE = \"/etc/ssl/private/server.key\"\n",
                ], note: "key-file paths"),
            Example(
                [
                    "k8s/deployment.yaml": """
                    apiVersion: apps/v1
                    kind: Deployment
                    metadata: {name: demo}
                    spec:
                      selector: {matchLabels: {app: demo}}
                      template:
                        metadata: {labels: {app: demo}}
                        spec:
                          containers:
                            - name: demo
                              image: demo:1.0.0
                              env:
                                - name: HEADERS
                                  valueFrom:
                                    secretKeyRef: {name: demo, key: confluence-custom-headers}
                    """,
                    "deploy/main.bicep": "secretRef: 'mdb-mcp-connection-string'\nunauthenticatedClientAction: 'Return401'\n",
                ], note: "references to secrets, not secrets"),
            Example(
                [
                    "src/app/cli.py": "URL_HELP = \"Redis URI (redis://user:pass@host:port/db)\"\n",
                    ".env.example": "# DATABASE_URL=postgres://user:pass@localhost:5432/app\n",
                    "alembic.ini": "[alembic]\nsqlalchemy.url = driver://user:pass@localhost/dbname\n",
                ], note: "placeholder credentials in help texts, comments and templates"),
            Example(
                [
                    "src/app/config.py":
                        "API_KEY = \"your-api-key-here\"\nSECRET = \"changeme\"\nTOKEN = f\"Bearer {api_key}\"\nPASSWORD = \"${DB_PASSWORD}\"\n"
                ], note: "placeholders and templates"),
        ])

    func run(_ project: Project) -> CheckOutput {
        let findings = project.secretMatches.map {
            Finding(
                "\($0.path):\($0.line) holds a \($0.kind) (`\(Redaction.redact($0.value))`)", at: Location($0.path, line: $0.line)
            )
        }
        return .from(findings, pass: "no secret-looking literal in code, config, Dockerfiles or manifests")
    }
}
