import Foundation
import PreflightCore

/// The 2026-07-28 request shapes: no handshake, every request carries its protocol version and
/// client capabilities in `params._meta` (2026-07-28 basic/index.mdx §`_meta`), and over HTTP the
/// same facts again in headers (streamable-http.mdx §Request Metadata).
public enum ModernProtocol {
    public static let version = "2026-07-28"
    /// Every revision that starts with `initialize`, oldest first.
    public static let handshakeVersions = ["2024-11-05", "2025-03-26", "2025-06-18", "2025-11-25"]
    public static let latestHandshakeVersion = "2025-11-25"
    /// The revisions Preflight speaks without a handshake.
    public static let modernVersions = [version]

    public enum Meta {
        public static let protocolVersion = "io.modelcontextprotocol/protocolVersion"
        public static let clientCapabilities = "io.modelcontextprotocol/clientCapabilities"
        public static let clientInfo = "io.modelcontextprotocol/clientInfo"
        public static let logLevel = "io.modelcontextprotocol/logLevel"
        public static let serverInfo = "io.modelcontextprotocol/serverInfo"
    }

    /// Error codes the 2026-07-28 revision defines (basic/index.mdx §Error Codes).
    public enum ErrorCode {
        public static let headerMismatch = -32020
        public static let missingRequiredClientCapability = -32021
        public static let unsupportedProtocolVersion = -32022
        /// Codes that prove the server speaks 2026-07-28, whatever else went wrong.
        public static let modern: Set<Int> = [headerMismatch, missingRequiredClientCapability, unsupportedProtocolVersion]
    }

    public static let clientInfo = JSONValue.object([
        ("name", .string("mcp-preflight")), ("version", .string(PreflightVersion.current)),
    ])

    /// The per-request `_meta` fields. Probes change one field or leave one out on purpose.
    public struct Envelope: Sendable, Equatable {
        public var version: String? = ModernProtocol.version
        public var capabilities: JSONValue? = .object([])
        public var clientInfo: JSONValue? = ModernProtocol.clientInfo
        public var logLevel: String?
        public var progressToken: JSONValue?

        public init() {}

        public init(version: String?, capabilities: JSONValue? = .object([])) {
            self.version = version
            self.capabilities = capabilities
        }

        public var meta: JSONValue {
            var members: [(String, JSONValue)] = []
            if let version { members.append((Meta.protocolVersion, .string(version))) }
            if let capabilities { members.append((Meta.clientCapabilities, capabilities)) }
            if let clientInfo { members.append((Meta.clientInfo, clientInfo)) }
            if let logLevel { members.append((Meta.logLevel, .string(logLevel))) }
            if let progressToken { members.append(("progressToken", progressToken)) }
            return .object(members)
        }

        /// `params` with this envelope, unless they already name a protocol version (a probe's own envelope).
        public func stamp(_ params: JSONValue?) -> JSONValue {
            if let params, params["_meta"]?[Meta.protocolVersion] != nil { return params }
            return wrap(params)
        }

        /// `params` with this envelope as its `_meta` (members of an existing `_meta` not set here are kept).
        public func wrap(_ params: JSONValue?) -> JSONValue {
            var members = params?.objectValue ?? []
            var meta = meta.objectValue ?? []
            if let index = members.firstIndex(where: { $0.0 == "_meta" }) {
                let existing = members[index].1.objectValue ?? []
                let ours = Set(meta.map(\.0))
                meta = existing.filter { !ours.contains($0.0) } + meta
                members[index].1 = .object(meta)
            } else {
                members.append(("_meta", .object(meta)))
            }
            return .object(members)
        }
    }

    /// A complete request body.
    public static func body(id: JSONValue, method: String, params: JSONValue?) -> [UInt8] {
        var members: [(String, JSONValue)] = [("jsonrpc", .string("2.0")), ("id", id), ("method", .string(method))]
        if let params { members.append(("params", params)) }
        return Array(JSONWriter.encode(.object(members)).utf8)
    }

    // MARK: HTTP headers

