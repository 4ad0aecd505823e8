import PreflightCore
import TestSupport
import Testing

@testable import ProjectAudit

/// The secret scanner on single files: real credentials in every place they are written, and the
/// false alarms of real projects (corpus patterns) that must stay quiet.
@Suite struct SecretScannerTests {
    /// Built at run time so that this file holds no token a scanner would flag.
    static let githubToken = "ghp_" + String(repeating: "a1B2", count: 9)
    static let random = "q8Vx2LmT9rKw4ZpB7nYc"

    static func values(_ text: String, _ path: String) -> [String] {
        SecretScanner.scan(text, path: path).map(\.value)
    }

    @Test(arguments: [
        ("src/app/config.py", "GITHUB_TOKEN = \"\(githubToken)\"\n", githubToken),
        ("deploy/values.yaml", "aws:\n  id: AKIAZ7QWERTY4ASDFGH3\n", "AKIAZ7QWERTY4ASDFGH3"),
        ("settings.yaml", "database:\n  password: \"Zx9!kq2LmP04vT7w\"\n", "Zx9!kq2LmP04vT7w"),
        ("settings.yaml", "database:\n  password: Zx9kq2LmP04vT7w  # prod\n", "Zx9kq2LmP04vT7w"),
        ("src/app/db.py", "KEY = os.getenv(\"API_KEY\", \"4f9a2c7e1b8d3f6a0c5e\")\n", "4f9a2c7e1b8d3f6a0c5e"),
        ("src/app/db.py", "KEY = os.environ.get('API_KEY', default='\(random)')\n", random),
        ("app.env.example", "DATABASE_URL=postgres://app:s3cr3tPa55@db:5432/app\n", "s3cr3tPa55"),
        (".env.example", "# the staging key\nSTRIPE_API_KEY=\(random)\n", random),
        ("config.json", "{\"service\": {\"api_key\": \"\(random)\"}}\n", random),
        ("src/app/client.py", "client = Client(api_key=\"\(random)\")\n", random),
        ("src/app/client.py", "def connect(token: str = \"\(random)\") -> None: ...\n", random),
        ("src/app/client.py", "self.client_secret = '\(random)'\n", random),
        ("src/app/http.py", "HEADERS = {\"Authorization\": \"Bearer \(random)\"}\n", random),
        ("src/index.ts", "const apiKey: string = \"\(random)\";\n", random),
        ("cmd/main.go", "dbPassword := \"Zx9!kq2LmP04vT7w\"\n", "Zx9!kq2LmP04vT7w"),
        ("compose.yaml", "services:\n  db:\n    environment:\n      - POSTGRES_PASSWORD=Pq7rT2vX9wLm4\n", "Pq7rT2vX9wLm4"),
        ("deploy/run.sh", "export SERVICE_TOKEN=\(random)\n", random),
        ("src/app/cache.py", "REDIS_URL = \"redis://:Zx9kq2LmP04vT7w@cache:6379/0\"\n", "Zx9kq2LmP04vT7w"),
        ("docs/setup.md", "Use `\(githubToken)` to log in.\n", githubToken),
    ])
    func realSecretsAreFound(_ path: String, _ text: String, _ secret: String) {
        #expect(Self.values(text, path).contains(secret), "\(path): \(text)")
    }

    @Test func privateKeysAndLiveTokensAreFound() {
        let body = String(repeating: "MIIEowIBAAKCAQEAq7b3", count: 4)
        let pem = "KEY = \"\"\"-----BEGIN RSA PRIVATE KEY-----\n\(body)\n-----END RSA PRIVATE KEY-----\"\"\"\n"
        #expect(Self.values(pem, "src/app/keys.py") == [String(body.prefix(64))])
        let escaped = "{\"private_key\": \"-----BEGIN PRIVATE KEY-----\\n\(body)\\n-----END PRIVATE KEY-----\\n\"}"
        #expect(Self.values(escaped, "deploy/sa.json").contains(String(body.prefix(64))))
        // A token that never expires (no `exp`) is live.
        let jwt = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJzdmMtYmlsbGluZyIsInJvbGUiOiJhZG1pbiJ9.c2lnbmF0dXJlLWJ5dGVzLWhlcmU"
        #expect(Self.values("TOKEN = \"\(jwt)\"\n", "src/app/auth.py") == [jwt])
    }

