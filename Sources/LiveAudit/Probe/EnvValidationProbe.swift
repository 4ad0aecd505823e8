import Foundation
import MCPWire
import PreflightCore

/// Started without its required variables, a server should refuse to start, naming them.
///
/// A fixed wait cannot tell a slow import from a server that never validates: a Python server
/// that imports a large SDK on a busy machine takes seconds before `main` runs. So the probe
/// sends `initialize` and waits for whichever comes first: an exit (it validated), an answer (it
/// serves without its configuration), or the end of a window that grows with the measured cold start.
enum EnvValidationProbe {
    /// The limit, or three cold starts of the main instance plus a second when that is longer.
    static func windowMs(limitMs: Int, coldStartMs: Int?) -> Int { max(limitMs, (coldStartMs ?? 0) * 3 + 1_000) }

    static func run(options: LiveOptions, missing: [String], coldStartMs: Int?) async -> LiveFacts.EnvValidation {
        var launch = options.launch
        for name in missing { launch.environment.removeValue(forKey: name) }
        let window = windowMs(limitMs: options.envValidationLimitMs, coldStartMs: coldStartMs)
        let initial = LiveFacts.EnvValidation(
            missing: missing, exited: false, exitCode: nil, elapsedMs: 0, namedOnStderr: false, stderrExcerpt: "",
            windowMs: window)
        var v = initial
        do {
            let (observed, _) = try await StdioServer.with(launch, instance: "missing-env", transcript: options.transcript) {
                c, process in
                var o = initial
                let start = ContinuousClock.now
                let h = await SessionSteps.initialize(c, version: LiveOptions.latestRevision, timeout: .milliseconds(window))
                o.answeredInitialize = h.outcome.result != nil
                let left = max(window - (ContinuousClock.now - start).milliseconds, 500)
                // A server that answered is serving; a short wait still tells one that exits right after.
                o.exited = await process.waitForExit(timeout: .milliseconds(o.answeredInitialize ? 200 : left))
                o.elapsedMs = (ContinuousClock.now - start).milliseconds
                o.exitCode = process.exitStatus.exitCode
                // Let the reader drain what the server wrote before it exited.
                try? await Task.sleep(for: .milliseconds(100))
                let lines = await c.stderrLines
                let text = lines.joined(separator: "\n")
                o.namedOnStderr = missing.contains { text.contains($0) }
                o.stderrExcerpt = lines.suffix(3).joined(separator: " | ").prefixString(300)
                return o
            }
            v = observed
        } catch {
            v.stderrExcerpt = error.description
        }
        return v
    }
}