    /// `Accept` every POST must carry (2025-11-25 and 2026-07-28 transports, MUST).
    public static let accept = "application/json, text/event-stream"

    /// The standard headers of a 2026-07-28 POST for this body: `MCP-Protocol-Version` (the `_meta`
    /// version, else `version`), `Mcp-Method`, and `Mcp-Name` for tools/call, prompts/get and resources/read.
    public static func headers(method: String, params: JSONValue?, version fallback: String = version) -> HeaderList {
        var h: HeaderList = [("Content-Type", "application/json"), ("Accept", accept)]
        let version = params?["_meta"]?[Meta.protocolVersion]?.stringValue ?? fallback
        h.add("MCP-Protocol-Version", encodeHeaderValue(version))
        h.add("Mcp-Method", encodeHeaderValue(method))
        if let name = nameValue(method: method, params: params) { h.add("Mcp-Name", encodeHeaderValue(name)) }
        return h
    }

    /// What `Mcp-Name` mirrors: `params.name` (tools/call, prompts/get) or `params.uri` (resources/read).
    public static func nameValue(method: String, params: JSONValue?) -> String? {
        switch method {
        case "tools/call", "prompts/get": return params?["name"]?.stringValue
        case "resources/read": return params?["uri"]?.stringValue
        default: return nil
        }
    }

    /// Plain printable ASCII without edge spaces passes as is; anything else is sent as
    /// `=?base64?…?=` (streamable-http.mdx §Value Encoding; the SDK's `encode_header_value`).
    public static func encodeHeaderValue(_ value: String) -> String {
        let bytes = Array(value.utf8)
        let printable = bytes.allSatisfy { (0x20...0x7E).contains($0) }
        let edgeSpace = bytes.first == 0x20 || bytes.last == 0x20
        if printable, !edgeSpace, !isSentinel(value) { return value }
        return "=?base64?\(Data(bytes).base64EncodedString())?="
    }

    /// The value inside a `=?base64?…?=` sentinel, or the value itself; nil for a corrupt sentinel.
    public static func decodeHeaderValue(_ value: String) -> String? {
        guard isSentinel(value) else { return value }
        let payload = String(value.dropFirst("=?base64?".count).dropLast(2))
        guard let data = Data(base64Encoded: payload), data.base64EncodedString() == payload else { return nil }
        return String(data: data, encoding: .utf8)
    }

    static func isSentinel(_ value: String) -> Bool { value.hasPrefix("=?base64?") && value.hasSuffix("?=") && value.count >= 11 }

    /// `Mcp-Param-{token}` for each valid `x-mcp-header` property of the tool's input schema whose
    /// argument is present and not null (streamable-http.mdx §Custom Headers from Tool Parameters).
    public static func paramHeaders(inputSchema: JSONValue, arguments: JSONValue?) -> HeaderList {
        var h = HeaderList()
        for (path, token) in headerDeclarations(inputSchema) {
            var node = arguments
            for key in path { node = node?[key] }
            guard let node, let rendered = renderScalar(node) else { continue }
            h.add("Mcp-Param-\(token)", encodeHeaderValue(rendered))
        }
        return h
    }

    /// `x-mcp-header` declarations reached from the root through `properties` only, with a string
    /// token on a string, integer or boolean property. Validation beyond that is the check's job.
    public static func headerDeclarations(_ schema: JSONValue) -> [(path: [String], token: String)] {
        var found: [(path: [String], token: String)] = []
        var stack: [([String], JSONValue)] = [([], schema)]
        while let (path, node) = stack.popLast() {
            if !path.isEmpty, let token = node["x-mcp-header"]?.stringValue, !token.isEmpty,
                let type = node["type"]?.stringValue, ["string", "integer", "boolean"].contains(type)
            {
                found.append((path, token))
            }
            for (name, sub) in (node["properties"]?.objectValue ?? []).reversed() { stack.append((path + [name], sub)) }
        }
        return found
    }

    static func renderScalar(_ value: JSONValue) -> String? {
        switch value {
        case .bool(let b): return b ? "true" : "false"
        case .number(let n): return n
        case .string(let s): return s
        default: return nil
        }
    }
}
