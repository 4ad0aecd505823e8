import PreflightCore

struct ConfigExample: StaticCheck {
    static let description = CheckDescription(
        id: "docs.config-example", title: "README shows a client configuration", section: .documentation,
        severity: .warning,
        rationale: """
            Most failed installs are client-side: wrong command, relative path, missing env. A complete `mcpServers` \
            block users can paste removes the guesswork. Counts: a server entry (`command` with `args`, or `url`) in JSON, \
            JSONC, YAML or TOML, with or without its `mcpServers`/`servers`/`mcp_servers` wrapper, or a client's own \
            registration command (`claude mcp add`, `codex mcp add`, `mcp install`, `fastmcp install`, `code --add-mcp`).
            """,
        remediation:
            "Add a JSON example with `\"mcpServers\": { \"name\": { \"command\": \"uv\", \"args\": [\"--directory\", \"/abs/path\", \"run\", \"server\"] } }`.",
        failing: [
            Example(["README.md": "# Srv\n\n## Setup\n\nRun `uv run srv`.\n"]),
            Example(["README.md": "# Srv\n\nAdd it to mcpServers in your config.\n"], note: "mentioned, but no example"),
            Example(
                [
                    "README.md":
                        "# Srv\n\n```json\n{\"method\": \"tools/call\", \"params\": {\"name\": \"run\", \"arguments\": {\"command\": \"ls\"}}}\n```\n"
                ],
                note: "a JSON-RPC request is not a client configuration"),
        ],
        passing: [
            Example([
                "README.md":
                    "# Srv\n\n```json\n{\n  \"mcpServers\": {\n    \"srv\": {\"command\": \"uv\", \"args\": [\"run\", \"srv\"]}\n  }\n}\n```\n"
            ]),
            Example(
                [
                    "README.md":
                        "# Srv\n\n```jsonc\n{ \"servers\": { \"srv\": { \"type\": \"stdio\", \"command\": \"srv\" } } }\n```\n"
                ], note: "VS Code form"),
            Example(
                ["README.md": "# Srv\n\n```json\n\"srv\": {\n  \"command\": \"uvx\",\n  \"args\": [\"srv\"]\n}\n```\n"],
                note: "the entry without its mcpServers wrapper"),
            Example(["README.md": "# Srv\n\n```bash\nclaude mcp add srv -- uvx srv\n```\n"]),
            Example(["README.md": "# Srv\n\nRun `mcp install src/srv/server.py`.\n"], note: "mcp install (inline code)"),
            Example(["README.md": "# Srv\n\n```bash\nfastmcp install claude-desktop src/srv/server.py\n```\n"]),
            Example(
                ["README.md": "# Srv\n\n```toml\n[mcp_servers.srv]\ncommand = \"uvx\"\nargs = [\"srv\"]\n```\n"], note: "Codex"),
            Example(
                ["README.md": "# Srv\n\n```yaml\nmcpServers:\n  - name: srv\n    command: uvx\n    args: [srv]\n```\n"],
                note: "Continue (YAML)"),
            Example(
                [
                    "README.md":
                        "# Repo\n\n```json\n{\"mcpServers\": {\"srv\": {\"command\": \"npx\", \"args\": [\"@acme/srv\"]}}}\n```\n",
                    "packages/srv/package.json": "{\"name\": \"@acme/srv\"}\n",
                ], audit: "packages/srv", note: "monorepo package without its own README"),
        ])

    func run(_ project: Project) -> CheckOutput {
        guard let readme = project.readme else { return DocsSupport.missingReadme() }
        if let example = DocsSupport.configExample(readme) {
            return .pass("\(DocsSupport.name(readme)) shows \(example.what) (line \(example.line))")
        }
        return .fail(
            "\(DocsSupport.name(readme)) has no client configuration example (`mcpServers` entry or `claude mcp add`)",
            at: Location(readme.path, line: 1))
    }
}
