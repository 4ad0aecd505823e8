import PreflightCore

enum ShutdownVerdict {
    static func output(_ s: LiveFacts.Shutdown?, what: String) -> CheckOutput {
        guard let s else { return .skip("the \(what) probe did not run (deadline or launch failure)") }
        if let failure = s.failure { return .skip("the \(what) probe could not start the server: \(failure)") }
        guard s.handshakeOK else { return .skip("the instance for the \(what) probe did not complete the handshake") }
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
        failing: [.server("lifecycle.stdin-close")], passing: [.server()])

    func run(_ f: LiveFacts, _ context: LiveContext) -> CheckOutput {
        if let why = f.launchFailure { return .skip("the server could not be started: \(why)") }
        return ShutdownVerdict.output(f.stdinClose, what: "stdin-close")
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
        return ShutdownVerdict.output(f.sigterm, what: "SIGTERM")
    }
}

struct Sigint: LiveCheck {
    static let description = CheckDescription(
        id: "lifecycle.sigint", title: "Exits cleanly on SIGINT", section: .lifecycle, kind: .live, severity: .warning,
        rationale: "Ctrl-C in a terminal and some process managers send SIGINT; the server should stop as cleanly as on SIGTERM.",
        remediation: "Treat SIGINT like SIGTERM (Python raises KeyboardInterrupt: let it end the event loop cleanly).",
        failing: [.server("lifecycle.sigint")], passing: [.server()])

    func run(_ f: LiveFacts, _ context: LiveContext) -> CheckOutput {
        if let why = f.launchFailure { return .skip("the server could not be started: \(why)") }
        return ShutdownVerdict.output(f.sigint, what: "SIGINT")
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
        guard let r = f.restart else { return .skip("the restart probe did not run (deadline)") }
        guard r.firstOK else { return .skip("the first instance of the restart probe did not complete the handshake") }
        return r.secondOK ? .pass(r.detail) : .fail(r.detail)
    }
}