    @Test(arguments: [
        // Names that hold names (corpus A r02a, r02b, r02g; B A2).
        ("src/demo/config.py", "READ_ONLY_KEY = \"READ_OPERATIONS_ONLY\"\n"),
        ("src/demo/config.py", "CLIENT_CONFIG_OVERRIDES_KEY = \"clickhouse_client_config_overrides\"\n"),
        ("src/demo/config.py", "OAUTH_PROXY_ENABLE_ENV = \"ATLASSIAN_OAUTH_PROXY_ENABLE\"\n"),
        ("src/demo/config.py", "WORKSPACE_PROJECT_INDEX_STATE_KEY = \"workspace_project_index\"\n"),
        ("src/demo/config.py", "STATE_KEY = \"user_preferences_cache_v2\"\n"),
        ("src/demo/config.py", "TRIGGERAUTH_CRD = \"triggerauthentications.keda.sh\"\n"),
        ("src/demo/config.py", "TOKEN_ENV_VAR = \"GITHUB_PERSONAL_ACCESS_TOKEN\"\n"),
        ("src/demo/config.py", "SECRET_NAME = \"prod-database-credentials\"\n"),
        ("src/demo/config.py", "payload = {\"key\": \"product\"}\n"),
        ("src/demo/stack.py", "{\"ParameterKey\": \"InstanceGroupSettings1\"}\n"),
        ("src/demo/engine.ts", "childSessionKey: \"agent:main:subagent:child-1\",\n"),
        // Identifiers in examples and defaults (B A1, zotero, atlassian docs).
        ("server.py", "def get_issue(issue_key: str = \"PROJ-123\") -> str:\n    \"\"\"get_issue(issue_key='ABCD1234')\"\"\"\n"),
        ("src/tools.py", "\"Example: zotero_update_item(item_key='RTKZQI8E', keeper_key='ABC12345')\"\n"),
        ("docs/_overrides/jira_get_issue.yaml", "issue_key: PROJ-123\n"),
        ("docs/tools.mdx", "{\"issue_key\": \"PROJ-123\"}\n"),
        // "auth" inside "author"; e-mail addresses (B A4).
        ("setup.py", "setup(name=\"demo\", author_email=\"jdoe1984@gmail.com\")\n"),
        // Key files and paths (A r02e2, B A6).
        (".env.example", "#CONFLUENCE_CLIENT_KEY=/path/to/confluence-client-key.pem\n"),
        ("docs/configuration.yaml", "JIRA_CLIENT_KEY: \"/etc/mcp-atlassian/jira-client-key.pem\"\n"),
        (
            "src/demo/config.py",
            "PRIVATE_KEY_PATH = \"/home/app/.ssh/id_rsa_deploy\"\nSSL_KEY_FILE = \"/etc/ssl/private/server.key\"\n"
        ),
        ("src/demo/config.py", "GOOGLE_APPLICATION_CREDENTIALS = \"certs/service-account.json\"\n"),
        // References to secrets (A r02f3, r02f4, r02h2; B A5).
        ("k8s/pod.yaml", "valueFrom:\n  secretKeyRef:\n    name: demo\n    key: confluence-custom-headers\n"),
        ("k8s/pod.yaml", "configMapKeyRef: {name: demo-config, key: confluence-spaces-filter}\n"),
        ("deploy/main.bicep", "secretRef: 'mdb-mcp-connection-string'\nunauthenticatedClientAction: 'Return401'\n"),
        // Placeholder credentials in comments, help texts and templates (A m01, m03, r02d; B A3).
        ("app.py", "URL_HELP = \"redis://user:pass@host:6379/0\"\n"),
        ("app.py", "DSN = \"postgres://user:test@db:5432/app\"\n"),
        ("src/demo/cli.py", "@click.option(\"--url\", help=\"Redis URI (redis://user:pass@host:port/db)\")\n"),
        (
            ".env.example",
            "# DATABASE_URL=postgres://user:pass@localhost:5432/app\n#HTTPS_PROXY=https://user:pass@proxy.example.com:8443\n"
        ),
        ("alembic.ini", "sqlalchemy.url = driver://user:pass@localhost/dbname\n"),
        ("src/app/db.py", "URL = f\"postgresql://{user}:{password}@{host}/db\"\n"),
        ("src/app/db.py", "URL = \"postgresql://app:${DB_PASSWORD}@db/app\"\n"),
        // Placeholders, templates, expressions and empty values.
        ("src/app/config.py", "API_KEY = \"your-api-key-here\"\nTOKEN = \"<token>\"\nSECRET = \"changeme\"\n"),
        ("src/app/config.py", "PASSWORD = \"xxxxxxxxxxxx\"\nAPI_KEY = \"sk-...\"\n"),
        ("src/app/config.py", "API_KEY = os.environ[\"API_KEY\"]\nTOKEN = f\"Bearer {api_key}\"\n"),
        ("src/app/config.py", "TOKEN_URL = \"https://auth.example.com/token\"\nmax_tokens = 4096\n"),
        ("src/app/config.py", "if password == \"Zx9!kq2LmP04vT7w\":\n    pass\n"),
        ("settings.yaml", "password: ${DB_PASSWORD}\ntoken: \"{{ .Values.token }}\"\nsecret: !secret db_password\n"),
        (".env.example", "API_KEY=\nDATABASE_URL=postgres://user:password@localhost/db\n"),
        // Digests and samples of secrets.
        (".secrets.baseline", "{\"hashed_secret\": \"df99ad98cabfe1616640820bcfb345ef5b10077f\"}\n"),
        ("docs/aws.md", "aws_access_key_id = AKIAIOSFODNN7EXAMPLE\n"),
        (
            "README.md",
            "curl -H 'Authorization: Bearer eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c'\n"
        ),
        (
            "README.md",
            "[Demo](https://example.githubusercontent.com/a.mp4?jwt=eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJpc3MiOiJnaXRodWIuY29tIiwiZXhwIjoxNzQzMzQxNDkxfQ.abcdefghijklmnopqrstu)\n"
        ),
        // Prose never goes through the name rule.
        ("README.md", "API_KEY=\(random)\n"),
        // Test files of any language, lock files and local .env files are not scanned.
        ("tests/test_x.py", "TOKEN = \"\(githubToken)\"\n"),
        ("src/engine.test.ts", "const apiKey = \"\(random)\";\n"),
        ("uv.lock", "token = \"\(githubToken)\"\n"),
        (".env", "API_KEY=\(random)\n"),
    ])
    func falseAlarmsStayQuiet(_ path: String, _ text: String) {
        #expect(SecretScanner.scan(text, path: path).isEmpty, "\(path): \(SecretScanner.scan(text, path: path))")
    }

