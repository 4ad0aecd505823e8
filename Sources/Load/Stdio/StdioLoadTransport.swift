import Foundation
import MCPWire
import PreflightCore
import Processes
import Synchronization

/// Stdio servers: each connection is a server process of its own, started through the
/// child-process layer (its own session, killed with everything it started when the connection
/// ends), driven by a pipelined client on a dedicated thread.
public struct StdioLoadTransport: LoadTransport {
    public var launch: ChildLaunch
    /// The revision offered in `initialize`.
    public var protocolVersion: String
    public var shutdownGrace: Duration = .seconds(2)

    public init(launch: ChildLaunch, protocolVersion: String) {
        self.launch = launch
        self.protocolVersion = protocolVersion
    }

    public var target: LoadTargetInfo { LoadTargetInfo(transport: "stdio", command: launch.argv, url: nil) }

    public func withConnection<T: Sendable>(_ index: Int, _ body: @Sendable (any LoadConnection) async -> T)
        async throws(LoadFailure) -> T
    {
        let tail = StderrTail()
        let version = protocolVersion
        do {
            let (value, _) = try await ChildSession.runWithPipes(
                launch, label: "load server \(index)",
                stderr: { chunks in
                    for await chunk in chunks { tail.append(chunk) }
                    tail.finish()
                }, shutdownGrace: shutdownGrace
            ) { child, pipes in
                await body(StdioConnection(child: child, pipes: pipes, stderr: tail, protocolVersion: version))
            }
            return value
        } catch {
            throw LoadFailure(error.description)
        }
    }
}

/// One server process and its client. The client's state (`PipeIO`) lives behind a mutex that
/// the working thread holds for a whole phase: the handshake, then the load.
final class StdioConnection: LoadConnection {
    let child: RunningChild
    let pipes: ChildPipes
    let stderr: StderrTail
    let protocolVersion: String
    private let io: Mutex<PipeIO>

    init(child: RunningChild, pipes: ChildPipes, stderr: StderrTail, protocolVersion: String) {
        self.child = child
        self.pipes = pipes
        self.stderr = stderr
        self.protocolVersion = protocolVersion
        io = Mutex(PipeIO(input: pipes.input, output: pipes.output))
    }

    /// Runs `work` on a thread of its own: blocking I/O never holds a cooperative thread.
    private func onThread<T: Sendable>(_ work: @escaping @Sendable (inout PipeIO) -> T) async -> T {
        await withCheckedContinuation { continuation in
            let thread = Thread { continuation.resume(returning: self.io.withLock { work(&$0) }) }
            thread.name = "preflight-load-\(child.pid)"
            thread.start()
        }
    }

    func prepare(timeout: Duration) async throws(LoadFailure) -> ServerFacts {
        let version = protocolVersion
        let result: Result<ServerFacts, LoadFailure> = await onThread { io in
            let params = JSONValue.object([
                ("protocolVersion", .string(version)),
                ("capabilities", .object([])),
                (
                    "clientInfo",
                    .object([("name", .string("mcp-preflight")), ("version", .string(PreflightVersion.current))])
                ),
            ])
            let r: JSONValue
            switch io.request("initialize", params: params, id: 1, timeout: timeout) {
            case .success(let result): r = result
            case .failure(let f): return .failure(LoadFailure("initialize \(f.description)"))
            }
            guard let negotiated = r["protocolVersion"]?.stringValue else {
                return .failure(LoadFailure("initialize got a result without a protocolVersion"))
            }
            io.notify("notifications/initialized")
            var tools: [JSONValue] = []
            var cursor: String?
            var seen: Set<String> = []
            for page in 0..<100 {
                let list: JSONValue
                switch io.request(
                    "tools/list", params: cursor.map { .object([("cursor", .string($0))]) }, id: 2 + page, timeout: timeout)
                {
                case .success(let result): list = result
                case .failure(let f): return .failure(LoadFailure("tools/list \(f.description)"))
                }
                tools += list["tools"]?.arrayValue ?? []
                guard let next = list["nextCursor"]?.stringValue, !next.isEmpty, seen.insert(next).inserted else { break }
                cursor = next
            }
            return .success(
                ServerFacts(
                    protocolVersion: negotiated, serverName: r["serverInfo"]?["name"]?.stringValue,
                    serverVersion: r["serverInfo"]?["version"]?.stringValue, tools: tools))
        }
        switch result {
        case .success(let facts): return facts
        case .failure(let failure): throw LoadFailure(failure.description + (await exitNote()))
        }
    }

    func drive(_ plan: DrivePlan, gauge: LoadGauge) async -> InstanceTally {
        var tally = await onThread { io in Driver.run(plan, io: &io, gauge: gauge) }
        if let ended = tally.ended, ended != "stopped" { tally.ended = ended + (await exitNote()) }
        return tally
    }

    func sample() -> ResourceReading? { ResourceReading(child) }

    /// How the server ended, when it did, and the last lines of its stderr.
    private func exitNote() async -> String {
        var note = ""
        if await child.waitForExit(timeout: .milliseconds(500)) {
            note += " (the server exited: \(child.exitStatus))"
            // Its last words may still be in the pipe: read up to the end (bounded: a child it left
            // behind may hold stderr open).
            _ = await stderr.waitForEnd(within: .seconds(1))
        }
        let lines = stderr.lines
        if !lines.isEmpty { note += "; its stderr ends with: " + lines.suffix(5).joined(separator: " | ") }
        return note
    }
}

/// The last lines of a server's stderr, kept bounded; the rest is only counted.
public final class StderrTail: Sendable {
    private struct State {
        var lines: [String] = []
        var partial: [UInt8] = []
        var bytes = 0
        var finished = false
        var waiters: [@Sendable (Bool) -> Void] = []

        /// Ends the partial line: kept when not blank, the last 20 only.
        mutating func endLine() {
            let line = String(decoding: partial, as: UTF8.self).trimmingCharacters(in: .whitespaces)
            if !line.isEmpty { lines.append(String(line.prefix(300))) }
            if lines.count > 20 { lines.removeFirst(lines.count - 20) }
            partial.removeAll(keepingCapacity: true)
        }
    }

    private let state = Mutex(State())

    public init() {}

    public func append(_ chunk: [UInt8]) {
        state.withLock { s in
            s.bytes += chunk.count
            for byte in chunk {
                if byte == 0x0A {
                    s.endLine()
                } else if s.partial.count < 300 {
                    s.partial.append(byte)
                }
            }
        }
    }

    /// The stream ended: a last line without a newline is kept, and waiters go on.
    public func finish() {
        let waiters = state.withLock { s -> [@Sendable (Bool) -> Void] in
            s.endLine()
            s.finished = true
            defer { s.waiters = [] }
            return s.waiters
        }
        for resume in waiters { resume(true) }
    }

    /// Waits until the stream ended, at most `timeout`; true when it did.
    public func waitForEnd(within timeout: Duration) async -> Bool {
        let once = OnceFlag()
        return await withCheckedContinuation { continuation in
            let resume: @Sendable (Bool) -> Void = { ended in
                if once.claim() { continuation.resume(returning: ended) }
            }
            let finished = state.withLock { s -> Bool in
                if !s.finished { s.waiters.append(resume) }
                return s.finished
            }
            if finished { return resume(true) }
            Task {
                try? await Task.sleep(for: timeout)
                resume(false)
            }
        }
    }

    public var lines: [String] { state.withLock { $0.lines } }
    public var bytes: Int { state.withLock { $0.bytes } }
}
