import MCPWire
import PreflightCore
import Processes
import Synchronization

/// Streamable HTTP servers (`--url`): each connection is a client of its own (its own connection
/// pool and, in the handshake era, its own session), speaking the era the server speaks. With
/// `--server CMD --url URL` the one server process is `process`, sampled by the first connection.
public struct HTTPLoadTransport: LoadTransport {
    public var url: HTTPTarget
    public var credentials: HTTPCredentials
    public var process: RunningChild?
    /// Sockets each client may open: one per call in flight (HTTP/1.1 answers one at a time).
    public var maxConnections: Int
    /// Instances share this process: each is given this share of its CPU time.
    public var cpuShare: Double
    public var command: [String]?

    public init(
        url: HTTPTarget, credentials: HTTPCredentials, process: RunningChild?, maxConnections: Int, instances: Int,
        command: [String]? = nil
    ) {
        self.url = url
        self.credentials = credentials
        self.process = process
        self.maxConnections = max(1, maxConnections)
        cpuShare = 1 / Double(max(1, instances))
        self.command = command
    }

    public var target: LoadTargetInfo { LoadTargetInfo(transport: "http", command: command, url: url.url.absoluteString) }

    public func withConnection<T: Sendable>(_ index: Int, _ body: @Sendable (any LoadConnection) async -> T)
        async throws(LoadFailure) -> T
    {
        var settings = HTTPWire.Settings()
        settings.maxConnections = maxConnections + 2
        // The load keeps figures, not evidence: a few exchanges for a failure's story, no more.
        settings.maxStoredExchanges = 64
        settings.logEvidenceBytes = 4 << 20
        let sampled = index == 0 ? process : nil
        let share = cpuShare
        return await HTTPWire.with(url, credentials: credentials, settings: settings, instance: "load \(index)") { wire in
            let connection = HTTPLoadConnection(wire: wire, process: sampled, cpuShare: share)
            let value = await body(connection)
            await connection.close()
            return value
        }
    }
}

/// One client: era detection, the session (handshake era) and the listing, then the calls.
final class HTTPLoadConnection: LoadConnection {
    let wire: HTTPWire
    let process: RunningChild?
    let cpuShare: Double
    private let transport = Mutex<StreamableHTTPTransport?>(nil)

    init(wire: HTTPWire, process: RunningChild?, cpuShare: Double) {
        self.wire = wire
        self.process = process
        self.cpuShare = cpuShare
    }

    func prepare(timeout: Duration) async throws(LoadFailure) -> ServerFacts {
        var settings = EraDetector.Settings()
        settings.firstTimeout = timeout
        settings.timeout = timeout
        settings.checkDualEra = false
        let verdict = await EraDetector.detect(wire, settings: settings)
        var options = StreamableHTTPTransport.Options()
        options.exchangeTimeout = timeout + .seconds(5)
        options.recordRequestExchanges = false
        let t: StreamableHTTPTransport
        var info: JSONValue?
        switch verdict.outcome {
        case .modern(let version):
            t = StreamableHTTPTransport.make(wire: wire, mode: .modern(version: version), options: options)
            await t.connection.setEnvelope(ModernProtocol.Envelope(version: version))
            info = verdict.discover?["result"]?["serverInfo"]
        case .handshake(let version):
            t = StreamableHTTPTransport.make(wire: wire, mode: .handshake, options: options)
            transport.withLock { $0 = t }
            let initialize = await t.connection.request(
                "initialize", params: EraDetector.initializeParams(version: version), timeout: timeout)
            guard let result = initialize.result, result["protocolVersion"]?.stringValue != nil else {
                throw LoadFailure("initialize: \(initialize.summary)")
            }
            info = result["serverInfo"]
            await t.connection.notify("notifications/initialized")
        case .httpSSE:
            throw LoadFailure(
                "the server speaks only the deprecated HTTP+SSE transport (2024-11-05); `preflight load` drives Streamable HTTP (`preflight check --url` audits this one)"
            )
        case .authRequired:
            throw LoadFailure("the server answered 401: give its credential with --header \"Name: value\" or --bearer-env VAR")
        case .forbidden: throw LoadFailure("the server answered 403 to a request without Origin: it refuses this client")
        case .incompatible(let supported):
            throw LoadFailure("the server speaks only \(supported.joined(separator: ", ")), no revision Preflight speaks")
        case .unreachable(let why):
            throw LoadFailure("the server could not be reached at \(wire.target.url.absoluteString): \(why)")
        case .notMCP(let why): throw LoadFailure("no MCP server answered at \(wire.target.url.absoluteString): \(why)")
        }
        transport.withLock { $0 = t }
        let tools = try await list(t.connection, timeout: timeout)
        return ServerFacts(
            protocolVersion: verdict.version ?? "", serverName: info?["name"]?.stringValue,
            serverVersion: info?["version"]?.stringValue, tools: tools)
    }

    private func list(_ connection: MCPConnection, timeout: Duration) async throws(LoadFailure) -> [JSONValue] {
        var tools: [JSONValue] = []
        var cursor: String?
        var seen: Set<String> = []
        for _ in 0..<100 {
            let outcome = await connection.request(
                "tools/list", params: cursor.map { .object([("cursor", .string($0))]) }, timeout: timeout)
            guard let result = outcome.result else { throw LoadFailure("tools/list: \(outcome.summary)") }
            tools += result["tools"]?.arrayValue ?? []
            guard let next = result["nextCursor"]?.stringValue, !next.isEmpty, seen.insert(next).inserted else { break }
            cursor = next
        }
        return tools
    }

    func drive(_ plan: DrivePlan, gauge: LoadGauge) async -> InstanceTally {
        guard let t = transport.withLock({ $0 }) else {
            var tally = InstanceTally(tools: plan.calls.count)
            tally.ended = "no session"
            return tally
        }
        let connection = t.connection
        let timeout = Duration.nanoseconds(Int64(plan.timeoutNs))
        let calls = plan.calls
        let share = cpuShare
        // Stopped (Ctrl-C), the calls in flight end at once as disconnected instead of at their timeout.
        var tally = await withTaskCancellationHandler {
            await AsyncDriver.run(plan, gauge: gauge, cpuShare: share) { index in
                let call = calls[index]
                return Self.outcome(await connection.request(call.method, params: call.params, timeout: timeout))
            }
        } onCancel: {
            Task { await connection.markClosed() }
        }
        if let process, process.hasExited, tally.ended == nil {
            tally.ended = "the server exited (\(process.exitStatus))"
        }
        return tally
    }

    static func outcome(_ o: RPCOutcome) -> CallOutcome {
        switch o {
        case .result(let r, _): return r["isError"]?.boolValue == true ? .toolError : .ok
        case .error(let code, let message, _, _): return .rpcError(code: Int64(code), message: message)
        case .timedOut: return .timeout
        case .closed: return .disconnected
        case .transportFailure(let status, let reason): return .httpError(status: status ?? 0, reason: reason)
        }
    }

    func sample() -> ResourceReading? { process.flatMap(ResourceReading.init) }

    /// Ends the session (handshake era: `DELETE`) and any stream still open.
    func close() async {
        guard let t = transport.withLock({ $0 }) else { return }
        await t.close()
    }
}
