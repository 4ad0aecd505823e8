import Foundation
import PreflightCore
import Processes

/// One finished (or not started) tool command, and the readings every run check shares.
struct ToolRun: Sendable {
    enum Failure: Sendable {
        case notInstalled, budgetSpent
        case launch(String)
    }

    var command: String
    var result: CommandResult?
    var failure: Failure?
    var limitSeconds = 0

    var output: String { (result?.stdoutText ?? "") + (result?.stderrText ?? "") }
    var exitCode: Int32? { result?.exitCode }

    var exitDescription: String {
        guard let result else { return "did not start" }
        if result.timedOut { return "timed out after \(limitSeconds) s" }
        if let code = result.exitCode { return "exit \(code)" }
        return "killed by signal \(result.signal ?? 0)"
    }

    /// Messages of uv, pip and docker that mean the network (or a registry) could not be reached.
    static let networkMarkers = [
        "network was disabled", "failed to fetch", "failed to download", "dns error", "could not resolve host",
        "connection refused", "connection reset", "network is unreachable", "temporary failure in name resolution",
        "max retries exceeded", "connectionerror", "nameresolutionerror", "error sending request", "operation timed out",
        "tls handshake", "no route to host", "requires network access", "offline mode",
    ]

    /// Why the check cannot be decided (missing tool, no network, no budget), or nil when the tool really ran.
    /// `network`: the command itself reaches out (uv sync/lock, pip-audit, docker build); a test suite's
    /// own "connection refused" is a test failure, not a missing network.
    func skipReason(tool: String, network: Bool = false) -> String? {
        switch failure {
        case .notInstalled: return "\(tool) is not installed"
        case .budgetSpent: return "the --run-tools time budget is spent ([thresholds] run-tools-timeout-seconds)"
        case .launch(let why): return why
        case nil: break
        }
        guard let result, !result.succeeded, !result.timedOut else { return nil }
        if lines.contains(where: { $0.lowercased().hasPrefix("error: failed to spawn") }) {
            return "\(tool) is not installed in the project's environment (add it: `uv add --dev \(tool)`)"
        }
        if network,
            let line = Self.networkMarkers.lazy.compactMap({ marker in
                self.lines.first { $0.lowercased().contains(marker) }
            }).first
        {
            return "needs the network, which is not reachable: \(line.trimmed.prefix(200))"
        }
        if output.lowercased().contains("no interpreter found") { return "no suitable Python interpreter: \(lastLine(nil))" }
        return nil
    }

    var lines: [String] { output.split(separator: "\n", omittingEmptySubsequences: true).map(String.init) }

    /// The last non-empty output line, redacted.
    func lastLine(_ options: RunOptions?) -> String {
        let line = String((lines.last { !$0.trimmed.isEmpty } ?? "").trimmed.prefix(300))
        return Redaction.scrub(line, secrets: options?.secrets ?? [])
    }

    /// The last lines of the output, each cut at 300 characters, secrets redacted.
    func tail(_ options: RunOptions) -> String {
        let kept = lines.suffix(options.tailLines).map { String($0.prefix(300)) }.joined(separator: "\n")
        return Redaction.scrub(kept, secrets: options.secrets)
    }

    func evidence(_ options: RunOptions) -> JSONValue {
        var b = JSONObjectBuilder()
        b.set("command", command)
        if let code = result?.exitCode { b.set("exitCode", Int(code)) }
        if result?.timedOut == true { b.set("timedOut", true) }
        if let ms = result?.durationMs { b.set("durationMs", ms) }
        b.set("output", tail(options))
        return b.value
    }

    /// The outcome when the tool did not give a verdict: skipped (missing, offline) or timed out.
    func undecided(tool: String, _ options: RunOptions, network: Bool = false) -> CheckOutput? {
        if let reason = skipReason(tool: tool, network: network) {
            return .skip(reason, evidence: result == nil ? nil : evidence(options))
        }
        if result?.timedOut == true {
            return CheckOutput(
                status: .fail, message: "`\(command)` did not finish within \(limitSeconds) s", evidence: evidence(options))
        }
        return nil
    }

    /// `path:line[:col]` references in the output (ruff, mypy, pytest), as findings.
    func findings(_ pattern: String, project: Project, _ options: RunOptions, limit: Int = 50) -> [Finding] {
        guard let regex = try? NSRegularExpression(pattern: pattern, options: [.anchorsMatchLines]) else { return [] }
        var seen: Set<String> = []
        var out: [Finding] = []
        for line in lines where out.count < limit {
            let ns = line as NSString
            guard let m = regex.firstMatch(in: line, range: NSRange(location: 0, length: ns.length)) else { continue }
            let path = ns.substring(with: m.range(at: 1))
            guard project.exists(path) else { continue }
            let number =
                m.numberOfRanges > 2 && m.range(at: 2).location != NSNotFound ? Int(ns.substring(with: m.range(at: 2))) : nil
            let text = String(line.trimmed.prefix(300))
            guard seen.insert(text).inserted else { continue }
            out.append(Finding(Redaction.scrub(text, secrets: options.secrets), at: Location(path, line: number)))
        }
        return out
    }
}
