import Foundation
import MCPWire
import PreflightCore
import Processes

/// The main instance over HTTP (`--url`): with `--server CMD` the server is started first and
/// waited for (bounded) until its URL answers. Then: era detection (2026-07-28 `server/discover`,
/// `initialize`, the HTTP+SSE `GET`), the probes that need no session (authorization, `Origin`,
/// health), the main session in the server's era, the session and version-header probes, the
/// version negotiation, the rate-limit burst when asked for, and with `--server` the stop: SIGTERM
/// with a request in flight. Every request goes to the URL's origin only.
struct HTTPSession {
    let options: LiveOptions
    let http: HTTPOptions
    let deadline: Deadline
    let canaries: [String: String]

    var t: Duration { options.requestTimeout }

    func run(into facts: inout LiveFacts) async {
        let target = http.target
        facts.transport = .streamableHTTP
        facts.http = LiveFacts.HTTPFacts(
            url: target.url.absoluteString, scheme: target.origin.scheme, loopback: target.origin.isLoopback,
            managed: options.launch != nil, credentialsGiven: !http.credentials.isEmpty)
        facts.http?.rateLimitAsked = http.expectedRatePerSecond != nil || http.probeRateLimit
        facts.http?.expectedRate = http.expectedRatePerSecond
        let started = ContinuousClock.now
        guard let launch = options.launch else {
            facts = await audit(process: nil, log: nil, started: started, facts: facts)
            return
        }
        let log = MCPConnection(canaries: Array(canaries.values)) { _ in }
        let initial = facts
        do {
            let (observed, exit) = try await ChildSession.run(
                launch, label: "server main", output: ServerOutput.into(log, transcript: options.transcript, instance: "main"),
                shutdownGrace: .seconds(2)
            ) { process in
                await audit(process: process, log: log, started: started, facts: initial)
            }
            await log.markClosed()
            facts = observed
            facts.stderrLines = await log.stderrLines
            facts.stderrLineStartsRead = await log.stderrLineStartsRead
            facts.stderrBytes = await log.stderrBytes
            let leaked = await log.leakedCanaries.union(facts.leakedCanaryNames.compactMap { canaries[$0] })
            facts.leakedCanaryNames = canaries.filter { leaked.contains($0.value) }.map(\.key).sorted()
            if var crash = facts.crash {
                if crash.exit != nil { crash.exit = exit }
                crash.stderrTail = Array(facts.stderrLines.suffix(8))
                facts.crash = crash
            }
            // The stop's last words, read once the process has ended.
            let tail = Array(facts.stderrLines.suffix(5))
            if facts.http?.drain != nil {
                facts.http?.drain?.stderrTail = tail
                facts.sigterm?.stderrTail = tail
            }
            if facts.launchFailure != nil, facts.era == nil {
                let tail = facts.stderrLines.filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }.suffix(3)
                if !tail.isEmpty { facts.launchFailure? += "; its stderr ended with: " + tail.joined(separator: " | ") }
            }
        } catch {
            facts.launchFailure = error.description
        }
    }

    /// Everything but starting and stopping the process.
    func audit(process: ServerProcess?, log: MCPConnection?, started: ContinuousClock.Instant, facts initial: LiveFacts)
        async -> LiveFacts
    {
        var f = initial
        let target = http.target
        if let process {
            options.progress?("waiting for \(target.origin)")
            let budget = min(http.readinessBudget, max(.milliseconds(200), deadline.remaining))
            let ready = await ServerReadiness.wait(for: target, process: process, budget: budget)
            f.http?.readiness = ready.description
            guard ready.isReady else {
                f.launchFailure = "the server did not come up at \(target.url.absoluteString): \(ready)"
                return f
            }
        }
        return await HTTPWire.with(
            target, credentials: http.credentials, transcript: options.transcript, instance: "main"
        ) { wire in
            await session(wire, process: process, started: started, facts: f)
        }
    }

    private func session(_ wire: HTTPWire, process: ServerProcess?, started: ContinuousClock.Instant, facts initial: LiveFacts)
        async -> LiveFacts
    {
        var f = initial
        options.progress?("era detection")
        var settings = EraDetector.Settings()
        // The detector retries an unanswered first request once: both fit the start-up budget.
        let startBudget = deadline.cap(max(t, .seconds(30), options.timeout / 4))
        settings.firstTimeout = max(.seconds(1), startBudget / 2)
        settings.timeout = deadline.cap(t)
        let verdict = await EraDetector.detect(wire, settings: settings)
        var era = Self.eraFacts(verdict, credentialsGiven: !http.credentials.isEmpty)
        if f.http?.scheme == "https", let problem = verdict.exchanges.lazy.compactMap({ Self.tlsProblem($0.failure) }).first {
            f.http?.tlsFailure = problem
        }
        let request = EraRequest(wire: wire, era: verdict.era, version: verdict.version, timeout: deadline.cap(t))
        if var h = f.http, h.tlsFailure == nil, verdict.outcome != .forbidden, !isUnreachable(verdict.outcome) {
            options.progress?("HTTP probes")
            await HTTPProbes(wire: wire, http: http, request: request, timeout: deadline.cap(t)).run(into: &h)
            f.http = h
        }
        if era.era == .handshake, verdict.discover?["error"] != nil {
            era.servesModernWithoutDiscover = await Self.hiddenModern(wire, timeout: deadline.cap(t))
        }
        guard let kind = era.era, !deadline.passed else {
            f.era = era
            if deadline.passed, era.failure == nil { f.cutShort = "the main session" }
            return f
        }
        // The main session, in the server's era.
        let mainStart = ContinuousClock.now
        let observed = await mainSession(wire, era: era, kind: kind, process: process, started: started)
        f = merged(f, observed.o)
        f.mainSessionMs = (ContinuousClock.now - mainStart).milliseconds
        f.era = era.merging(observed.o.facts.era)
        if let failure = observed.openFailure { f.era?.failure = failure }
        let sessionEra = f.era ?? era
        if f.handshakeOK, f.crash == nil, !deadline.passed, var h = f.http {
            options.progress?("HTTP session probes")
            await HTTPSessionProbes(wire: wire, era: sessionEra, timeout: deadline.cap(t)).run(into: &h)
            f.http = h
            if !sessionEra.isModern, deadline.fits(.seconds(5)) {
                options.progress?("version negotiation")
                f.negotiation = await HTTPNegotiation.run(wire, era: sessionEra, timeout: deadline.cap(t), deadline: deadline)
            }
        }
        if f.handshakeOK, http.expectedRatePerSecond != nil || http.probeRateLimit, f.crash == nil, !deadline.passed {
            options.progress?("rate-limit burst")
            let burst = await RateLimitProbe.run(wire, era: sessionEra, facts: f, http: http, timeout: deadline.cap(t))
            f.http?.rateLimit = burst
        }
        f.http?.exchanges = wire.exchangeCount
        if let process, !process.hasExited {
            if deadline.fits(.milliseconds(options.graceMs) + .seconds(5)) {
                options.progress?("shutdown: SIGTERM with a request in flight")
                let drain = await DrainProbe.run(wire, process: process, era: sessionEra, facts: f, options: options)
                f.http?.drain = drain
                f.sigterm = Self.shutdown(drain)
            } else {
                f.probesSkippedByDeadline.append("SIGTERM")
            }
        }
        return f
    }

    struct MainObserved: Sendable {
        var o: MainSession.Observed
        /// HTTP+SSE: why the stream did not open.
        var openFailure: String?
    }

    private func mainSession(
        _ wire: HTTPWire, era: LiveFacts.EraFacts, kind: Era, process: ServerProcess?, started: ContinuousClock.Instant
    ) async -> MainObserved {
        var transportOptions = StreamableHTTPTransport.Options()
        transportOptions.exchangeTimeout = max(options.requestTimeout * 2, .seconds(60))
        transportOptions.canaries = Array(canaries.values)
        switch kind {
        case .modern, .handshake:
            let mode: StreamableHTTPTransport.Mode =
                kind == .modern ? .modern(version: era.version ?? ModernProtocol.version) : .handshake
            let transport = StreamableHTTPTransport.make(wire: wire, mode: mode, options: transportOptions)
            if case .modern(let version) = mode {
                await transport.connection.setEnvelope(ModernProtocol.Envelope(version: version))
            }
            var probe = MainProbe(
                c: transport.connection, process: process, peer: .http(transport), options: options, deadline: deadline)
            await probe.run(started: started, httpEra: era)
            await transport.close()
            return MainObserved(o: probe.o)
        case .httpSSE:
            var sse = LegacySSETransport.Options()
            sse.canaries = Array(canaries.values)
            sse.postTimeout = transportOptions.exchangeTimeout
            let result = await LegacySSETransport.run(on: wire, options: sse) { transport in
                var probe = MainProbe(
                    c: transport.connection, process: process, peer: .sse(transport), options: options, deadline: deadline)
                await probe.run(started: started, httpEra: era)
                return probe.o
            }
            switch result {
            case .success(let o): return MainObserved(o: o)
            case .failure(let failure):
                return MainObserved(o: MainSession.Observed(), openFailure: "the HTTP+SSE stream did not open: \(failure.reason)")
            }
        }
    }

    func merged(_ f: LiveFacts, _ o: MainSession.Observed) -> LiveFacts {
        var merged = f
        merged.merge(o)
        merged.leakedCanaryNames = canaries.filter { o.leakedValues.contains($0.value) }.map(\.key).sorted()
        return merged
    }

    static func eraFacts(_ v: EraVerdict, credentialsGiven: Bool) -> LiveFacts.EraFacts {
        var e = LiveFacts.EraFacts()
        e.era = v.era
        e.version = v.version
        e.dualEra = v.dualEra
        e.notes = v.notes
        e.discover = v.discover
        e.discoverMs = v.exchanges.first?.duration.milliseconds
        switch v.outcome {
        case .authRequired:
            e.authRequired = true
            e.failure =
                credentialsGiven
                ? "the server refused the credential given (401): check --bearer-env / --header"
                : "the server requires authorization (401): give a credential with --bearer-env VAR or --header"
        case .forbidden: e.failure = "the server refused Preflight itself (403 to a request without Origin)"
        case .incompatible(let supported):
            e.failure = "the server speaks only \(supported.joined(separator: ", ")), no version Preflight speaks"
        case .unreachable(let why): e.failure = "the server did not answer: \(why)"
        case .notMCP(let why): e.failure = "no MCP era answered: \(why)"
        default: break
        }
        return e
    }

    func isUnreachable(_ outcome: EraVerdict.Outcome) -> Bool {
        if case .unreachable = outcome { return true } else { return false }
    }

    /// A server whose `server/discover` failed but which serves a 2026-07-28 request: its results
    /// carry `resultType`, which no handshake-era result has.
    static func hiddenModern(_ wire: HTTPWire, timeout: Duration) async -> String? {
        let t = StreamableHTTPTransport.make(wire: wire, mode: .modern)
        let id = JSONValue.string("preflight-modern-tools-list")
        let e = await t.probe(
            "tools/list", params: ModernProtocol.Envelope().wrap(nil), id: id, timeout: timeout, label: "tools/list (2026-07-28)")
        guard e.succeeded, let result = e.response(id: id)?["result"], result["resultType"] != nil else { return nil }
        return "a 2026-07-28 tools/list was served (\(e.summary))"
    }

    /// A TLS failure, in words: the handshake or the certificate (self-signed, expired, wrong name).
    static func tlsProblem(_ failure: HTTPFailure?) -> String? {
        guard let failure else { return nil }
        let text = failure.description
        let lower = text.lowercased()
        guard ["ssl", "tls", "certificate", "handshake"].contains(where: lower.contains) else { return nil }
        if lower.contains("self signed") || lower.contains("self-signed") || lower.contains("unable to get local issuer")
            || lower.contains("certificate_verify_failed") || lower.contains("certificate verify failed")
        {
            return "the certificate did not verify (self-signed or an unknown issuer): \(text.prefixString(200))"
        }
        if lower.contains("expired") { return "the certificate has expired: \(text.prefixString(200))" }
        if lower.contains("hostname") || lower.contains("name mismatch") {
            return "the certificate does not name this host: \(text.prefixString(200))"
        }
        return "the TLS handshake failed: \(text.prefixString(200))"
    }

    static func shutdown(_ d: LiveFacts.Drain) -> LiveFacts.Shutdown {
        var s = LiveFacts.Shutdown(
            trigger: d.request.isEmpty ? "SIGTERM" : "SIGTERM (with \(d.request) in flight)", handshakeOK: true,
            exited: d.exited, elapsedMs: d.elapsedMs, exitCode: d.exitCode, signal: d.signal, leftovers: d.leftovers,
            limitMs: d.limitMs)
        s.stderrTail = d.stderrTail
        return s
    }
}

extension LiveFacts.EraFacts {
    /// The detection's facts, with what the session start learnt (the negotiated version, its notes).
    func merging(_ session: LiveFacts.EraFacts?) -> LiveFacts.EraFacts {
        var e = self
        if let v = session?.version { e.version = v }
        return e
    }
}
