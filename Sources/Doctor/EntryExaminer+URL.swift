import Foundation
import MCPWire
import PreflightCore

extension EntryExaminer {
    /// Connects to a URL entry with its headers, as the client would, and names what stood in the way.
    func examineURL(_ entry: ClientEntry, into r: inout ServerResult) async {
        guard let url = entry.server.url else { return }
        let expander = VariableExpander(
            style: entry.client.expansion, environment: request.environment,
            workspace: entry.project ?? request.workingDirectory)
        var headers: [(String, String)] = []
        var expandedURL = url
        do {
            expandedURL = try expander.expand(url)
            for (name, value) in entry.headers {
                headers.append((name, try expander.expand(LaunchPlanner.text(value))))
            }
        } catch {
            r.diagnoses.append(
                Diagnosis(
                    .unresolvedVariable, .fail, "\(error)", fix: "Set the variable before starting \(entry.client.displayName)."))
            return
        }
        r.url = expandedURL
        let began = ContinuousClock.now
        let o = await HTTPAttempt(
            url: expandedURL, headers: headers, bearerVariable: entry.bearerTokenVariable, environment: request.environment,
            timeout: request.timeout
        ).run()
        r.elapsedMs = (ContinuousClock.now - began).milliseconds
        r.protocolVersion = o.protocolVersion
        r.serverName = o.serverName
        r.tools = o.tools
        r.diagnoses += diagnose(
            o, entry: entry, url: expandedURL, sentHeaders: !headers.isEmpty || entry.bearerTokenVariable != nil)
    }

    func diagnose(_ o: HTTPObservation, entry: ClientEntry, url: String, sentHeaders: Bool) -> [Diagnosis] {
        if let invalid = o.invalidURL {
            return [
                Diagnosis(
                    .urlInvalid, .fail, "`\(url)` is not a usable URL: \(invalid)",
                    fix: "Give the full URL, e.g. `https://host/mcp`.")
            ]
        }
        var out: [Diagnosis] = []
        if let problem = o.credentialProblem {
            out.append(
                Diagnosis(
                    .authRequired, .fail, "the entry's credentials cannot be sent: \(problem)",
                    fix: "Fix the header or set the variable."))
        }
        if url.hasPrefix("http://"), let host = URL(string: url)?.host,
            !["127.0.0.1", "localhost", "::1", "[::1]"].contains(host)
        {
            out.append(
                Diagnosis(
                    .urlInvalid, .warn, "`\(url)` is plain HTTP to another host: requests and tokens travel unencrypted",
                    fix: "Use https:// (the checklist's \"HTTPS for HTTP transport\")."))
        }
        guard let verdict = o.verdict else { return out }
        let notes = verdict.notes.map { "  " + $0 }
        switch verdict.outcome {
        case .authRequired:
            let oauth = o.challenge.contains { $0.contains("resource_metadata") }
            let challenge = o.challenge.map { "WWW-Authenticate: \($0)" }
            if sentHeaders {
                out.append(
                    Diagnosis(
                        .authRequired, .fail, "the server refuses the configured credential (401)", details: challenge,
                        fix: "Renew the token, or check the header name and its `Bearer ` prefix."))
            } else if oauth {
                out.append(
                    Diagnosis(
                        .authRequired, .warn,
                        "the server needs authorization (401 with OAuth metadata): \(entry.client.displayName) must sign in first",
                        details: challenge,
                        fix: "Complete the sign-in the client offers; doctor cannot, so the tools were not listed."))
            } else {
                out.append(
                    Diagnosis(
                        .authRequired, .fail, "the server answers 401 Unauthorized and the entry sends no credential",
                        details: challenge,
                        fix:
                            "Add the header the server expects: `\"headers\": {\"Authorization\": \"Bearer ${env:TOKEN}\"}` (the variable syntax depends on the client)."
                    ))
            }
        case .forbidden:
            out.append(
                Diagnosis(
                    .forbidden, .fail, "the server answers 403 Forbidden", details: notes,
                    fix: "The server refuses this client (Origin or IP allow-list, or a credential without access)."))
        case .unreachable(let why):
            out.append(
                Diagnosis(
                    .urlUnreachable, .fail, "`\(url)` does not answer: \(why)", details: notes,
                    fix:
                        "Start the server (or check host, port and path); a local server must be running before the client connects."
                ))
        case .notMCP(let why):
            out.append(
                Diagnosis(
                    .notMCP, .fail, "`\(url)` answers, but not as an MCP endpoint\(why.isEmpty ? "" : ": \(why)")",
                    details: notes,
                    fix:
                        "Check the path (Streamable HTTP servers usually serve `/mcp`, HTTP+SSE ones `/sse`), and that the server runs an HTTP transport, not stdio."
                ))
        case .incompatible(let supported):
            out.append(
                Diagnosis(
                    .protocolIncompatible, .fail, "the server speaks only \(supported.joined(separator: ", "))",
                    fix: "Use a server or client release with a protocol version in common."))
        case .modern, .handshake, .httpSSE:
            let isSSE = verdict.era == .httpSSE
            if !entry.client.negotiatesHTTPTransport {
                if entry.transport == .sse && !isSSE {
                    out.append(
                        Diagnosis(
                            .transportMismatch, .fail,
                            "configured as SSE, but the server speaks Streamable HTTP: \(entry.client.displayName) will not connect",
                            fix: entry.client == .geminiCLI ? "Use `httpUrl` instead of `url`." : "Set `\"type\": \"http\"`."))
                } else if entry.transport == .streamableHTTP && isSSE {
                    out.append(
                        Diagnosis(
                            .transportMismatch, .fail,
                            "configured as Streamable HTTP, but the server speaks the 2024-11-05 HTTP+SSE transport",
                            fix: entry.client == .geminiCLI ? "Use `url` instead of `httpUrl`." : "Set `\"type\": \"sse\"`."))
                }
            }
            if let failure = o.connectFailure {
                out.append(
                    Diagnosis(.handshakeError, .fail, failure, details: notes, fix: "See the server's logs for the error."))
            } else if let failure = o.toolsFailure {
                out.append(Diagnosis(.toolsListFailed, .warn, failure, fix: "tools/list must answer with the tool list."))
            }
        }
        return out
    }
}
