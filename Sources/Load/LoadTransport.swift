import PreflightCore
import Processes

/// Where the load goes: one connection per instance. Stdio servers today (`StdioLoadTransport`);
/// an HTTP client plugs in by implementing these two protocols.
public protocol LoadTransport: Sendable {
    /// How reports name the target.
    var target: LoadTargetInfo { get }
    /// Opens connection `index` (starting whatever it needs), runs `body` with it, and leaves
    /// nothing behind (processes, descriptors, sockets) when it returns.
    func withConnection<T: Sendable>(_ index: Int, _ body: @Sendable (any LoadConnection) async -> T) async throws(LoadFailure)
        -> T
}

/// One client connected to one server instance.
public protocol LoadConnection: Sendable {
    /// The MCP handshake (`initialize`, `notifications/initialized`) and the whole `tools/list`.
    func prepare(timeout: Duration) async throws(LoadFailure) -> ServerFacts
    /// Makes the plan's calls, measured, until it says stop and every call has ended.
    func drive(_ plan: DrivePlan, gauge: LoadGauge) async -> InstanceTally
    /// Memory and CPU of what serves this connection, when it runs on this machine.
    func sample() -> ResourceReading?
}

/// What the server said about itself before the load.
public struct ServerFacts: Sendable {
    public var protocolVersion: String
    public var serverName: String?
    public var serverVersion: String?
    public var tools: [JSONValue]

    public init(protocolVersion: String, serverName: String?, serverVersion: String?, tools: [JSONValue]) {
        self.protocolVersion = protocolVersion
        self.serverName = serverName
        self.serverVersion = serverVersion
        self.tools = tools
    }

    public func tool(named name: String) -> JSONValue? { tools.first { $0["name"]?.stringValue == name } }
    public var toolNames: [String] { tools.compactMap { $0["name"]?.stringValue } }
}

/// Resident memory and CPU time of a server's whole process tree at one moment.
public struct ResourceReading: Sendable, Equatable {
    public var rssBytes: Int
    public var cpuSeconds: Double
    public var processes: Int

    public init(rssBytes: Int, cpuSeconds: Double, processes: Int) {
        self.rssBytes = rssBytes
        self.cpuSeconds = cpuSeconds
        self.processes = processes
    }

    /// A server's process tree now; nil once nothing of it is left.
    init?(_ child: RunningChild) {
        let s = child.sample
        guard s.processes > 0 else { return nil }
        self.init(rssBytes: s.rssBytes, cpuSeconds: s.cpuSeconds, processes: s.processes)
    }
}

/// Why a load could not run: one line for the user.
public struct LoadFailure: Error, Sendable, Equatable, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
