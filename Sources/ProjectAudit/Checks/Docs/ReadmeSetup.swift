import PreflightCore

struct ReadmeSetup: StaticCheck {
    static let words = [
        "install", "installation", "installing", "setup", "set up", "getting started", "quickstart", "quick start",
    ]

    static let description = CheckDescription(
        id: "docs.readme-setup", title: "README has setup instructions", section: .documentation, severity: .warning,
        rationale: "Whoever deploys or debugs the server at 3 a.m. needs the exact install and run steps, not tribal knowledge.",
        remediation: "Add an `## Installation` (or `## Setup`) section with the commands to install and run the server.",
        failing: [
            Example(["src/app.py": "x = 1\n"], note: "no README"),
            Example(["README.md": "# Weather\n\nA server.\n\n## Tools\n\n- forecast\n"]),
        ],
        passing: [
            Example(["README.md": "# Weather\n\n## Installation\n\n```bash\nuv sync\n```\n"]),
            Example(["README.md": "Weather\n=======\n\nGetting started\n---------------\n\nuv sync\n"]),
        ])

    func run(_ project: Project) -> CheckOutput {
        guard let readme = project.readme else { return DocsSupport.missingReadme() }
        if let h = readme.heading(matching: Self.words) {
            return .pass("\(readme.path) has a \"\(h.text)\" section (line \(h.line))")
        }
        return .fail("\(readme.path) has no installation or setup section", at: Location(readme.path, line: 1))
    }
}
