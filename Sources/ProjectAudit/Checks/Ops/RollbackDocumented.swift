import PreflightCore

struct RollbackDocumented: StaticCheck {
    static let description = CheckDescription(
        id: "ops.rollback-documented", title: "A rollback procedure is documented", section: .operations,
        severity: .warning,
        rationale:
            "A rollback invented during an incident is slow and risky; the steps (which image tag, which command) belong in the docs.",
        remediation:
            "Add a `## Rollback` section: how to find the previous version and the exact commands to redeploy it. Or attest where it lives in `preflight.toml`.",
        failing: [
            Example(["README.md": "# Srv\n\n## Deploy\n\nkubectl apply -f k8s/\n"]),
            Example(
                [
                    "README.md": "# Srv\n\n## Deploy\n\nkubectl apply -f k8s/\n",
                    "kubernetes-skills/claude/k8s-deploy/ROLLOUTS.md": "# Rollouts\n\n## Emergency Rollback\n",
                ], note: "an agent skill teaching rollbacks of other workloads"),
        ],
        passing: [
            Example(["README.md": "# Srv\n\n## Rolling back\n\nkubectl rollout undo deployment/srv\n"]),
            Example(["docs/ROLLBACK.md": "Redeploy the previous tag.\n"]),
            Example(
                ["README.md": "# Srv\n"],
                config:
                    "[[attest]]\nid = \"ops.rollback-documented\"\nby = \"ops@example.com\"\ndate = \"2026-11-01\"\nevidence = \"https://wiki.example.com/srv/rollback\"\n",
                note: "documented elsewhere, attested"),
        ])

    func run(_ project: Project) -> CheckOutput {
        if let found = OpsDocs.find(
            project, headingWords: ["rollback", "roll back", "rolling back", "rollbacks", "revert a release", "downgrade"],
            fileStems: ["rollback"])
        {
            return .pass(found)
        }
        return .fail("no rollback procedure in README or docs/", at: Location(project.readme?.path ?? "README.md", line: 1))
    }
}
