import PreflightCore

struct Runbook: StaticCheck {
    static let description = CheckDescription(
        id: "ops.runbook", title: "A runbook for common issues exists", section: .operations, severity: .warning,
        rationale: "On-call engineers need symptom → cause → fix for the known failure modes, written before the incident.",
        remediation:
            "Add a `## Runbook` (or `RUNBOOK.md`) with common issues, how to diagnose them, and how to fix them. Or attest where it lives.",
        failing: [Example(["README.md": "# Srv\n\n## Installation\n"])],
        passing: [
            Example(["README.md": "# Srv\n\n## Runbook\n\n### Server not connecting\n"]),
            Example(["docs/runbook.md": "# Runbook\n"]),
            Example(["README.md": "# Srv\n\n## Common issues\n\n- timeouts\n"]),
        ])

    func run(_ project: Project) -> CheckOutput {
        if let found = OpsDocs.find(
            project,
            headingWords: [
                "runbook", "runbooks", "playbook", "common issues", "incident response", "on-call", "operations guide",
            ], fileStems: ["runbook", "playbook", "oncall"])
        {
            return .pass(found)
        }
        return .fail(
            "no runbook or common-issues section in README or docs/", at: Location(project.readme?.path ?? "README.md", line: 1))
    }
}
