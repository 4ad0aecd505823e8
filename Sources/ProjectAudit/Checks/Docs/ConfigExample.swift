import PreflightCore

struct ConfigExample: StaticCheck {
    static let description = CheckDescription(
        id: "docs.config-example", title: "README shows a client configuration", section: .documentation,
        severity: .warning,
        rationale: """
            Most failed installs are client-side: wrong command, relative path, missing env. A complete `mcpServers` \
            block users can paste removes the guesswork.
            """,
        remediation:
            "Add a JSON example with `\"mcpServers\": { \"name\": { \"command\": \"uv\", \"args\": [\"--directory\", \"/abs/path\", \"run\", \"server\"] } }`.",
        failing: [
            Example(["README.md": "# Srv\n\n## Setup\n\nRun `uv run srv`.\n"]),
            Example(["README.md": "# Srv\n\nAdd it to mcpServers in your config.\n"], note: "mentioned, but no example"),
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
        ])

    func run(_ project: Project) -> CheckOutput {
        guard let readme = project.readme else { return DocsSupport.missingReadme() }
        for block in readme.codeBlocks {
            let t = block.text
            let hasServers =
                t.contains("\"mcpServers\"")
                || (t.contains("\"servers\"") && (t.contains("\"command\"") || t.contains("\"url\"")))
            if hasServers || t.contains("claude mcp add") {
                return .pass("\(readme.path) shows a client configuration (line \(block.line))")
            }
        }
        return .fail("\(readme.path) has no `mcpServers` configuration example", at: Location(readme.path, line: 1))
    }
}
