import PreflightCore

struct Troubleshooting: StaticCheck {
    static let words = [
        "troubleshooting", "troubleshoot", "debugging", "debug", "faq", "common issues", "known issues", "common problems",
    ]

    static let description = CheckDescription(
        id: "docs.troubleshooting", title: "Docs have a troubleshooting section", section: .documentation,
        severity: .info,
        rationale: """
            "Server not connecting" and "tools missing" have known causes; writing them down saves every user the hunt. \
            Read: README and docs in Markdown, MDX or reStructuredText (front matter is not a section); not files under \
            .github/, .claude/, evals/, skills/, examples/, package data, or CONTRIBUTING and CHANGELOG.
            """,
        remediation:
            "Add a `## Troubleshooting` section: where logs go (stderr), how to run with debug logging, common errors and fixes.",
        failing: [
            Example(["README.md": "# Srv\n\n## Installation\n\nuv sync\n"]),
            Example(
                [
                    "README.md": "# Srv\n\n## Installation\n\nuv sync\n",
                    ".github/TRIAGE_AUTOMATION.md": "# Triage bot\n\n## Troubleshooting\n",
                    "CONTRIBUTING.md": "# Contributing\n\n## Debugging\n",
                    ".claude/commands/release.md": "# Release\n\n## Known Issues\n",
                    "examples/agent/README.md": "# Agent\n\n## Common Issues\n",
                ], note: "bot, contributor, agent and example documents"),
            Example(
                ["README.md": "---\ntitle: Troubleshooting\n---\n\n# Srv\n\n## Installation\n\nuv sync\n"],
                note: "front matter is not a section"),
        ],
        passing: [
            Example(["README.md": "# Srv\n\n## Troubleshooting\n\nLogs go to stderr.\n"]),
            Example(["README.md": "# Srv\n", "docs/faq.md": "# FAQ\n\n## Why does it not start?\n"]),
            Example(
                [
                    "README.md": "# Srv\n",
                    "docs/troubleshooting.mdx": "---\ntitle: Troubleshooting\n---\n\n## Common Issues\n\n## Debugging\n",
                ], note: "MDX"),
            Example(
                ["README.rst": "Srv\n===\n\nTroubleshooting\n---------------\n\nLogs go to stderr.\n"],
                note: "reStructuredText README"),
        ])

    func run(_ project: Project) -> CheckOutput {
        if let (doc, h) = DocsSupport.heading(project, Self.words) {
            return .pass("\(doc.path) has a \"\(h.text)\" section (line \(h.line))")
        }
        guard let readme = project.readme else { return DocsSupport.missingReadme() }
        return .fail("no troubleshooting, debugging or FAQ section in the documentation", at: Location(readme.path, line: 1))
    }
}
