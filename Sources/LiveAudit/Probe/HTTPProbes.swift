import Foundation
import MCPWire
import PreflightCore

/// The era's first request, sent on purpose with or without credentials and with headers edited:
/// `server/discover` (2026-07-28, and while the era is unknown), `initialize` (handshake; the
/// session it opens is deleted again), or the HTTP+SSE `GET`.
struct EraRequest {
    let wire: HTTPWire
    let era: Era?
    let version: String?
    let timeout: Duration

    func send(_ label: String, withCredentials: Bool = true, edit: (inout HeaderList) -> Void = { _ in }) async
        -> HTTPExchange
    {
        var spec: HTTPRequestSpec
        switch era {
        case .httpSSE?:
            spec = HTTPRequestSpec(
                method: "GET", url: wire.target.url, headers: [("Accept", "text/event-stream")], timeout: timeout,
                stop: .afterHead, label: label)
        case .handshake?:
            let id = JSONValue.string("preflight-\(label.replacingOccurrences(of: " ", with: "-"))")
            spec = HTTPRequestSpec(
                method: "POST", url: wire.target.url,
                headers: [("Content-Type", "application/json"), ("Accept", ModernProtocol.accept)],
                body: ModernProtocol.body(id: id, method: "initialize", params: EraDetector.initializeParams()),
                timeout: timeout, stop: .afterResponse(id: id), label: label)
        default:
            let id = JSONValue.string("preflight-\(label.replacingOccurrences(of: " ", with: "-"))")
            let params = ModernProtocol.Envelope(version: version ?? ModernProtocol.version).wrap(nil)
            spec = HTTPRequestSpec(
                method: "POST", url: wire.target.url, headers: ModernProtocol.headers(method: "server/discover", params: params),
                body: ModernProtocol.body(id: id, method: "server/discover", params: params), timeout: timeout,
                stop: .afterResponse(id: id), label: label)
        }
        edit(&spec.headers)
        spec.withCredentials = withCredentials
        let exchange = await wire.send(spec)
        // The session an initialize opened is ended again, the way it was opened.
        if era == .handshake, exchange.succeeded, let session = exchange.sessionID {
            var end = HTTPRequestSpec(
                method: "DELETE", url: wire.target.url, headers: spec.headers.removing("Content-Type").removing("Accept"),
                timeout: timeout, label: "end session")
            end.headers.set("Mcp-Session-Id", session)
            let negotiated = exchange.firstResponse?["result"]?["protocolVersion"]?.stringValue
            if let negotiated, StreamableHTTPTransport.sendsVersionHeader(negotiated) {
                end.headers.set("MCP-Protocol-Version", negotiated)
            }
            end.withCredentials = withCredentials
            _ = await wire.send(end)
        }
        return exchange
    }
}

/// The HTTP probes that need no session: authorization, `Origin` validation, the health endpoint.
struct HTTPProbes {
    let wire: HTTPWire
    let http: HTTPOptions
    let request: EraRequest
    let timeout: Duration

    static let foreignOrigin = "http://preflight-origin-check.invalid"
    static let invalidToken = "Bearer preflight-invalid-token"

    func run(into h: inout LiveFacts.HTTPFacts) async {
        h.auth = await auth()
        h.foreignOrigin = await request.send("foreign Origin") { $0.set("Origin", Self.foreignOrigin) }
        h.originBaseline = await request.send("no Origin")
        h.health = await health()
    }

    /// http.auth: without credentials; the protected resource metadata it points to; a bad token;
    /// the user's credential.
    func auth() async -> LiveFacts.Auth {
        var a = LiveFacts.Auth(unauthenticated: await request.send("without credentials", withCredentials: false))
        let given = !http.credentials.isEmpty
        guard a.unauthenticated.status == 401 else {
            if given {
                a.invalidToken = await request.send("invalid token", withCredentials: false) {
                    $0.set("Authorization", Self.invalidToken)
                }
            }
            return a
        }
        var urls: [URL] = []
        let bearer = AuthChallenge.parse(a.unauthenticated.wwwAuthenticate).first { $0.scheme.lowercased() == "bearer" }
        if let named = bearer?.params["resource_metadata"] {
            if let url = wire.target.resolve(named) { urls.append(url) } else { a.metadataOffOrigin = named }
        }
        urls += Self.wellKnown(wire.target).filter { !urls.contains($0) }
        for url in urls {
            var spec = HTTPRequestSpec(
                method: "GET", url: url, headers: [("Accept", "application/json")], timeout: timeout,
                label: "protected resource metadata")
            spec.withCredentials = false
            let exchange = await wire.send(spec)
            a.metadata.append(exchange)
            if exchange.status == 200 { break }
        }
        a.invalidToken = await request.send("invalid token", withCredentials: false) {
            $0.set("Authorization", Self.invalidToken)
        }
        if given { a.authenticated = await request.send("with credentials") }
        return a
    }

    /// RFC 9728 §3.1: `/.well-known/oauth-protected-resource` with the endpoint's path appended, then
    /// without it (2026-07-28 authorization-server-discovery.mdx, in that order).
    static func wellKnown(_ target: HTTPTarget) -> [URL] {
        let path = target.url.path
        var paths = ["/.well-known/oauth-protected-resource" + (path == "/" ? "" : path)]
        if path != "/" && !path.isEmpty { paths.append("/.well-known/oauth-protected-resource") }
        return paths.compactMap { target.sameOrigin(path: $0) }
    }

    /// http.health-endpoint: the configured paths in order, without credentials; the first 2xx wins,
    /// asked twice so that connection setup on a busy machine is not what is timed.
    func health() async -> [LiveFacts.Health] {
        var out: [LiveFacts.Health] = []
        for path in http.healthPaths.prefix(10) {
            guard let url = wire.target.sameOrigin(path: path) else { continue }
            var best: LiveFacts.Health?
            for _ in 0..<2 {
                var spec = HTTPRequestSpec(method: "GET", url: url, timeout: .seconds(3), stop: .afterHead, label: "health")
                spec.withCredentials = false
                let e = await wire.send(spec)
                let probe = LiveFacts.Health(
                    path: path, status: e.status, milliseconds: (e.headAfter ?? e.duration).milliseconds,
                    failure: e.failure?.description)
                guard let previous = best else {
                    best = probe
                    if !e.succeeded { break }
                    continue
                }
                if probe.status == previous.status, probe.milliseconds < previous.milliseconds { best = probe }
            }
            if let best { out.append(best) }
            if best.map({ ($0.status ?? 0) / 100 == 2 }) == true { break }
        }
        return out
    }
}
