import PreflightCore

/// Which protocol era a server speaks, as far as one exchange tells.
public enum Era: String, Sendable, Equatable, CaseIterable {
    /// 2026-07-28: per-request `_meta`, no handshake.
    case modern
    /// 2024-11-05 … 2025-11-25 over stdio or Streamable HTTP: `initialize` first.
    case handshake
    /// 2024-11-05 HTTP+SSE (Deprecated).
    case httpSSE
}

/// What the answer to a `server/discover` probe says about the era (2026-07-28
/// basic/transports/stdio.mdx and streamable-http.mdx §Backward Compatibility; versioning.mdx
/// §Backward Compatibility with Initialization-Based Versions). The fallback is never keyed to one
/// error code: anything that is not a DiscoverResult naming a modern version Preflight speaks, nor
/// a recognised modern error, means "try initialize".
public enum DiscoverClassification: Sendable, Equatable {
    /// Modern: the version to use, and the versions the server named (if it did).
    case modern(version: String, supported: [String])
    /// Modern, but only at versions Preflight does not speak, and no handshake version either.
    case incompatible(supported: [String])
    /// Not a modern answer: fall back to `initialize`. The reason is for the report.
    case fallback(reason: String)

    public static func classify(_ message: JSONValue?, speaking ours: [String] = ModernProtocol.modernVersions)
        -> DiscoverClassification
    {
        guard let message else { return .fallback(reason: "no JSON-RPC answer") }
        if let result = message["result"] {
            guard let supported = result["supportedVersions"]?.arrayValue?.compactMap(\.stringValue) else {
                return .fallback(reason: "a result that is not a DiscoverResult (no supportedVersions)")
            }
            // go-sdk stateful servers answer discover but list only handshake versions.
            guard let version = ours.first(where: supported.contains) else {
                return .fallback(
                    reason: "DiscoverResult lists no version Preflight speaks (\(supported.joined(separator: ", ")))")
            }
            return .modern(version: version, supported: supported)
        }
        guard let error = message["error"], let code = error["code"]?.intValue else {
            return .fallback(reason: "neither a result nor an error")
        }
        switch code {
        case ModernProtocol.ErrorCode.unsupportedProtocolVersion:
            guard let supported = error["data"]?["supported"]?.arrayValue?.compactMap(\.stringValue) else {
                return .fallback(reason: "error -32022 without data.supported")
            }
            if let version = ours.first(where: supported.contains) { return .modern(version: version, supported: supported) }
            if supported.contains(where: ModernProtocol.handshakeVersions.contains) {
                return .fallback(
                    reason: "error -32022: the server speaks only handshake versions (\(supported.joined(separator: ", ")))")
            }
            return .incompatible(supported: supported)
        case ModernProtocol.ErrorCode.headerMismatch, ModernProtocol.ErrorCode.missingRequiredClientCapability:
            // A modern server objecting to how Preflight asked: still a modern server.
            return .modern(version: ours.first ?? ModernProtocol.version, supported: [])
        default:
            let text = error["message"]?.stringValue.map { " \"\($0.prefix(120))\"" } ?? ""
            return .fallback(reason: "error \(code)\(text)")
        }
    }
}
