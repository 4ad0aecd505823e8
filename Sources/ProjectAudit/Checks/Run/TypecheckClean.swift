import Foundation
import PreflightCore

struct TypecheckClean: RunCheck {
    static let command = "uv run mypy src/"
    static let description = CheckDescription(
        id: "code.typecheck-clean", title: "mypy finds no type errors", section: .codeQuality, kind: .run,
        severity: .warning,
        rationale: """
            Runs `uv run mypy src/` (or the package folder when there is no src/, or plain `mypy` when \
            `[tool.mypy] files` names the targets). Each error becomes a finding at its file and line.
            """,
        remediation: "Run `uv run mypy src/` and fix the errors; add mypy with `uv add --dev mypy`.",
        failing: [Example(fixture: "run-fail")], passing: [Example(fixture: "run-pass")])

    func run(_ context: RunContext) async -> CheckOutput {
        if let notReady = await context.uvReady() { return notReady }
        guard let targets = Self.targets(context.project) else {
            return .skip("no src/ folder, package folder or [tool.mypy] files to type-check")
        }
        let run = await context.uvRun("mypy", targets, seconds: context.options.toolTimeout)
        if let undecided = run.undecided(tool: "mypy", context.options) { return undecided }
        let evidence = run.evidence(context.options)
        if run.exitCode == 0 { return .pass("`\(run.command)`: \(run.lastLine(context.options))", evidence: evidence) }
        let findings = run.findings(#"^([^\s:]+\.pyi?):(\d+): error:"#, project: context.project, context.options)
        let message = "mypy reported errors (\(run.exitDescription)): \(run.lastLine(context.options))"
        return CheckOutput(
            status: .fail, message: message, findings: findings.isEmpty ? [Finding(message)] : findings, evidence: evidence)
    }

    /// What the checklist's `mypy src/` means for this layout.
    static func targets(_ project: Project) -> [String]? {
        if project.pyproject?["tool"]?["mypy"]?["files"] != nil || project.exists("mypy.ini") || project.exists(".mypy.ini") {
            return []
        }
        if project.files.contains(where: { $0.hasPrefix("src/") && $0.hasSuffix(".py") }) { return ["src/"] }
        let name = (project.pyproject?["project"]?["name"]?.stringValue ?? "").lowercased()
            .replacingOccurrences(of: "-", with: "_").replacingOccurrences(of: ".", with: "_")
        if !name.isEmpty, project.exists("\(name)/__init__.py") { return ["\(name)/"] }
        let packages = Set(
            project.files.filter { $0.hasSuffix("/__init__.py") && $0.split(separator: "/").count == 2 }
                .map { String($0.split(separator: "/")[0]) }
        ).subtracting(["tests", "test", "docs"])
        return packages.isEmpty ? nil : packages.sorted().map { $0 + "/" }
    }
}
