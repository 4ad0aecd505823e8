import PreflightCore

struct ReadmeSetup: StaticCheck {
    static let words = [
        "install", "installation", "installing", "setup", "set up", "getting started", "quickstart", "quick start",
    ]

    static let description = CheckDescription(
        id: "docs.readme-setup", title: "README has setup instructions", section: .documentation, severity: .warning,
        rationale: """
            Whoever deploys or debugs the server at 3 a.m. needs the exact install and run steps, not tribal knowledge. \
            Counts: an install or setup section (Installation, Setup, Getting started, Quickstart), or install and run \
            commands under any heading or none (`pip install`, `uv sync`, `uvx`, `pipx`, `npx`, `docker run`, \
            `claude mcp add`, ...), or a client configuration to paste whose command installs the server itself \
            (`uvx`, `npx`, `docker`); one that runs `uv --directory /path/to/clone` needs setup steps first. The README may be Markdown, MDX or reStructuredText; \
            a package of a monorepo without its own README is documented by the nearest README above it.
            """,
        remediation: "Add an `## Installation` (or `## Setup`) section with the commands to install and run the server.",
        failing: [
            Example(["src/app.py": "x = 1\n"], note: "no README"),
            Example(["README.md": "# Weather\n\nA server.\n\n## Tools\n\n- forecast\n"]),
            Example(
                ["README.md": "---\ntitle: Installation\n---\n\n# Weather\n\n## Usage\n\nAsk it for the weather.\n"],
                note: "front matter is not a section; Usage without commands"),
            Example(
                [
                    "README.md":
                        "# Weather\n\n## Configuration\n\n```json\n{\"mcpServers\": {\"w\": {\"command\": \"uv\", \"args\": [\"--directory\", \"/path/to/weather\", \"run\", \"weather\"]}}}\n```\n"
                ], note: "a client config that needs a clone and `uv sync` first, which the README never shows"),
            Example(
                [
                    "README.md": "# Weather\n\n## Tools\n\n- forecast\n",
                    "examples/agent/README.md": "# Agent\n\n## Installation\n\n```bash\npip install agent\n```\n",
                ], note: "an example's README is not the server's"),
        ],
        passing: [
            Example(["README.md": "# Weather\n\n## Installation\n\n```bash\nuv sync\n```\n"]),
            Example(["README.md": "Weather\n=======\n\nGetting started\n---------------\n\nuv sync\n"]),
            Example(
                ["README.md": "# Weather\n\n## Usage\n\nRun `uvx weather-mcp` from your client.\n"], note: "Usage with a command"),
            Example(
                ["README.md": "Weather MCP server.\n\nInstall with `pip install weather-mcp` and add it to your client.\n"],
                note: "no heading at all"),
            Example(
                [
                    "README.md":
                        "# Weather\n\n## Usage with Claude Desktop\n\n```json\n\"weather\": {\"command\": \"uvx\", \"args\": [\"weather-mcp\"]}\n```\n"
                ],
                note: "a client configuration to paste"),
            Example(
                [
                    "README.rst":
                        "Weather\n=======\n\nUsage\n-----\n\n.. code-block:: bash\n\n   docker run -i --rm ghcr.io/acme/weather\n"
                ],
                note: "reStructuredText"),
            Example(
                [
                    "README.md": "# Tools monorepo\n\n## Getting Started\n\n```bash\nnpx @acme/weather-mcp\n```\n",
                    "packages/weather/package.json": "{\"name\": \"@acme/weather-mcp\"}\n",
                ], audit: "packages/weather", note: "monorepo package documented by the repository's README"),
        ])

    func run(_ project: Project) -> CheckOutput {
        guard let readme = project.readme else { return DocsSupport.missingReadme() }
        let name = DocsSupport.name(readme)
        if let h = readme.heading(matching: Self.words) {
            return .pass("\(name) has a \"\(h.text)\" section (line \(h.line))")
        }
        if let hit = DocsSupport.commands(readme).first(where: { DocsSupport.isInstallOrRun($0.words) }) {
            return .pass(
                "\(name) shows how to install and run the server: `\(hit.words.prefix(5).joined(separator: " "))` (line \(hit.line))"
            )
        }
        if let line = DocsSupport.selfInstallingConfig(readme) {
            return .pass("\(name) shows a client configuration that installs and starts the server (line \(line))")
        }
        if let hit = DocsSupport.commands(readme).first(where: { DocsSupport.isClientRegistration($0.words) }) {
            return .pass(
                "\(name) shows how to register the server: `\(hit.words.prefix(5).joined(separator: " "))` (line \(hit.line))")
        }
        return .fail(
            "\(name) has no installation or setup section and no install or run command", at: Location(readme.path, line: 1))
    }
}
