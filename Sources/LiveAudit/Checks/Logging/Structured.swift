import Foundation
import PreflightCore

struct StructuredLogs: LiveCheck {
    static let description = CheckDescription(
        id: "logging.structured", title: "stderr logs are structured, with levels", section: .logging, kind: .live,
        severity: .info,
        rationale: """
            Log aggregation needs a parseable line with a level: JSON, or the checklist's \
            `%(asctime)s - %(name)s - %(levelname)s - %(message)s`. Bare prints cannot be filtered or alerted on.
            """,
        remediation:
            "`logging.basicConfig(stream=sys.stderr, format='%(asctime)s - %(name)s - %(levelname)s - %(message)s')` or a JSON formatter.",
        failing: [.server("logging.structured")],
        passing: [
            .server(), Example(server: ["--rich-logs"], note: "Rich's console handler wraps long records onto indented lines"),
        ])

    static let levelPattern =
        #"(^|[\s\[|:"=-])(DEBUG|INFO|WARN|WARNING|ERROR|CRITICAL|FATAL|TRACE|NOTICE)([\s\]|:"-]|$)"#
    static let levelKey = #"(?i)("level"|"levelname"|"severity"|\blevel=)"#

    func run(_ f: LiveFacts, _ context: LiveContext) -> CheckOutput {
        if let why = f.launchFailure { return .skip("the server could not be started: \(why)") }
        if let skip = LiveSkip.process(f, "reading its stderr") { return skip }
        // What a server that never started writes is a crash report, not its logging (protocol.initialize).
        guard f.handshakeOK else { return .skip("the server did not start a session; its stderr is not its logging") }
        let lines = Self.records(f.stderrLines, startsRead: f.stderrLineStartsRead)
        guard !lines.isEmpty else { return .skip("the server wrote nothing to stderr") }
        let structured = lines.filter(Self.hasLevel)
        let share = Double(structured.count) / Double(lines.count)
        let sample = lines.first { l in !structured.contains(l) } ?? ""
        let message = "\(structured.count) of \(lines.count) stderr log records carry a level"
        if share >= 0.9 { return .pass(message) }
        return .fail(message + "; e.g. \"\(sample.prefixString(100))\"")
    }

    /// Box Drawing and Block Elements (U+2500–U+259F).
    static let boxDrawing: ClosedRange<UInt32> = 0x2500...0x259F

    static func hasLevel(_ line: String) -> Bool {
        if line.hasPrefix("{"), line.range(of: levelKey, options: .regularExpression) != nil { return true }
        return line.range(of: levelPattern, options: .regularExpression) != nil
    }

    /// The first line of each log record. A record starts at a line with a level, or at the start of
    /// a read when its first line has none (a handler writes a record in one write). Lines after a
    /// leveled line in the same read, and indented lines, continue it: a wrapped message (Rich's
    /// console handler), a validation dump, a traceback.
    static func records(_ stderr: [String], startsRead: [Bool]) -> [String] {
        var out: [String] = []
        var currentHasLevel = false
        for (i, raw) in stderr.enumerated() {
            let line = raw.trimmingCharacters(in: .whitespaces)
            // A traceback's header and frames belong to whatever reported it.
            guard !line.isEmpty, !line.hasPrefix("Traceback"), !line.hasPrefix("File \""), !line.hasPrefix("^") else { continue }
            // A startup banner drawn in a box (FastMCP's, Rich panels) is decoration, not log records.
            if let first = line.unicodeScalars.first, Self.boxDrawing.contains(first.value) { continue }
            let leveled = hasLevel(line)
            let readStart = i < startsRead.count ? startsRead[i] : true
            let indented = raw.first == " " || raw.first == "\t"
            let continues = !out.isEmpty && !leveled && (indented || (!readStart && currentHasLevel))
            if continues { continue }
            out.append(line)
            currentHasLevel = leveled
        }
        return out
    }
}
