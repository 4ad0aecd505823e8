import Foundation
import PreflightCore

struct ToolErrorMasking: LiveCheck {
    static let description = CheckDescription(
        id: "tools.error-masking", title: "Error texts leak no internals", section: .protocol, kind: .live,
        severity: .error,
        rationale: """
            Error text goes into the model's context and the user's transcript. Tracebacks, server file paths, \
            exception dumps and raw validation-library reports disclose code layout, library versions and sometimes \
            data.
            """,
        remediation:
            "Catch exceptions at the tool boundary and raise a short, safe message (fastmcp: `mask_error_details=True`).",
        failing: [.server("tools.error-masking"), .server("tools.error-masking-validation")], passing: [.server()])

    static let patterns: [(String, String)] = [
        (#"Traceback \(most recent call last\)"#, "a Python traceback"),
        (#"File "[^"]+\.py", line \d+"#, "a Python stack frame"),
        (#"\bat [\w.$]+\([\w.]+\.(java|kt|js|ts):\d+\)"#, "a stack frame"),
        (#"(^|[\s'"(])/(home|usr|srv|app|opt|var|root)/[\w./-]+\.(py|js|ts|rb|go)"#, "a server file path"),
        (#"<(class|module) '[\w.]+'>|\b\w+(Error|Exception): .*\bobject at 0x[0-9a-f]+"#, "an exception or object dump"),
        // pydantic's report names the library version in its help link; its shape names the model.
        (#"errors\.pydantic\.dev/[0-9.]+/|\d+ validation errors? for \w+\s*\n.*\[type=\w+"#, "a raw pydantic validation dump"),
    ]

    func run(_ f: LiveFacts, _ context: LiveContext) -> CheckOutput {
        if let skip = LiveSkip.noCalls(f) { return skip }
        let texts =
            f.invalidCalls.map { ($0.tool, $0.text) }
            + f.toolCalls.filter { $0.isError || $0.outcome.result == nil }.map { ($0.tool, $0.text) }
        guard !texts.isEmpty else { return .skip("no tool returned an error to inspect") }
        var findings: [Finding] = []
        for (tool, text) in texts {
            for (pattern, what) in Self.patterns
            where text.range(of: "(?s)" + pattern, options: .regularExpression) != nil {
                findings.append(Finding("an error from tool `\(tool)` contains \(what)"))
                break
            }
        }
        return .from(
            Array(Set(findings)).sorted { $0.message < $1.message },
            pass: "\(texts.count) error texts carry no traceback, path or dump")
    }
}
