import Foundation
import PreflightCore

struct EnvExampleFile: StaticCheck {
    static let description = CheckDescription(
        id: "env.example-file", title: ".env.example lists every variable the code reads", section: .environment,
        severity: .warning,
        rationale: """
            Whoever deploys the server (a colleague, CI, a Kubernetes manifest, a client config) learns which \
            variables to set from `.env.example`. A variable the code reads but the template omits is found only when \
            the server crashes or misbehaves in production, typically a missing API key at the first tool call.
            """,
        remediation: """
            Add `.env.example` at the project root with one `NAME=` line per variable the code reads (placeholder \
            values, never real secrets); optional ones may be commented out as `# NAME=default`.
            """,
        failing: [
            Example(["server.py": "import os\nAPI_KEY = os.environ[\"API_KEY\"]\n"], note: "no .env.example"),
            Example(
                [
                    "src/srv/config.py":
                        "import os\nAPI_KEY = os.environ[\"API_KEY\"]\nBASE_URL = os.getenv(\"BASE_URL\", \"https://api.example.com\")\n",
                    ".env.example": "API_KEY=your-key-here\n",
                ], note: "BASE_URL missing"),
            Example(
                [
                    "src/srv/settings.py": """
                    from pydantic_settings import BaseSettings, SettingsConfigDict

                    class Settings(BaseSettings):
                        model_config = SettingsConfigDict(env_prefix="SRV_")
                        api_token: str
                        timeout: float = 10.0
                    """,
                    ".env.sample": "SRV_API_TOKEN=\n",
                ], note: "pydantic-settings field SRV_TIMEOUT missing"),
        ],
        passing: [
            Example(
                [
                    "src/srv/config.py": """
                    import os
                    API_KEY = os.environ["API_KEY"]
                    LOG_LEVEL = os.getenv("LOG_LEVEL", "INFO")
                    HOME = os.environ.get("HOME")
                    TERM_PROGRAM = os.getenv("TERM_PROGRAM", "")
                    UNBUFFERED = os.getenv("PYTHONUNBUFFERED")
                    """,
                    ".env.example": "API_KEY=\n# optional\n# LOG_LEVEL=INFO\n",
                    "tests/test_config.py": "import os\nos.environ[\"TEST_ONLY\"] = \"1\"\nX = os.environ[\"TEST_ONLY\"]\n",
                ], note: "system variables and test files are ignored; commented-out optional entries count"),
            Example(["server.py": "print('hello')\n", ".env.example": "# nothing to set\n"], note: "no variables read"),
        ])

    func run(_ project: Project) -> CheckOutput {
        if let why = EnvVarSupport.unknownReason(project) { return .skip(why) }
        let variables = EnvVarSupport.variablesRead(project)
        guard let example = project.envExample else {
            guard let first = variables.first else {
                return .skip("the code reads no environment variable and there is no .env.example: nothing to document")
            }
            let names = variables.map { "`\($0.name)`" }
            let shown = names.prefix(8).joined(separator: ", ") + (names.count > 8 ? " and \(names.count - 8) more" : "")
            return .fail("no .env.example (or .env.sample), but the code reads \(shown)", at: first.location)
        }
        guard !variables.isEmpty else {
            return .pass("\(example.path) exists; the code reads no environment variable")
        }
        let listed = example.keys
        let findings = variables.filter { !listed.contains($0.name) }.map {
            Finding("`\($0.name)` is read by the code but not listed in \(example.path)", at: $0.location)
        }
        return .from(findings, pass: "\(example.path) lists all \(variables.count) variables the code reads")
    }

}
