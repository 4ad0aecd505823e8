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
        failing: [.server("logging.structured")], passing: [.server()])

    static let levelPattern =
        #"(^|[\s\[|:"=-])(DEBUG|INFO|WARN|WARNING|ERROR|CRITICAL|FATAL|TRACE|NOTICE)([\s\]|:"-]|$)"#
    static let levelKey = #"(?i)("level"|"levelname"|"severity"|\blevel=)"#

    func run(_ f: LiveFacts, _ context: LiveContext) -> CheckOutput {
        if let why = f.launchFailure { return .skip("the server could not be started: \(why)") }
        // Continuation lines of a traceback belong to the record above them.
        let lines = f.stderrLines.map { $0.trimmingCharacters(in: .whitespaces) }.filter {
            !$0.isEmpty && !$0.hasPrefix("File \"") && !$0.hasPrefix("Traceback") && !$0.hasPrefix("^")
        }
        guard !lines.isEmpty else { return .skip("the server wrote nothing to stderr") }
        let structured = lines.filter { line in
            if line.hasPrefix("{"), line.range(of: Self.levelKey, options: .regularExpression) != nil { return true }
            return line.range(of: Self.levelPattern, options: .regularExpression) != nil
        }
        let share = Double(structured.count) / Double(lines.count)
        let sample = lines.first { l in !structured.contains(l) } ?? ""
        let message = "\(structured.count) of \(lines.count) stderr lines carry a level"
        if share >= 0.9 { return .pass(message) }
        return .fail(message + "; e.g. \"\(sample.prefixString(100))\"")
    }
}