    @Test func largeDataFilesOnlyGetKnownFormats() {
        let filler = String(repeating: "{\"name\": \"operation\", \"doc\": \"lists the items\"},\n", count: 7000)
        let text = "[\n" + filler + "{\"api_key\": \"\(Self.random)\", \"github\": \"\(Self.githubToken)\"}\n]\n"
        #expect(text.utf8.count > SecretScanner.largeDataBytes)
        let matches = SecretScanner.scan(text, path: "data/api_metadata.json")
        #expect(matches.map(\.value) == [Self.githubToken])
        #expect(matches.first?.line == 7002)
    }

    @Test func everyValueFoundCanBeRedacted() {
        let text = """
            GITHUB_TOKEN = "\(Self.githubToken)"
            DB = "postgres://app:s3cr3tPa55@db/app"
            api_key = "\(Self.random)"
            """
        let matches = SecretScanner.scan(text, path: "src/app/config.py")
        #expect(matches.count == 3)
        #expect(matches.allSatisfy { SecretValue.canBeSecret($0.value) })
        #expect(matches.map(\.line) == [1, 2, 3])
    }

    @Test func projectIsScannedOnceAndSharedWithTheLedger() async throws {
        let project = try await TestProject(["src/app/config.py": "API_KEY = \"\(Self.random)\"\n"]).load()
        #expect(project.secretMatches.map(\.value) == [Self.random])
        #expect(SecretLedger.collect(project: project, environment: [:]) == [Self.random])
    }
}

