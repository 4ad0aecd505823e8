import Foundation
import MCPWire
import PreflightCore
import Processes

#if canImport(Glibc)
    import Glibc
#endif

/// Fresh instances for shutdown and restart: each starts, serves in the main session's era, then is stopped.
enum LifecycleProbe {
    /// `sig == nil` closes stdin instead of signalling: the stdio way to ask a server to stop.
    static func signal(
        _ sig: Int32?, name: String, launch: ServerLaunch, era: LiveFacts.EraFacts?, options: LiveOptions, deadline: Deadline
    ) async -> LiveFacts.Shutdown {
        let limitMs = sig == nil ? options.stdinCloseLimitMs : options.graceMs
        let initial = LiveFacts.Shutdown(
            trigger: name, handshakeOK: false, exited: false, elapsedMs: 0, exitCode: nil, signal: nil, leftovers: [],
            limitMs: limitMs)
        var shutdown = initial
        do {
            let ended = try await FreshInstance.with(options, launch: launch, name: name, era: era, deadline: deadline) {
                process, serves in
                var s = initial
                s.handshakeOK = serves
                guard serves else { return s }
                let start = ContinuousClock.now
                if let sig { process.signal(sig) } else { await process.closeStdin() }
                s.exited = await process.waitForExit(timeout: .milliseconds(limitMs))
                s.waitedMs = limitMs
                if !s.exited {
                    // On a saturated machine the exit may be waiting for a core: wait as long again (at most
                    // 5 s more), so a slow exit (a warning there) is told from none (a failure anywhere).
                    s.host = HostLoad.now()
                    let extra = min(limitMs, 5_000)
                    if s.host?.saturated == true, deadline.fits(.milliseconds(extra)) {
                        s.exited = await process.waitForExit(timeout: .milliseconds(extra))
                        s.waitedMs = limitMs + extra
                        s.late = s.exited
                    }
                }
                s.elapsedMs = (ContinuousClock.now - start).milliseconds
                let status = process.exitStatus
                s.exitCode = status.exitCode
                s.signal = status.signal
                if s.exited {
                    // Children get a moment to follow their parent; what stays is left behind.
                    _ = await waitForNoLeftovers(process, timeout: .milliseconds(500))
                    s.leftovers = process.leftovers.map { "pid \($0.pid)" }
                }
                return s
            }
            shutdown = ended.value
            shutdown.stderrTail = Array(ended.lines.suffix(5))
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

    /// SIGKILL, then a new instance must start and serve: no stale lock, socket or state.
    static func restart(launch: ServerLaunch, era: LiveFacts.EraFacts?, options: LiveOptions, deadline: Deadline) async
        -> LiveFacts.Restart
    {
        var r = LiveFacts.Restart(firstOK: false, secondOK: false, detail: "")
        do {
            let first = try await FreshInstance.with(options, launch: launch, name: "restart-1", era: era, deadline: deadline) {
                process, serves in
                // The process itself first: it must die without running any cleanup, whatever its group.
                process.signal(SIGKILL)
                kill(-process.pid, SIGKILL)
                _ = await process.waitForExit(timeout: .seconds(5))
                return serves
            }
            r.firstOK = first.value
            guard first.value else {
                r.detail = "the first instance did not start serving"
                return r
            }
            // A first instance that exited some other way ran its cleanup: the restart would prove nothing.
            guard first.exit.signal == SIGKILL else {
                r.firstOK = false
                r.detail = "the first instance did not die from SIGKILL (\(first.exit))"
                return r
            }
            let second = try await FreshInstance.with(options, launch: launch, name: "restart-2", era: era, deadline: deadline) {
                process, serves in (serves, process.hasExited)
            }
            // Read after teardown, when stderr has been drained: the refusal is usually the last line.
            let stderr = second.lines.suffix(3).joined(separator: " | ")
            r.secondOK = second.value.0
            r.detail =
                second.value.0
                ? "restarted after SIGKILL and served tools/list"
                : "after SIGKILL a new instance \(second.value.1 ? "exited" : "did not serve")\(stderr.isEmpty ? "" : ": \(stderr.prefixString(300))")"
        } catch {
            r.detail = error.description
        }
        return r
    }
}

/// One instance per revision, plus an unknown one: what version does the server answer? (Handshake
/// era over stdio; over HTTP the same is asked of the running server, see `HTTPNegotiation`.)
enum NegotiationProbe {
    static let unknownRevision = "1999-01-01"

    static func run(launch: ServerLaunch, options: LiveOptions, deadline: Deadline) async -> [(
        requested: String, outcome: RPCOutcome, answered: String?
    )] {
        var results: [(String, RPCOutcome, String?)] = []
        for version in LiveOptions.revisions + [unknownRevision] where deadline.fits(.seconds(5)) {
            do {
                let (h, _) = try await StdioServer.with(
                    launch, instance: "negotiate-\(version)", transcript: options.transcript
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

/// The same question asked of a running HTTP server: one `initialize` per revision, each session
/// ended again (over HTTP+SSE, one stream each).
enum HTTPNegotiation {
    static func run(_ wire: HTTPWire, era: LiveFacts.EraFacts, timeout: Duration, deadline: Deadline) async -> [(
        requested: String, outcome: RPCOutcome, answered: String?
    )] {
        var results: [(String, RPCOutcome, String?)] = []
        for version in LiveOptions.revisions + [NegotiationProbe.unknownRevision] where deadline.fits(.seconds(2)) {
            let params = EraDetector.initializeParams(version: version)
            let outcome: RPCOutcome
            if era.era == .httpSSE {
                let r = await LegacySSETransport.run(on: wire) { t in
                    await t.connection.request("initialize", params: params, timeout: timeout)
                }
                outcome = (try? r.get()) ?? .transportFailure(status: nil, reason: "the HTTP+SSE stream did not open")
            } else {
                let t = StreamableHTTPTransport.make(wire: wire, mode: .handshake)
                outcome = await t.connection.request("initialize", params: params, timeout: timeout)
                await t.close()
            }
            results.append((version, outcome, outcome.result?["protocolVersion"]?.stringValue))
        }
        return results
    }
}
