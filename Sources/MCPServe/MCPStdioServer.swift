import Foundation
import MCPWire
import PreflightCore
import Synchronization

/// A stdio MCP server (handshake era, 2024-11-05 to 2025-11-25): newline-delimited JSON-RPC on
/// stdin and stdout, nothing else on stdout, logs as JSON lines on stderr. Requests run concurrently
/// (a long audit does not hold up `ping`); `notifications/cancelled` cancels one; end of input ends
/// the server at once (the client is gone: nobody would read the answers).
public struct MCPStdioServer: Sendable {
    public static let supportedVersions = ["2025-11-25", "2025-06-18", "2025-03-26", "2024-11-05"]

    public var name: String
    public var version: String
    public var instructions: String
    public var tools: [ServerTool]

    public init(name: String, version: String, instructions: String, tools: [ServerTool]) {
        self.name = name
        self.version = version
        self.instructions = instructions
        self.tools = tools
    }

    /// Serves until stdin ends.
    public func run() async {
        let out = LineWriter(fd: 1)
        let inFlight = InFlightCalls()
        ServerLog.info("serving on stdio", ["server": name, "version": version])
        for await line in StdinLines.stream() {
            if line.truncated {
                out.send(Self.error(id: .null, code: -32700, "Parse error: message longer than 16 MiB"))
                continue
            }
            guard !line.bytes.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) else { continue }
            guard let message = try? JSONParser.parse(line.bytes) else {
                out.send(Self.error(id: .null, code: -32700, "Parse error: not valid JSON"))
                continue
            }
            guard case .object = message, message["jsonrpc"]?.stringValue == "2.0" else {
                out.send(Self.error(id: message["id"] ?? .null, code: -32600, "Invalid Request: not a JSON-RPC 2.0 object"))
                continue
            }
            guard let method = message["method"]?.stringValue else {
                // A response to a request of ours (there are none) or a malformed request.
                if message["result"] == nil && message["error"] == nil {
                    out.send(Self.error(id: message["id"] ?? .null, code: -32600, "Invalid Request: no method"))
                }
                continue
            }
            guard let id = message["id"] else {
                notification(method, params: message["params"], inFlight: inFlight)
                continue
            }
            guard Self.validID(id) else {
                out.send(Self.error(id: .null, code: -32600, "Invalid Request: id must be a string or an integer"))
                continue
            }
            let key = JSONWriter.encode(id)
            let task = Task {
                let response = await self.respond(id: id, method: method, params: message["params"])
                if !Task.isCancelled { out.send(response) }
                _ = inFlight.tasks.withLock { $0.removeValue(forKey: key) }
            }
            inFlight.tasks.withLock { $0[key] = task }
        }
        ServerLog.info("stdin closed: stopping", [:])
    }

    static func validID(_ id: JSONValue) -> Bool {
        if id.stringValue != nil { return true }
        if let n = id.numberText { return Int(n) != nil }
        return false
    }

    private func notification(_ method: String, params: JSONValue?, inFlight: InFlightCalls) {
        guard method == "notifications/cancelled", let target = params?["requestId"] else { return }
        inFlight.tasks.withLock { $0.removeValue(forKey: JSONWriter.encode(target)) }?.cancel()
    }

    func respond(id: JSONValue, method: String, params: JSONValue?) async -> [UInt8] {
        if let params, params.objectValue == nil {
            return Self.error(id: id, code: -32602, "Invalid params: params must be an object")
        }
        switch method {
        case "initialize":
            guard let requested = params?["protocolVersion"]?.stringValue else {
                return Self.error(id: id, code: -32602, "Invalid params: protocolVersion must be a string")
            }
            let version = Self.supportedVersions.contains(requested) ? requested : Self.supportedVersions[0]
            return Self.result(
                id: id,
                .object([
                    ("protocolVersion", .string(version)),
                    ("capabilities", .object([("tools", .object([("listChanged", .bool(false))]))])),
                    ("serverInfo", .object([("name", .string(name)), ("version", .string(self.version))])),
                    ("instructions", .string(instructions)),
                ]))
        case "ping":
            return Self.result(id: id, .object([]))
        case "tools/list":
            if let cursor = params?["cursor"], !cursor.isNull {
                // One page: no cursor this server handed out can exist.
                return Self.error(
                    id: id, code: -32602,
                    cursor.stringValue == nil ? "Invalid params: cursor must be a string" : "Invalid params: unknown cursor")
            }
            return Self.result(id: id, .object([("tools", .array(tools.map(\.definition)))]))
        case "tools/call":
            guard let name = params?["name"]?.stringValue else {
                return Self.error(id: id, code: -32602, "Invalid params: name must be a string")
            }
            guard let tool = tools.first(where: { $0.name == name }) else {
                return Self.error(
                    id: id, code: -32602, "Unknown tool: \(name.prefix(80)); tools: \(tools.map(\.name).joined(separator: ", "))")
            }
            if let arguments = params?["arguments"], !arguments.isNull, arguments.objectValue == nil {
                return Self.error(id: id, code: -32602, "Invalid params: arguments must be an object")
            }
            let started = ContinuousClock.now
            let result = await tool.run(Arguments(params?["arguments"]))
            ServerLog.info(
                "tool call",
                ["tool": name, "isError": "\(result.isError)", "ms": "\((ContinuousClock.now - started).milliseconds)"])
            return Self.result(id: id, result.json)
        default:
            return Self.error(id: id, code: -32601, "Method not found: \(method.prefix(80))")
        }
    }

    static func result(id: JSONValue, _ result: JSONValue) -> [UInt8] { JSONRPCRequest.encodeResponse(id: id, result: result) }

    static func error(id: JSONValue, code: Int, _ message: String) -> [UInt8] {
        JSONRPCRequest.encodeError(id: id, code: code, message: message)
    }
}

/// The requests being answered, by id, so that `notifications/cancelled` can stop one.
final class InFlightCalls: Sendable {
    let tasks = Mutex<[String: Task<Void, Never>]>([:])
}

/// Whole lines to a descriptor, one writer at a time: two answers never interleave.
final class LineWriter: Sendable {
    private let fd: Int32
    private let lock = Mutex(())

    init(fd: Int32) { self.fd = fd }

    /// `bytes` end with their newline.
    func send(_ bytes: [UInt8]) {
        lock.withLock { _ in
            var offset = 0
            while offset < bytes.count {
                let n = bytes[offset...].withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
                if n < 0, errno == EINTR { continue }
                guard n > 0 else { return }
                offset += n
            }
        }
    }
}

/// Structured logs on stderr (stdout is the protocol's): one JSON object a line, with a level.
enum ServerLog {
    static let writer = LineWriter(fd: 2)

    static func info(_ message: String, _ fields: [String: String]) {
        var members: [(String, JSONValue)] = [("level", .string("info")), ("msg", .string(message))]
        for key in fields.keys.sorted() { members.append((key, .string(fields[key] ?? ""))) }
        writer.send(Array((JSONWriter.encode(.object(members)) + "\n").utf8))
    }
}
