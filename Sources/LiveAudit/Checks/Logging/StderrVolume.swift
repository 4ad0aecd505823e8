import Foundation
import PreflightCore

struct StderrVolume: LiveCheck {
    static let description = CheckDescription(
        id: "logging.stderr-volume", title: "stderr output stays at a sane volume", section: .logging, kind: .live,
        severity: .warning,
        rationale: """
            Clients keep or forward a stdio server's stderr, and containers ship it to a log pipeline that is paid \
            for by volume. A server that writes megabytes a second fills disks, buries the lines that matter and \
            can block on a full pipe when nobody reads it.
            """,
        remediation:
            "Log at INFO or above by default, once per event rather than per byte or per loop; make DEBUG an opt-in (`LOG_LEVEL=DEBUG`).",
        failing: [.server("logging.stderr-volume")], passing: [.server()])

    func run(_ f: LiveFacts, _ context: LiveContext) -> CheckOutput {
        if let why = f.launchFailure { return .skip("the server could not be started: \(why)") }
        if let skip = LiveSkip.process(f, "reading its stderr") { return skip }
        guard f.mainSessionMs > 0 else { return .skip("the main session did not run") }
        let limit = context.thresholds.stderrBytesPerSecond
        let volume = SessionRate(f.stderrBytes, sessionMs: f.mainSessionMs)
        let rate = Int(volume.perSecond)
        var evidence = JSONObjectBuilder()
        evidence.set("stderrBytes", f.stderrBytes)
        evidence.set("sessionMs", f.mainSessionMs)
        evidence.set("bytesPerSecond", rate)
        let message = "\(Self.human(f.stderrBytes)) on stderr in \(f.mainSessionMs) ms (\(Self.human(rate))/s)"
        if volume.floods(Double(limit)) {
            return .fail(message + ", over \(Self.human(limit))/s", evidence: evidence.value)
        }
        return .pass(message, evidence: evidence.value)
    }

    static func human(_ bytes: Int) -> String {
        if bytes >= 1 << 20 { return String(format: "%.1f MiB", Double(bytes) / Double(1 << 20)) }
        if bytes >= 1 << 10 { return String(format: "%.1f KiB", Double(bytes) / Double(1 << 10)) }
        return "\(bytes) B"
    }
}
