import Foundation
import MCPWire
import PreflightCore

/// Started without its required variables, a server should refuse to start, naming them.
///
/// A fixed wait cannot tell a slow import from a server that never validates: a Python server
/// that imports a large SDK on a busy machine takes seconds before `main` runs. So the instance is
/// asked whether it serves (the handshake of the main session's era, or its URL answering) and
/// the probe waits for whichever comes first: an exit (it validated), an answer (it serves
/// without its configuration), or the end of a window that grows with the measured cold start.
enum EnvValidationProbe {
    /// The limit, or three cold starts of the main instance plus a second when that is longer.
    static func windowMs(limitMs: Int, coldStartMs: Int?) -> Int { max(limitMs, (coldStartMs ?? 0) * 3 + 1_000) }

    static func run(
        launch: ServerLaunch, era: LiveFacts.EraFacts?, options: LiveOptions, missing: [String], windowMs window: Int,
        deadline: Deadline
    ) async -> LiveFacts.EnvValidation {
        var launch = launch
        for name in missing { launch.environment.removeValue(forKey: name) }
        let initial = LiveFacts.EnvValidation(
            missing: missing, exited: false, exitCode: nil, elapsedMs: 0, namedOnStderr: false, stderrExcerpt: "",
            windowMs: window)
        var v = initial
        let start = ContinuousClock.now
        // The handshake's own waits end with the window: the instance serves, exits, or runs out of it.
        let probeDeadline = Deadline(min(.milliseconds(window), deadline.remaining))
        do {
            let ended = try await FreshInstance.with(
                options, launch: launch, name: "missing-env", era: era, deadline: probeDeadline
            ) { process, serves in
                var o = initial
                o.answeredInitialize = serves
                let left = max(window - (ContinuousClock.now - start).milliseconds, 500)
                // One that answered is serving; a short wait still tells one that exits right after.
                o.exited = await process.waitForExit(timeout: .milliseconds(serves ? 200 : left))
                o.elapsedMs = (ContinuousClock.now - start).milliseconds
                o.exitCode = process.exitStatus.exitCode
                return o
            }
            // Read after teardown: whatever the server wrote before it exited has drained by now.
            v = ended.value
            let text = ended.lines.joined(separator: "\n")
            v.namedOnStderr = missing.contains { text.contains($0) }
            v.stderrExcerpt = ended.lines.suffix(3).joined(separator: " | ").prefixString(300)
        } catch {
            v.stderrExcerpt = error.description
        }
        return v
    }
}
