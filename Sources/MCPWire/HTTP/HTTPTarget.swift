import Foundation

/// Scheme, host and port: the unit Preflight's HTTP traffic is confined to.
public struct HTTPOrigin: Hashable, Sendable, CustomStringConvertible {
    public var scheme: String
    public var host: String
    public var port: Int

    public init?(_ url: URL) {
        guard let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https",
            let host = url.host?.lowercased(), !host.isEmpty
        else { return nil }
        self.scheme = scheme
        self.host = host
        port = url.port ?? (scheme == "https" ? 443 : 80)
    }

    public var description: String {
        let shownHost = host.contains(":") && !host.hasPrefix("[") ? "[\(host)]" : host
        let defaultPort = scheme == "https" ? 443 : 80
        return "\(scheme)://\(shownHost)" + (port == defaultPort ? "" : ":\(port)")
    }

    /// 127.0.0.0/8, ::1 and `localhost`: a server only this machine can reach.
    public var isLoopback: Bool {
        let h = host.trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
        return h == "localhost" || h.hasSuffix(".localhost") || h == "::1" || h.hasPrefix("127.")
    }
}

/// The MCP endpoint Preflight was given (`--url`), and the one origin it may talk to.
public struct HTTPTarget: Sendable, Equatable {
    public let url: URL
    public let origin: HTTPOrigin

    public init(_ string: String) throws(HTTPFailure) {
        guard let url = URL(string: string), let origin = HTTPOrigin(url) else { throw .invalidURL(string) }
        guard url.user == nil, url.password == nil else {
            // Credentials in the URL would end up in every record of it.
            throw .invalidURL("\(origin)/… (credentials in the URL: use --header or --bearer-env)")
        }
        self.url = url
        self.origin = origin
    }

    public init(url: URL) throws(HTTPFailure) { try self.init(url.absoluteString) }

    /// A reference (absolute or relative, as in `Location` or the HTTP+SSE `endpoint` event) resolved
    /// against `base`; nil when it leaves the origin.
    public func resolve(_ reference: String, against base: URL? = nil) -> URL? {
        guard let resolved = URL(string: reference, relativeTo: base ?? url)?.absoluteURL,
            HTTPOrigin(resolved) == origin
        else { return nil }
        return resolved
    }

    /// A path on the same origin (`/health`, `/.well-known/…`).
    public func sameOrigin(path: String) -> URL? { resolve(path) }

    public func allows(_ url: URL) -> Bool { HTTPOrigin(url) == origin }

    /// Path and query, as shown in records (never the host: that is the same for every exchange).
    public static func pathAndQuery(_ url: URL) -> String {
        let components = URLComponents(url: url, resolvingAgainstBaseURL: true)
        let path = components?.percentEncodedPath ?? url.path
        let query = components?.percentEncodedQuery.map { "?\($0)" } ?? ""
        return (path.isEmpty ? "/" : path) + query
    }
}
