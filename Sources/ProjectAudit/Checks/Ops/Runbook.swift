import PreflightCore

struct Runbook: StaticCheck {
    static let description = CheckDescription(
        id: "ops.runbook", title: "A runbook for common issues exists", section: .operations, severity: .warning,
        rationale: """
            On-call engineers need symptom → cause → fix for the known failure modes, written before the incident. Counts: \
            a Runbook, Playbook or Common issues section (or RUNBOOK.md), or a Troubleshooting section that pairs at least \
            two symptoms with their fixes. Only user documentation counts: README and docs (Markdown, MDX, \
            reStructuredText), not files under .github/, .claude/, evals/, skills/, examples/ or inside the package's code.
            """,
        remediation:
            "Add a `## Runbook` (or `RUNBOOK.md`) with common issues, how to diagnose them, and how to fix them. Or attest where it lives.",
        failing: [
            Example(["README.md": "# Srv\n\n## Installation\n"]),
            Example(
                [
                    "README.md": "# Srv\n\n## Installation\n",
                    "evals/README.md": "# Evals\n\n## Common Issues\n\n- flaky model\n",
                    ".github/TRIAGE.md": "# Bot\n\n## Runbook\n",
                    "skills/deploy/SKILL.md": "# Deploy\n\n## Runbook\n",
                    "src/srv/__init__.py": "",
                    "src/srv/prompts/fix.md": "# Runbook\n",
                ], note: "eval, CI, agent-skill and package-data documents are not the server's runbook"),
            Example(
                ["README.md": "---\ndescription: Runbook and rollback\n---\n# Srv\n\n## Troubleshooting\n\nLogs go to stderr.\n"],
                note: "front matter; a troubleshooting section without symptoms"),
        ],
        passing: [
            Example(["README.md": "# Srv\n\n## Runbook\n\n### Server not connecting\n"]),
            Example(["docs/runbook.md": "# Runbook\n"]),
            Example(["README.md": "# Srv\n\n## Common issues\n\n- timeouts\n"]),
            Example(
                [
                    "README.md":
                        "# Srv\n\n## Troubleshooting\n\n- **`spawn uvx ENOENT`**: give the full path to `uvx`.\n- **File locked**: close the other connection.\n"
                ], note: "a symptom → fix list"),
            Example(
                [
                    "README.md": "# Srv\n",
                    "docs/troubleshooting.mdx":
                        "---\ntitle: Troubleshooting\n---\n\n## Common Issues\n\n### Authentication fails\n\nCheck the token.\n",
                ], note: "MDX documentation"),
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
        if let list = OpsDocs.symptomFixList(project) { return .pass(list) }
        return .fail(
            "no runbook or common-issues section in README or docs/", at: Location(project.readme?.path ?? "README.md", line: 1))
    }
}
