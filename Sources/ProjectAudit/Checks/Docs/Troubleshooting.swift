import PreflightCore

struct Troubleshooting: StaticCheck {
    static let words = [
        "troubleshooting", "troubleshoot", "debugging", "debug", "faq", "common issues", "known issues", "common problems",
    ]

    static let description = CheckDescription(
        id: "docs.troubleshooting", title: "Docs have a troubleshooting section", section: .documentation,
        severity: .info,
        rationale:
            "\"Server not connecting\" and \"tools missing\" have known causes; writing them down saves every user the hunt.",
        remediation:
            "Add a `## Troubleshooting` section: where logs go (stderr), how to run with debug logging, common errors and fixes.",
        failing: [Example(["README.md": "# Srv\n\n## Installation\n\nuv sync\n"])],
        passing: [
            Example(["README.md": "# Srv\n\n## Troubleshooting\n\nLogs go to stderr.\n"]),
            Example(["README.md": "# Srv\n", "docs/faq.md": "# FAQ\n\n## Why does it not start?\n"]),
        ])

    func run(_ project: Project) -> CheckOutput {
        if let (doc, h) = DocsSupport.heading(project, Self.words) {
            return .pass("\(doc.path) has a \"\(h.text)\" section (line \(h.line))")
        }
        guard let readme = project.readme else { return DocsSupport.missingReadme() }
        return .fail("no troubleshooting, debugging or FAQ section in the documentation", at: Location(readme.path, line: 1))
    }
}
