import Foundation
import MCPWire
import PreflightCore

#if canImport(Glibc)
    import Glibc
#endif

/// http.graceful-drain (`--server CMD --url URL`): the server is stopped the way an orchestrator
/// stops it, with SIGTERM, while a request is in flight (the slowest read-only tool call seen) and,
/// for a 2026-07-28 server declaring list changes, a `subscriptions/listen` stream is open. The same
/// stop is lifecycle.sigterm's observation for an HTTP server.
enum DrainProbe {
    static func run(_ wire: HTTPWire, process: ServerProcess, era: LiveFacts.EraFacts, facts: LiveFacts, options: LiveOptions)
        async -> LiveFacts.Drain
    {
        let answered = facts.toolCalls.filter { $0.outcome.result != nil && !$0.isError }
        let slowest = answered.max { ($0.outcome.elapsed ?? .zero) < ($1.outcome.elapsed ?? .zero) }
        let expected = slowest?.outcome.elapsed ?? .zero
        var d = LiveFacts.Drain(request: slowest.map { "tools/call \($0.tool)" } ?? "", expectedMs: expected.milliseconds)
        d.limitMs = options.graceMs + expected.milliseconds
        let timeout = expected * 2 + options.requestTimeout + .milliseconds(d.limitMs)
        guard let slowest, era.era != nil else {
            d.failure = slowest == nil ? "no read-only tool call answered, so none could be kept in flight" : nil
            return await stop(process, drain: d)
        }
        let params = JSONValue.object([("name", .string(slowest.tool)), ("arguments", slowest.arguments)])
        let observed = await EraSession.with(wire, era: era, timeout: options.requestTimeout) { session -> LiveFacts.Drain in
            var d = d
            let listen = await openListen(wire, era: era, facts: facts, timeout: timeout)
            let call = Task { await session.connection.requestWithID("tools/call", params: params, timeout: timeout) }
            // The request's bytes are on the wire long before this: the server has it when the signal lands.
            let pause = min(max(expected / 4, .milliseconds(100)), .seconds(1))
            if await Waiting.value(of: call, within: pause) != nil { d.finishedBeforeSignal = true }
            d = await stop(process, drain: d) { [call, listen] d in
                d.outcome = await call.value.outcome
                if let listen {
                    // Ended with its completion result (SHOULD), ended bare, or held open until Preflight hung up.
                    if let ended = await Waiting.value(of: listen, within: .seconds(3)) {
                        d.listen = ended
                        d.listenCompleted = ended.response(id: listenID)?["result"] != nil
                    } else {
                        listen.cancel()
                        d.listen = await listen.value
                        d.listenCompleted = nil
                    }
                }
            }
            return d
        }
        if let observed { return observed }
        return await stop(process, drain: d)
    }

    static let listenID = JSONValue.string("preflight-listen")

    /// A `subscriptions/listen` stream, once its first event (the acknowledgement) arrived; nil when
    /// the server declares no list changes or does not open one.
    static func openListen(_ wire: HTTPWire, era: LiveFacts.EraFacts, facts: LiveFacts, timeout: Duration) async
        -> Task<HTTPExchange, Never>?
    {
        let caps = facts.handshake?.capabilities
        let changes = ["tools", "prompts", "resources"].contains { caps?[$0]?["listChanged"]?.boolValue == true }
        guard era.isModern, changes else { return nil }
        let params = ModernProtocol.Envelope(version: era.version).wrap(
            .object([("notifications", .object([("toolsListChanged", .bool(true))]))]))
        let spec = HTTPRequestSpec(
            method: "POST", url: wire.target.url, headers: ModernProtocol.headers(method: "subscriptions/listen", params: params),
            body: ModernProtocol.body(id: listenID, method: "subscriptions/listen", params: params), timeout: timeout,
            stop: .afterResponse(id: listenID), label: "subscriptions/listen")
        let (events, sink) = AsyncStream<Void>.makeStream(bufferingPolicy: .bufferingNewest(1))
        let task = Task {
            let exchange = await wire.send(spec) { item in
                if case .event = item { sink.yield(()) }
            }
            sink.finish()
            return exchange
        }
        let first = Task {
            for await _ in events { return true }
            return false
        }
        guard await Waiting.value(of: first, within: .seconds(5)) == true else {
            first.cancel()
            task.cancel()
            _ = await task.value
            return nil
        }
        return task
    }

    /// SIGTERM, then what happens: `during` runs while the server drains; the exit is awaited up to the limit.
    static func stop(
        _ process: ServerProcess, drain: LiveFacts.Drain, during: (inout LiveFacts.Drain) async -> Void = { _ in }
    ) async -> LiveFacts.Drain {
        var d = drain
        let start = ContinuousClock.now
        process.signal(SIGTERM)
        await during(&d)
        let left = Duration.milliseconds(d.limitMs) - (ContinuousClock.now - start)
        d.exited = await process.waitForExit(timeout: max(left, .milliseconds(100)))
        d.elapsedMs = (ContinuousClock.now - start).milliseconds
        let status = process.exitStatus
        d.exitCode = d.exited ? status.exitCode : nil
        d.signal = d.exited ? status.signal : nil
        if d.exited {
            _ = await LifecycleProbe.waitForNoLeftovers(process, timeout: .milliseconds(500))
            d.leftovers = process.leftovers.map { "pid \($0.pid)" }
        }
        return d
    }
}