@Suite struct SecretNameTests {
    @Test(arguments: [
        ("DB_PASSWORD", SecretNames.Strength.strong), ("password", .strong), ("githubToken", .strong),
        ("OPENAI_API_KEY", .strong), ("apiKey", .strong), ("APIKey", .strong), ("x-api-key", .strong),
        ("AWS_SECRET_ACCESS_KEY", .strong), ("client_secret", .strong), ("SENTRY_DSN", .strong), ("DBPASSWORD", .strong),
        ("smtp_pass", .strong), ("Authorization", .strong), ("GOOGLE_APPLICATION_CREDENTIALS", .strong),
        ("cache_key", .weak), ("issue_key", .weak), ("key", .weak), ("NEO4J_AUTH", .weak),
        ("author_email", .none), ("TRIGGERAUTH_CRD", .none), ("OAUTH_PROXY_ENABLE_ENV", .none), ("TOKEN_URL", .none),
        ("PASSWORD_FILE", .none), ("max_tokens", .none), ("AWS_ACCESS_KEY_ID", .none), ("secretKeyRef", .none),
        ("secretRef", .none), ("unauthenticatedClientAction", .none), ("PWD", .none), ("hashed_secret", .none),
        ("public_key", .none), ("USE_GKE_GCLOUD_AUTH_PLUGIN", .none), ("password_hash", .none),
    ])
    func strength(_ name: String, _ expected: SecretNames.Strength) {
        #expect(SecretNames.strength(name) == expected, "\(name)")
    }
}

@Suite struct SecretValueTests {
    @Test(arguments: [
        "pass", "test", "admin", "status", "password", "changeme", "xxxxxxxxxx", "<token>", "${DB_PASSWORD}", "{api_key}",
        "your-api-key-here", "12345678", "abcdefgh", "production", "READ_OPERATIONS_ONLY", "/etc/ssl/private/server.key",
        "~/.ssh/id_rsa", "certs/client.pem", "C:\\keys\\client.pfx", "jdoe1984@gmail.com", "security.hardcoded-secret",
        "docker.non-root-user", "summary",
    ])
    func cannotBeSecret(_ value: String) {
        #expect(!SecretValue.canBeSecret(value), "\(value)")
    }

    @Test(arguments: ["Zx9!kq2LmP04vT7w", "s3cr3tPa55", "4f9a2c7e1b8d3f6a0c5e", "/9j4AAQSkZJRgABAQ+xyz=", "user:Pa55w0rd@db"])
    func canBeSecret(_ value: String) {
        #expect(SecretValue.canBeSecret(value), "\(value)")
    }

    @Test func strongNamesNeedSomeRandomnessWeakNamesALot() {
        #expect(SecretValue.looksLikeCredential("Summer2024", .strongName))
        #expect(!SecretValue.looksLikeCredential("Summer2024", .weakName))
        #expect(!SecretValue.looksLikeCredential("RTKZQI8E", .weakName))
        #expect(SecretValue.looksLikeCredential("4f9a2c7e1b8d3f6a0c5e", .weakName))
        #expect(!SecretValue.looksLikeCredential("workspace_project_index", .strongName))
        #expect(!SecretValue.looksLikeCredential("https://auth.example.org/token", .strongName))
        #expect(!SecretValue.looksLikeCredential("two words", .strongName))
        #expect(SecretValue.looksLikeCredential("Bearer q8Vx2LmT9rKw4ZpB7nYc", .strongName))
    }
}
