import Foundation
import MCPWire
import PreflightCore

/// What happened when doctor connected to a URL entry the way a client would.
struct HTTPObservation: Sendable {
    var invalidURL: String?
    var credentialProblem: String?
    var verdict: EraVerdict?
    /// `WWW-Authenticate` of a 401, when one came.
    var challenge: [String] = []
    var protocolVersion: String?
    var serverName: String?
    var tools: [String]?
    var toolsFailure: String?
    var connectFailure: String?

    var connected: Bool { protocolVersion != nil }
}

/// Era detection (`server/discover`, then `initialize`, then the HTTP+SSE `GET`), then the handshake
/// of that era and `tools/list`, with the entry's own headers. No tool is called.
struct HTTPAttempt: Sendable {
    let url: String
    let headers: [(String, String)]
    let bearerVariable: String?
    let environment: [String: String]
    let timeout: Duration

    func run() async -> HTTPObservation {
        var o = HTTPObservation()
        let target: HTTPTarget
        do {
            target = try HTTPTarget(url)
        } catch {
            o.invalidURL = error.description
            return o
        }
        var credentials = HTTPCredentials()
        do {
            for (name, value) in headers { try credentials.addHeader("\(name): \(value)") }
            if let bearerVariable { try credentials.addBearer(fromEnvironment: bearerVariable, environment: environment) }
        } catch {
            o.credentialProblem = error.description
        }
        var wireSettings = HTTPWire.Settings()
        wireSettings.connectTimeout = min(.seconds(10), timeout)
        var detection = EraDetector.Settings()
        detection.firstTimeout = timeout
        detection.timeout = timeout
        detection.sseTimeout = min(.seconds(5), timeout)
        detection.checkDualEra = false
        let verdict = await HTTPWire.with(target, credentials: credentials, settings: wireSettings) { wire in
            await EraDetector.detect(wire, settings: detection)
        }
        o.verdict = verdict
        o.challenge = verdict.exchanges.last { $0.status == 401 }?.wwwAuthenticate ?? []
        let listTimeout = max(timeout / 2, .seconds(5))
        switch verdict.outcome {
        case .modern(let version):
            o.protocolVersion = version
            o.serverName = verdict.discover?["result"]?["serverInfo"]?["name"]?.stringValue
            let (tools, failure) = await StreamableHTTPTransport.with(
                target, mode: .modern(version: version), credentials: credentials, settings: wireSettings
            ) { t in await StdioAttempt.listTools(t.connection, timeout: listTimeout) }
            o.tools = tools
            o.toolsFailure = failure
        case .handshake:
            let (handshake, tools, failure) = await StreamableHTTPTransport.with(
                target, mode: .handshake, credentials: credentials, settings: wireSettings
            ) { t in await Self.session(t.connection, timeout: timeout, listTimeout: listTimeout) }
            apply(handshake, tools, failure, to: &o)
        case .httpSSE:
            var options = LegacySSETransport.Options()
            options.openTimeout = min(.seconds(10), timeout)
            let result = await LegacySSETransport.with(
                target, credentials: credentials, settings: wireSettings, options: options
            ) { t in await Self.session(t.connection, timeout: timeout, listTimeout: listTimeout) }
            switch result {
            case .success(let (handshake, tools, failure)): apply(handshake, tools, failure, to: &o)
            case .failure(let failure): o.connectFailure = failure.reason
            }
        default:
            break
        }
        return o
    }

    private func apply(_ handshake: RPCOutcome, _ tools: [String]?, _ failure: String?, to o: inout HTTPObservation) {
        if let r = handshake.result, let v = r["protocolVersion"]?.stringValue {
            o.protocolVersion = v
            o.serverName = r["serverInfo"]?["name"]?.stringValue
            o.tools = tools
            o.toolsFailure = failure
        } else {
            o.connectFailure = "initialize: \(handshake.summary)"
        }
    }

    /// `initialize`, `notifications/initialized`, `tools/list`.
    static func session(_ c: MCPConnection, timeout: Duration, listTimeout: Duration) async -> (RPCOutcome, [String]?, String?) {
        let handshake = await c.request("initialize", params: EraDetector.initializeParams(), timeout: timeout)
        guard handshake.result?["protocolVersion"]?.stringValue != nil else { return (handshake, nil, nil) }
        await c.notify("notifications/initialized")
        let (tools, failure) = await StdioAttempt.listTools(c, timeout: listTimeout)
        return (handshake, tools, failure)
    }
}
