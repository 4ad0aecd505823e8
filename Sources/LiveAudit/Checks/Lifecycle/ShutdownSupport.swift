import PreflightCore

enum ShutdownVerdict {
    /// `cleanExitRequired`: closing stdin is a normal end of session, so an error status is worth a warning;
    /// a signal's own default action (death by that signal) is a normal way to end too.
    static func output(_ s: LiveFacts.Shutdown?, what: String, facts f: LiveFacts, cleanExitRequired: Bool = false)
        -> CheckOutput
    {
        guard let s else {
            if !f.handshakeOK {
                return .skip("the main instance did not start a session, so no fresh instance was started")
            }
            return .skip("the \(what) probe did not run: the deadline (--timeout) came first")
        }
        if let failure = s.failure { return .skip("the \(what) probe could not start the server: \(failure)") }
        guard s.handshakeOK else { return .skip("the instance for the \(what) probe did not start serving") }
        var evidence = JSONObjectBuilder()
        evidence.set("exited", s.exited)
        evidence.set("elapsedMs", s.elapsedMs)
        evidence.set("exitCode", s.exitCode.map { JSONValue.int(Int($0)) } ?? .null)
        evidence.set("signal", s.signal.map { JSONValue.int(Int($0)) } ?? .null)
        evidence.set("leftoverProcesses", JSONValue.strings(s.leftovers))
        if !s.exited { return .fail("still running \(s.limitMs) ms after \(s.trigger)", evidence: evidence.value) }
        if !s.leftovers.isEmpty {
            return .fail(
                "exited after \(s.trigger) but left \(s.leftovers.count) process(es) running: \(s.leftovers.joined(separator: ", "))",
                evidence: evidence.value)
        }
        let how = s.exitCode.map { "exit code \($0)" } ?? s.signal.map { "signal \($0)" } ?? "exited"
        evidence.set("stderrTail", JSONValue.strings(s.stderrTail))
        if cleanExitRequired, let code = s.exitCode, code != 0 {
            let said =
                s.stderrTail.last { !$0.trimmingCharacters(in: .whitespaces).isEmpty }.map {
                    "; stderr ended with: \($0.prefixString(160))"
                } ?? ""
            return .warn(
                "exited \(s.elapsedMs) ms after \(s.trigger) but with exit code \(code), an error on the way out\(said)",
                evidence: evidence.value)
        }
        return .pass("exited \(s.elapsedMs) ms after \(s.trigger) (\(how)), no process left", evidence: evidence.value)
    }
}

struct StdinClose: LiveCheck {
    static let description = CheckDescription(
        id: "lifecycle.stdin-close", title: "Exits within 2 s of stdin closing", section: .lifecycle, kind: .live,
        severity: .error,
        rationale: """
            For stdio, the client shuts a server down by closing its input stream and waiting for it to exit, then \
            escalates to SIGTERM and SIGKILL (MCP 2025-11-25, basic/lifecycle, Shutdown). A server that ignores EOF \
            is killed every time, losing in-flight work and leaking what it held.
            """,
        remediation: "Exit when stdin reaches end of file (the SDKs' stdio_server does); do not keep non-daemon threads alive.",
        failing: [.server("lifecycle.stdin-close"), .server("lifecycle.stdin-close-status")], passing: [.server()])

    func run(_ f: LiveFacts, _ context: LiveContext) -> CheckOutput {
        if let why = f.launchFailure { return .skip("the server could not be started: \(why)") }
        if let skip = LiveSkip.stdioOnly(f) { return skip }
        return ShutdownVerdict.output(f.stdinClose, what: "stdin-close", facts: f, cleanExitRequired: true)
    }
}

struct Sigterm: LiveCheck {
    static let description = CheckDescription(
        id: "lifecycle.sigterm", title: "Exits cleanly on SIGTERM, leaving no children", section: .lifecycle,
        kind: .live, severity: .error,
        rationale: """
            Docker, Kubernetes and systemd stop containers with SIGTERM and kill them after a grace period (default \
            10 s); clients escalate to SIGTERM too (MCP 2025-11-25, basic/lifecycle, Shutdown). A server that ignores \
            it is SIGKILLed mid-request; children it leaves behind keep ports, files and memory.
            """,
        remediation:
            "Handle SIGTERM by finishing in-flight work and exiting; terminate child processes (or run them in your process group).",
        failing: [.server("lifecycle.sigterm"), .server("lifecycle.sigterm-children")], passing: [.server()])

    func run(_ f: LiveFacts, _ context: LiveContext) -> CheckOutput {
        if let why = f.launchFailure { return .skip("the server could not be started: \(why)") }
        if let skip = LiveSkip.process(f, "stopping the server") { return skip }
        return ShutdownVerdict.output(f.sigterm, what: "SIGTERM", facts: f)
    }
}

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

struct Restart: LiveCheck {
    static let description = CheckDescription(
        id: "lifecycle.restart", title: "Restarts after SIGKILL", section: .lifecycle, kind: .live, severity: .error,
        rationale: """
            Crashes and OOM kills do not run cleanup. A server that leaves a lock file, socket or half-written state \
            behind and then refuses to start turns one crash into an outage.
            """,
        remediation:
            "Make startup tolerate stale state: take locks with flock (released by the kernel), recreate sockets, validate state files.",
        failing: [.server("lifecycle.restart")], passing: [.server()])

    func run(_ f: LiveFacts, _ context: LiveContext) -> CheckOutput {
        if let why = f.launchFailure { return .skip("the server could not be started: \(why)") }
        if let skip = LiveSkip.process(f, "restarting the server") { return skip }
        guard let r = f.restart else {
            if !f.handshakeOK {
                return .skip("the main instance did not complete the handshake, so no fresh instance was started")
            }
            return .skip("the restart probe did not run: the deadline (--timeout) came first")
        }
        guard r.firstOK else { return .skip("the first instance of the restart probe did not complete the handshake") }
        return r.secondOK ? .pass(r.detail) : .fail(r.detail)
    }
}
