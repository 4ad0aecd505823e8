import Foundation
import MCPWire
import PreflightCore

struct HTTPAuth: LiveCheck {
    static let description = CheckDescription(
        id: "http.auth", title: "Unauthenticated requests get 401 that leads to the authorization server",
        section: .httpTransport, kind: .live, severity: .error,
        rationale: """
            A protected server MUST answer a request without a valid token with 401 (MCP 2026-07-28 \
            basic/authorization/index.mdx §Token Handling), with a `WWW-Authenticate` challenge (RFC 9110 §15.5.2) \
            and protected resource metadata (RFC 9728) found through `resource_metadata` in the challenge or the \
            well-known URIs (MUST one of them: authorization-server-discovery.mdx §Protected Resource Metadata \
            Discovery Requirements). The metadata MUST name this server as its `resource` and at least one \
            authorization server (§Authorization Server Location). Without them a client cannot find where to get \
            a token. An open server is fine on loopback, and a warning elsewhere (streamable-http.mdx §Security & \
            Endpoint 3: SHOULD authenticate).
            """,
        remediation:
            "Answer 401 with `WWW-Authenticate: Bearer resource_metadata=\"https://HOST/.well-known/oauth-protected-resource/mcp\", scope=\"...\"`, serve that metadata with `resource` = your endpoint and `authorization_servers`, and reject unknown tokens with 401.",
        failing: [.deviant("no-www-authenticate", "bad-resource-metadata"), .deviant("no-origin-check", "no-auth")],
        passing: [.deviant(), .http("sdk_server.py")])

    func run(_ f: LiveFacts, _ context: LiveContext) -> CheckOutput {
        guard let h = f.http else { return LiveSkip.needsURL }
        guard let a = h.auth else { return .skip("not probed: \(f.era?.failure ?? h.tlsFailure ?? "the server did not answer")") }
        var evidence = JSONObjectBuilder()
        evidence.set("withoutCredentials", a.unauthenticated.summary)
        evidence.set("wwwAuthenticate", JSONValue.strings(a.unauthenticated.wwwAuthenticate))
        evidence.set("metadata", JSONValue.strings(a.metadata.map(\.summary)))
        evidence.set("invalidToken", a.invalidToken?.summary)
        evidence.set("withCredentials", a.authenticated?.summary)
        guard let status = a.unauthenticated.status else {
            return .skip("the request without credentials got no answer (\(a.unauthenticated.failure?.description ?? "?"))")
        }
        if status == 401 { return .from(protected(a, target: h), pass: passMessage(a), evidence: evidence.value) }
        guard (200..<300).contains(status) else {
            return .skip("inconclusive: the request without credentials got \(status)", evidence: evidence.value)
        }
        if h.credentialsGiven, let bad = a.invalidToken, bad.succeeded {
            return .fail(
                "credentials were given, but the server serves requests without any and with an invalid token (\(bad.status ?? 0)): anyone can call it",
                evidence: evidence.value)
        }
        if !h.loopback {
            return .warn("the server serves requests without credentials, off loopback", evidence: evidence.value)
        }
        return .pass(
            "an open server on loopback: only this machine can reach it, no authorization needed", evidence: evidence.value)
    }

    func passMessage(_ a: LiveFacts.Auth) -> String {
        "401 with a Bearer challenge; the protected resource metadata names this server and its authorization server; an invalid token gets 401"
    }

    /// The 401 path: challenge, metadata, invalid token.
    func protected(_ a: LiveFacts.Auth, target h: LiveFacts.HTTPFacts) -> [Finding] {
        var findings: [Finding] = []
        let challenges = AuthChallenge.parse(a.unauthenticated.wwwAuthenticate)
        let bearer = challenges.first { $0.scheme.lowercased() == "bearer" }
        if a.unauthenticated.wwwAuthenticate.isEmpty {
            findings.append(Finding("401 without WWW-Authenticate: a client cannot tell how to authenticate (RFC 9110 §15.5.2)"))
        } else if bearer == nil {
            findings.append(
                Finding(
                    "the 401 challenge is not Bearer (\(challenges.map(\.scheme).joined(separator: ", "))): MCP uses bearer tokens"
                ))
        } else if bearer?.params["scope"] == nil {
            findings.append(Finding("the Bearer challenge names no scope (2025-11-25: SHOULD)", status: .warn))
        }
        if let off = a.metadataOffOrigin {
            findings.append(
                Finding(
                    "resource_metadata points to another origin (\(off.prefixString(120))): not fetched, Preflight stays on the URL's origin",
                    status: .warn))
        }
        if let metadata = a.metadata.first(where: { $0.status == 200 }) {
            findings += Self.metadataProblems(metadata, url: h.url)
        } else if a.metadataOffOrigin == nil {
            let tried = a.metadata.map { "\($0.path) \($0.status.map(String.init) ?? "no answer")" }.joined(separator: ", ")
            findings.append(
                Finding(
                    "no protected resource metadata: no resource_metadata in the challenge and the well-known URIs answer \(tried)"
                ))
        }
        if let bad = a.invalidToken {
            if bad.succeeded {
                findings.append(Finding("a request with an invalid bearer token was served (\(bad.status ?? 0))"))
            } else if bad.status != 401 {
                findings.append(
                    Finding("an invalid token got \(bad.status.map(String.init) ?? "no answer"), not 401", status: .warn))
            }
        }
        return findings
    }

    /// RFC 9728 §2, §3.3 and MCP's own requirements on the metadata document.
    static func metadataProblems(_ e: HTTPExchange, url: String) -> [Finding] {
        guard let doc = try? JSONParser.parse(e.body), doc.objectValue != nil else {
            return [Finding("the protected resource metadata at \(e.path) is not a JSON object")]
        }
        var findings: [Finding] = []
        if let resource = doc["resource"]?.stringValue {
            if !sameResource(resource, url) {
                findings.append(Finding("the metadata names another resource (\(resource.prefixString(120))), not \(url)"))
            }
        } else {
            findings.append(Finding("the metadata has no `resource` (RFC 9728 §2: REQUIRED)"))
        }
        let servers = doc["authorization_servers"]?.arrayValue?.compactMap(\.stringValue) ?? []
        if servers.isEmpty {
            findings.append(Finding("the metadata lists no authorization_servers (MCP: MUST name at least one)"))
        }
        for server in servers where !server.lowercased().hasPrefix("https://") {
            findings.append(Finding("authorization server \(server.prefixString(100)) is not https (MUST)"))
        }
        let scopes = doc["scopes_supported"]?.arrayValue?.compactMap(\.stringValue) ?? []
        if scopes.contains("offline_access") {
            findings.append(Finding("scopes_supported offers offline_access (2026-07-28: SHOULD NOT)", status: .warn))
        }
        if doc["bearer_methods_supported"]?.arrayValue?.contains(.string("query")) == true {
            findings.append(Finding("bearer_methods_supported offers `query`: tokens MUST NOT go in the URL", status: .warn))
        }
        return findings
    }

    /// Same scheme, host and port, and the endpoint's path within the resource's (the SDK's reading of RFC 9728 §3.3).
    static func sameResource(_ resource: String, _ url: String) -> Bool {
        guard let r = URL(string: resource), let u = URL(string: url), let ro = HTTPOrigin(r), let uo = HTTPOrigin(u), ro == uo,
            r.fragment == nil
        else { return false }
        let rp = r.path.hasSuffix("/") ? r.path : r.path + "/"
        let up = u.path.hasSuffix("/") ? u.path : u.path + "/"
        return up.hasPrefix(rp)
    }
}
