import Foundation
import PreflightCore

struct DependencyVulnerabilities: RunCheck {
    static let command = "uv export --frozen --no-dev | pip-audit"
    static let description = CheckDescription(
        id: "code.dependency-vulnerabilities", title: "No dependency has a known vulnerability", section: .codeQuality,
        kind: .run, severity: .error,
        rationale: """
            Exports the locked runtime dependencies (`uv export --frozen --no-dev --all-extras --no-emit-project`, no \
            install) and audits them with `pip-audit --no-deps --disable-pip` (from PATH, else `uvx pip-audit`), or \
            `uv audit --frozen --no-dev` when pip-audit is not available. Dev tools do not ship, so they are not audited. \
            The advisory databases are online: without network the check is a skip, never a fail.
            """,
        remediation: "Upgrade the affected packages to a fixed version (`uv lock --upgrade-package NAME`) and re-run.",
        failing: [Example(fixture: "run-fail", note: "jinja2==2.10 in an extra; needs the advisory service")],
        passing: [Example(fixture: "run-pass", note: "needs the advisory service")])

    func run(_ context: RunContext) async -> CheckOutput {
        let project = context.project
        guard project.exists("pyproject.toml"), project.exists("uv.lock") else {
            return .skip("no uv.lock to audit (see config.lockfile)")
        }
        guard context.which("uv") != nil else { return .skip("uv is not installed (https://docs.astral.sh/uv/)") }
        let export = await context.run(
            "uv", ["export", "--frozen", "--no-dev", "--all-extras", "--no-emit-project", "--no-hashes", "--no-header"],
            seconds: context.options.toolTimeout)
        if let undecided = export.undecided(tool: "uv", context.options, network: true) { return undecided }
        guard export.result?.succeeded == true else {
            return .skip("`uv export` failed (\(export.exitDescription)): \(export.lastLine(context.options))")
        }
        let requirements = PipAudit.requirements(export.result?.stdoutText ?? "")
        if requirements.isEmpty { return .pass("no third-party runtime dependencies to audit") }
        var reasons: [String] = []
        for auditor in PipAudit.auditors(context) {
            let outcome = await auditor(requirements)
            switch outcome {
            case .decided(let output): return output
            case .unavailable(let reason): if !reason.isEmpty { reasons.append(reason) }
            }
        }
        return .skip("no vulnerability audit could run: " + reasons.joined(separator: "; "))
    }
}
