import PreflightCore

/// Process items no file can show: they pass only with an attestation in `preflight.toml`.
protocol AttestCheck: StaticCheck {}

extension AttestCheck {
    func run(_ project: Project) -> CheckOutput {
        .manual(
            "needs an attestation: add [[attest]] with id = \"\(Self.description.id)\", by, date and evidence to preflight.toml")
    }

    static func attestExamples(_ id: String) -> (failing: [Example], passing: [Example]) {
        (
            [Example(["README.md": "# Srv\n"], note: "no attestation: manual")],
            [
                Example(
                    ["README.md": "# Srv\n"],
                    config:
                        "[[attest]]\nid = \"\(id)\"\nby = \"lead@example.com\"\ndate = \"2026-11-20\"\nevidence = \"https://tracker.example.com/OPS-12\"\n"
                )
            ]
        )
    }

    static func attestDescription(_ id: CheckID, _ title: String, _ rationale: String, _ remediation: String) -> CheckDescription
    {
        let examples = attestExamples(id.rawValue)
        return CheckDescription(
            id: id, title: title, section: .operations, kind: .attest, severity: .info, rationale: rationale,
            remediation: remediation, failing: examples.failing, passing: examples.passing)
    }
}

struct StagingVerified: AttestCheck {
    static let description = attestDescription(
        "ops.staging-verified", "Staging deployment verified",
        "The checklist asks for a staging deploy, smoke tests and 24-48 h of monitoring before production.",
        "Deploy to staging, run smoke tests, watch it for 24-48 h, then record an attestation with the evidence link.")
}

struct TeamTrained: AttestCheck {
    static let description = attestDescription(
        "ops.team-trained", "Team trained on operations",
        "The people on call must know the runbook, the dashboards and the rollback before the first incident.",
        "Walk the on-call team through the runbook and rollback, then record an attestation.")
}

struct RollbackTested: AttestCheck {
    static let description = attestDescription(
        "ops.rollback-tested", "Rollback procedure tested",
        "A rollback that has never been run fails when it is needed most.",
        "Run the rollback once on staging, then record an attestation with the evidence.")
}

struct PostDeployReview: AttestCheck {
    static let description = attestDescription(
        "ops.post-deploy-review", "Post-deployment review scheduled",
        "A scheduled review catches slow regressions (latency, error rate, cost) the launch-day dashboards miss.",
        "Schedule the review and record an attestation with the calendar or ticket link.")
}

struct StabilitySoak: AttestCheck {
    static let description = attestDescription(
        "ops.stability-soak", "Stability soak passed",
        "Leaks and slow degradation show only over hours: the checklist wants 24 hours of stability confirmed.",
        "Run a soak test of at least the configured duration and record an attestation (a `preflight soak` command comes later).")
}
