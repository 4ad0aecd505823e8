import PreflightCore

struct Changelog: StaticCheck {
    static let names = ["changelog", "changes", "history", "news", "releases", "release-notes", "release_notes"]

    static let description = CheckDescription(
        id: "ops.changelog", title: "A changelog is maintained", section: .operations, severity: .info,
        rationale: "When a deploy misbehaves, the first question is what changed; a changelog answers it and guides rollbacks.",
        remediation: "Keep a `CHANGELOG.md` (Keep a Changelog format) and add an entry with every release.",
        failing: [Example(["README.md": "# Srv\n"])],
        passing: [
            Example(["CHANGELOG.md": "# Changelog\n\n## 1.0.0\n- first\n"]),
            Example(["docs/changes.rst": "Changes\n=======\n"]),
        ])

    func run(_ project: Project) -> CheckOutput {
        let hit = project.files.first { path in
            let parts = path.split(separator: "/")
            guard parts.count == 1 || (parts.count == 2 && parts[0].lowercased() == "docs"), let name = parts.last else {
                return false
            }
            let stem = name.lowercased().split(separator: ".").first.map(String.init) ?? ""
            return Self.names.contains(stem)
        }
        if let hit { return .pass("\(hit) exists") }
        return .fail("no CHANGELOG.md (or CHANGES/HISTORY/NEWS) in the project", at: Location("CHANGELOG.md"))
    }
}
