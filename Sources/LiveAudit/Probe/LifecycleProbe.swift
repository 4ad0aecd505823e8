import Foundation
import MCPWire
import PreflightCore

#if canImport(Glibc)
    import Glibc
#endif

/// Fresh instances for shutdown and restart: each starts, completes the handshake, then is stopped.
enum LifecycleProbe {
    /// `sig == nil` closes stdin instead of signalling: the stdio way to ask a server to stop.
    static func signal(_ sig: Int32?, name: String, options: LiveOptions, deadline: Deadline) async -> LiveFacts.Shutdown {
        let limitMs = sig == nil ? options.stdinCloseLimitMs : options.graceMs
        let initial = LiveFacts.Shutdown(
            trigger: name, handshakeOK: false, exited: false, elapsedMs: 0, exitCode: nil, signal: nil, leftovers: [],
            limitMs: limitMs)
        var shutdown = initial
        do {
            let ((observed, connection), _) = try await StdioServer.with(
                options.launch, instance: name, transcript: options.transcript
            ) { c, process in
                var s = initial
                s.handshakeOK = await handshake(c, options: options, deadline: deadline)
                guard s.handshakeOK else { return (s, c) }
                let start = ContinuousClock.now
                if let sig { process.signal(sig) } else { await process.closeStdin() }
                s.exited = await process.waitForExit(timeout: .milliseconds(limitMs))
                s.elapsedMs = (ContinuousClock.now - start).milliseconds
                let status = process.exitStatus
                s.exitCode = status.exitCode
                s.signal = status.signal
                if s.exited {
                    // Children get a moment to follow their parent; what stays is left behind.
                    _ = await waitForNoLeftovers(process, timeout: .milliseconds(500))
                    s.leftovers = process.leftovers.map { "pid \($0.pid)" }
                }
                return (s, c)
            }
            shutdown = observed
            shutdown.stderrTail = Array(await connection.stderrLines.suffix(5))
        } catch {
            shutdown.failure = error.description
        }
        return shutdown
    }

    static func waitForNoLeftovers(_ process: ServerProcess, timeout: Duration) async -> Bool {
        let end = ContinuousClock.now + timeout
        while ContinuousClock.now < end {
            if process.leftovers.isEmpty { return true }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return process.leftovers.isEmpty
    }

    static func handshake(_ c: MCPConnection, options: LiveOptions, deadline: Deadline) async -> Bool {
        let h = await SessionSteps.initialize(
            c, version: LiveOptions.latestRevision, timeout: deadline.cap(options.handshakeTimeout))
        guard h.protocolVersion != nil else { return false }
        return await c.request("tools/list", timeout: deadline.cap(options.requestTimeout)).result != nil
            || h.capabilities?["tools"] == nil
    }

    /// SIGKILL, then a new instance must start and serve: no stale lock, socket or state.
    static func restart(options: LiveOptions, deadline: Deadline) async -> LiveFacts.Restart {
        var r = LiveFacts.Restart(firstOK: false, secondOK: false, detail: "")
        do {
            let (first, firstExit) = try await StdioServer.with(
                options.launch, instance: "restart-1", transcript: options.transcript
            ) { c, process in
                let ok = await handshake(c, options: options, deadline: deadline)
                // The process itself first: it must die without running any cleanup, whatever its group.
                process.signal(SIGKILL)
                kill(-process.pid, SIGKILL)
                _ = await process.waitForExit(timeout: .seconds(5))
                return ok
            }
            r.firstOK = first
            guard first else {
                r.detail = "the first instance did not complete the handshake"
                return r
            }
            // A first instance that exited some other way ran its cleanup: the restart would prove nothing.
            guard firstExit.signal == SIGKILL else {
                r.firstOK = false
                r.detail = "the first instance did not die from SIGKILL (\(firstExit))"
                return r
            }
            let (second, _) = try await StdioServer.with(
                options.launch, instance: "restart-2", transcript: options.transcript
            ) { c, process in
                (await handshake(c, options: options, deadline: deadline), process.hasExited, c)
            }
            // Read after teardown, when stderr has been drained: the refusal is usually the last line.
            let stderr = await second.2.stderrLines.suffix(3).joined(separator: " | ")
            r.secondOK = second.0
            r.detail =
                second.0
                ? "restarted after SIGKILL and served tools/list"
                : "after SIGKILL a new instance \(second.1 ? "exited" : "did not serve")\(stderr.isEmpty ? "" : ": \(stderr.prefixString(300))")"
        } catch {
            r.detail = error.description
        }
        return r
    }
}

/// One instance per revision, plus an unknown one: what version does the server answer?
enum NegotiationProbe {
    static let unknownRevision = "1999-01-01"

    static func run(options: LiveOptions, deadline: Deadline) async -> [(
        requested: String, outcome: RPCOutcome, answered: String?
    )] {
        var results: [(String, RPCOutcome, String?)] = []
        for version in LiveOptions.revisions + [unknownRevision] where deadline.fits(.seconds(5)) {
            do {
                let (h, _) = try await StdioServer.with(
                    options.launch, instance: "negotiate-\(version)", transcript: options.transcript
                ) { c, _ in
                    await SessionSteps.initialize(c, version: version, timeout: deadline.cap(options.handshakeTimeout))
                }
                results.append((version, h.outcome, h.protocolVersion))
            } catch {
                results.append((version, .closed, nil))
            }
        }
        return results
    }
}
