import PreflightCore

struct Sigint: LiveCheck {
    static let description = CheckDescription(
        id: "lifecycle.sigint", title: "Exits cleanly on SIGINT", section: .lifecycle, kind: .live, severity: .warning,
        rationale: """
            Ctrl-C in a terminal and some process managers send SIGINT; the server should stop as cleanly as on \
            SIGTERM. Servers on the Python SDK's stdio transport (mcp 1.x and 2.x) do not: it reads stdin in a worker \
            thread that cancellation cannot abandon, so after SIGINT the process waits until stdin gets a line or \
            closes.
            """,
        remediation: """
            Exit on SIGINT yourself, before `mcp.run()`: `import os, signal, sys` then \
            `signal.signal(signal.SIGINT, lambda s, f: (sys.stderr.flush(), os._exit(130)))` (in-flight work is \
            dropped, as on Ctrl-C; SIGTERM stays the graceful stop). In other runtimes, treat SIGINT like SIGTERM.
            """,
        failing: [.server("lifecycle.sigint")], passing: [.server()])

    func run(_ f: LiveFacts, _ context: LiveContext) -> CheckOutput {
        if let why = f.launchFailure { return .skip("the server could not be started: \(why)") }
        if let skip = LiveSkip.process(f, "stopping the server") { return skip }
        return ShutdownVerdict.output(f.sigint, what: "SIGINT", facts: f)
    }
}
