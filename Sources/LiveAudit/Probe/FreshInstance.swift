import Foundation
import MCPWire
import PreflightCore
import Processes

/// A fresh instance of the server for one lifecycle probe: started through the child-process layer,
/// asked whether it serves (in the era the main session found: `server/discover` or `initialize`,
/// then `tools/list`), handed to the probe, and cleaned up after with everything it started. Over
/// HTTP the instance serves once its URL answers (`ServerReadiness`).
enum FreshInstance {
    struct Ended<T: Sendable>: Sendable {
        var value: T
        var exit: ServerExit
        /// The instance's stderr (and, over HTTP, stdout) lines, read after it ended.
        var lines: [String]
    }

    static func with<T: Sendable>(
        _ options: LiveOptions, launch: ServerLaunch, name: String, era: LiveFacts.EraFacts?, deadline: Deadline,
        checkServes: Bool = true, _ body: @Sendable (ServerProcess, Bool) async -> T
    ) async throws(LaunchError) -> Ended<T> {
        if let http = options.http {
            let log = MCPConnection { _ in }
            let (value, exit) = try await ChildSession.run(
                launch, label: "server \(name)", output: ServerOutput.into(log, transcript: options.transcript, instance: name),
                shutdownGrace: .seconds(2)
            ) { process in
                var serves = false
                if checkServes {
                    let budget = min(http.readinessBudget, max(.milliseconds(200), deadline.remaining))
                    let ready = await ServerReadiness.wait(for: http.target, process: process, budget: budget)
                    if ready.isReady { serves = await httpServes(http, era: era, options: options, deadline: deadline) }
                }
                return await body(process, serves)
            }
            await log.markClosed()
            return Ended(value: value, exit: exit, lines: await log.stderrLines)
        }
        let ((value, connection), exit) = try await StdioServer.with(launch, instance: name, transcript: options.transcript) {
            c, process in
            let serves = checkServes ? await stdioServes(c, era: era, options: options, deadline: deadline) : false
            return (await body(process, serves), c)
        }
        return Ended(value: value, exit: exit, lines: await connection.stderrLines)
    }

    /// The session starts in the main session's era and `tools/list` answers (or no tools are declared).
    static func stdioServes(_ c: MCPConnection, era: LiveFacts.EraFacts?, options: LiveOptions, deadline: Deadline) async
        -> Bool
    {
        let budget = deadline.cap(options.handshakeTimeout)
        let capabilities: JSONValue?
        if era?.isModern == true, let version = era?.version {
            await c.setEnvelope(ModernProtocol.Envelope(version: version))
            let h = await SessionStart.modern(c, version: version, budget: budget)
            guard h.protocolVersion != nil else { return false }
            capabilities = h.capabilities
        } else {
            let h = await SessionSteps.initialize(c, version: LiveOptions.latestRevision, timeout: budget)
            guard h.protocolVersion != nil else { return false }
            capabilities = h.capabilities
        }
        return await c.request("tools/list", timeout: deadline.cap(options.requestTimeout)).result != nil
            || capabilities?["tools"] == nil
    }

    static func httpServes(_ http: HTTPOptions, era: LiveFacts.EraFacts?, options: LiveOptions, deadline: Deadline) async
        -> Bool
    {
        guard let era else { return false }
        return await HTTPWire.with(http.target, credentials: http.credentials, transcript: options.transcript) { wire in
            await EraSession.with(wire, era: era, timeout: deadline.cap(options.handshakeTimeout)) { session in
                await session.connection.request("tools/list", timeout: deadline.cap(options.requestTimeout)).result != nil
            } ?? false
        }
    }
}

/// Where an HTTP server's output goes: its stderr is read into a connection used as the log's store,
/// so the logging and crash checks read it as they read a stdio server's stderr. Its stdout carries
/// no protocol: it goes to the transcript only.
enum ServerOutput {
    static func into(_ log: MCPConnection, transcript: Transcript?, instance: String) -> ChildOutput {
        ChildOutput(
            stdout: { chunks in
                for await bytes in chunks { transcript?.record(instance, .stderr, bytes, note: "stdout") }
            },
            stderr: { chunks in
                for await bytes in chunks {
                    transcript?.record(instance, .stderr, bytes)
                    await log.receiveStderr(bytes)
                }
            })
    }
}
