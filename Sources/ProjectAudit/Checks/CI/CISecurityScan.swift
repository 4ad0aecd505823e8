import PreflightCore

struct CISecurityScan: StaticCheck {
    static let description = CheckDescription(
        id: "ci.security-scan", title: "CI scans dependencies or images for known vulnerabilities", section: .cicd,
        severity: .warning,
        rationale: """
            New advisories are published for versions already in `uv.lock`; only a scan on every build notices. Counts: \
            `pip-audit`, `uv audit`, `safety`, `trivy`, `grype`, `osv-scanner`, `snyk test`, `docker scout`, and the actions \
            and templates that run them (`pypa/gh-action-pip-audit`, `aquasecurity/trivy-action`, `anchore/scan-action`, \
            `snyk/actions`, `google/osv-scanner-action`, `actions/dependency-review-action`, GitLab Dependency or Container \
            Scanning). Not counted: CodeQL, bandit and semgrep analyse the code, not advisories of released versions; \
            `.github/dependabot.yml` proposes upgrades on a schedule but gates no build.
            """,
        remediation: """
            Add `uv export --frozen --no-dev --no-emit-project -o requirements.txt` and `uvx pip-audit --strict -r \
            requirements.txt`, and scan the image (`aquasecurity/trivy-action`).
            """,
        failing: [
            Example(
                [
                    ".github/workflows/ci.yml": CISupport.workflow(
                        "- uses: github/codeql-action/analyze@v3", "- run: uv run pytest"),
                    ".github/dependabot.yml":
                        "version: 2\nupdates:\n  - package-ecosystem: pip\n    directory: /\n    schedule:\n      interval: weekly\n",
                ], note: "CodeQL and Dependabot are not dependency scans")
        ],
        passing: [
            Example([".github/workflows/ci.yml": CISupport.workflow("- run: uvx pip-audit --strict -r requirements.txt")]),
            Example([
                ".github/workflows/ci.yml": CISupport.workflow(
                    "- uses: aquasecurity/trivy-action@0.33.1\n        with:\n          image-ref: app:ci")
            ]),
            Example([
                ".gitlab-ci.yml":
                    "include:\n  - template: Jobs/Dependency-Scanning.gitlab-ci.yml\ntest:\n  script: [uv run pytest]\n"
            ]),
        ])

    func run(_ project: Project) -> CheckOutput {
        let output = CISupport.requireStep(
            project, what: "scans for known vulnerabilities",
            missing: "no CI step scans dependencies or images for known vulnerabilities (pip-audit, trivy, grype, snyk)",
            command: CIRecognize.isSecurityScan, actions: CIRecognize.scanActions.filter { !$0.hasSuffix(":") })
        guard output.status == .fail else { return output }
        // Components and remote includes count only when they name a scanner.
        if case .success(let pipeline) = CIPipeline.require(project),
            let hit = pipeline.actions.first(where: { CIRecognize.isScanAction($0.name) })
        {
            return .pass("scans for known vulnerabilities: `\(hit.name)` in \(hit.location.display)")
        }
        return output
    }
}
