import PreflightCore

struct HTTPRateLimiting: LiveCheck {
    static let description = CheckDescription(
        id: "http.rate-limiting", title: "A burst above the expected rate gets 429 with Retry-After",
        section: .httpTransport, kind: .live, severity: .warning,
        rationale: """
            Servers MUST rate limit tool invocations (MCP 2026-07-28 server/tools.mdx §Security Considerations 1); \
            429 Too Many Requests with `Retry-After` tells a client when to come back (RFC 6585 §4). A server that \
            answers a burst with 5xx or dropped connections falls over instead of throttling. The burst is bounded \
            (twice the stated rate, 10 requests in flight) and runs only when asked: `[http] \
            expected-rate-per-second` in preflight.toml, or `--probe-rate-limit`.
            """,
        remediation:
            "Put a rate limiter in front of tool calls (per client or token) that answers 429 with `Retry-After`; state its limit in preflight.toml ([http] expected-rate-per-second).",
        failing: [.http("sdk_server.py", "--no-health", probeRateLimit: true)],
        passing: [.deviant(arguments: ["--rate-limit", "20"], config: "[http]\nexpected-rate-per-second = 20\n")])

    func run(_ f: LiveFacts, _ context: LiveContext) -> CheckOutput {
        guard let h = f.http else { return LiveSkip.needsURL }
        guard h.rateLimitAsked else {
            return .skip(
                "no expected rate: set [http] expected-rate-per-second in preflight.toml, or pass --probe-rate-limit, to send a bounded burst"
            )
        }
        if let skip = LiveSkip.handshake(f) { return skip }
        guard let r = h.rateLimit else { return LiveSkip.notMeasured(f, "the burst did not run") }
        var evidence = JSONObjectBuilder()
        evidence.set("sent", r.sent)
        evidence.set("request", r.method)
        evidence.set("elapsedMs", r.elapsedMs)
        evidence.set("statuses", .object(r.statuses.sorted { $0.key < $1.key }.map { (String($0.key), .int($0.value)) }))
        evidence.set("retryAfter", JSONValue.strings(r.retryAfter))
        evidence.set("failures", JSONValue.strings(r.failures))
        let burst =
            "\(r.sent) × \(r.method) in \(r.elapsedMs) ms" + (h.expectedRate.map { " (expected limit \(fmt($0))/s)" } ?? "")
        var findings: [Finding] = []
        if r.serverErrors > 0 || !r.failures.isEmpty {
            findings.append(
                Finding(
                    "\(burst): \(r.serverErrors) server error(s) and \(r.failures.count) request(s) without an answer: the server falls over instead of throttling"
                ))
        }
        if r.throttled == 0 {
            findings.append(Finding("no 429 in a burst of \(burst): no rate limiting observed"))
        } else if r.retryAfter.contains(where: { !RateLimitProbe.validRetryAfter($0) }) {
            findings.append(
                Finding(
                    "429 without a valid Retry-After (\(r.retryAfter.first ?? "")): clients cannot tell when to retry",
                    status: .warn))
        }
        return .from(findings, pass: "\(burst): \(r.throttled) got 429 with Retry-After", evidence: evidence.value)
    }
}
