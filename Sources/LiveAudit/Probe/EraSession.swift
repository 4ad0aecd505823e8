import MCPWire
import PreflightCore

/// A session of its own on an HTTP server, opened in the era the server speaks: a 2026-07-28
/// connection (nothing to open), a handshake session (initialized, deleted at the end), or an
/// HTTP+SSE stream. For probes that need a working connection besides the main session's.
struct EraSession: Sendable {
    let connection: MCPConnection
    /// The HTTP exchange that carried request `id` (over HTTP+SSE: its POST; the answer came on the stream).
    let exchange: @Sendable (Int) async -> HTTPExchange?
    /// The Streamable HTTP transport, when that is the transport.
    let transport: StreamableHTTPTransport?

    static func with<T: Sendable>(
        _ wire: HTTPWire, era: LiveFacts.EraFacts, timeout: Duration, _ body: (EraSession) async -> T
    ) async -> T? {
        var options = StreamableHTTPTransport.Options()
        options.exchangeTimeout = max(timeout, .seconds(60))
        switch era.era {
        case .modern?:
            let version = era.version ?? ModernProtocol.version
            let t = StreamableHTTPTransport.make(wire: wire, mode: .modern(version: version), options: options)
            await t.connection.setEnvelope(ModernProtocol.Envelope(version: version))
            let value = await body(
                EraSession(connection: t.connection, exchange: { await t.settledExchange(forRequest: $0) }, transport: t))
            await t.close()
            return value
        case .handshake?:
            let t = StreamableHTTPTransport.make(wire: wire, mode: .handshake, options: options)
            let h = await SessionSteps.initialize(t.connection, version: LiveOptions.latestRevision, timeout: timeout)
            guard h.protocolVersion != nil else {
                await t.close()
                return nil
            }
            let value = await body(
                EraSession(connection: t.connection, exchange: { await t.settledExchange(forRequest: $0) }, transport: t))
            await t.close()
            return value
        case .httpSSE?:
            var sse = LegacySSETransport.Options()
            sse.postTimeout = options.exchangeTimeout
            let result = await LegacySSETransport.run(on: wire, options: sse) { t -> T? in
                let h = await SessionSteps.initialize(t.connection, version: LiveOptions.latestRevision, timeout: timeout)
                guard h.protocolVersion != nil else { return nil }
                return await body(EraSession(connection: t.connection, exchange: { t.exchange(forRequest: $0) }, transport: nil))
            }
            return (try? result.get()) ?? nil
        case nil:
            return nil
        }
    }
}
