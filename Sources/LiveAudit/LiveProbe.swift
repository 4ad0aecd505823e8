import Foundation
import MCPWire
import PreflightCore

#if canImport(Glibc)
    import Glibc
#endif

/// Runs the server the way a client does and gathers `LiveFacts`: the main instance first (over
/// stdio, or over HTTP with `--url`), then fresh instances for version negotiation, shutdown,
/// restart and missing-variable startup.
public enum LiveProbe {
    public static func run(_ options: LiveOptions) async -> LiveFacts {
        let deadline = Deadline(options.timeout)
        var facts = LiveFacts()
        var options = options
        // Canaries: unique values in every secret-named variable; they must never come back out.
        var canaries: [String: String] = [:]
        if var launch = options.launch {
            for name in options.secretNames where launch.environment[name] == nil {
                let value = "pfcanary" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(20)
                canaries[name] = String(value)
                launch.environment[name] = String(value)
            }
            // Required variables the user did not set get placeholder values so the server can start.
            for name in options.requiredEnv where launch.environment[name] == nil {
                launch.environment[name] = "preflight-placeholder"
            }
            options.launch = launch
        }
        facts.canaryNames = canaries.keys.sorted()
        facts.requiredEnv = options.requiredEnv
        if let http = options.http {
            await HTTPSession(options: options, http: http, deadline: deadline, canaries: canaries).run(into: &facts)
        } else {
            await MainSession(options: options, deadline: deadline, canaries: canaries).run(into: &facts)
        }
        guard facts.launchFailure == nil else { return facts }
        if facts.handshakeOK { facts.contextCost = ContextCost(facts) }
        guard let launch = options.launch else { return facts }
        // Fresh instances start like the main one did: a slow starter gets the time it needed, thrice.
        if let started = facts.handshake?.outcome.elapsed { options.handshakeTimeout = max(.seconds(30), started * 3) }
        await freshInstances(launch: launch, options: options, deadline: deadline, facts: &facts)
        return facts
    }

    /// A server that cannot complete the handshake would fail every fresh instance the same way,
    /// each after its own timeout: the deadline is not spent retrying. Startup without required
    /// variables needs no handshake, so it still runs. Over HTTP the main instance already answered
    /// SIGTERM (with a request in flight), negotiation was asked of it, and stdin means nothing.
    static func freshInstances(launch: ServerLaunch, options: LiveOptions, deadline: Deadline, facts: inout LiveFacts) async {
        let stdio = options.http == nil
        let era = facts.era
        if facts.handshakeOK {
            if stdio, !facts.isModern {
                if deadline.fits(.seconds(5)) {
                    options.progress?("version negotiation")
                    facts.negotiation = await NegotiationProbe.run(launch: launch, options: options, deadline: deadline)
                } else {
                    facts.probesSkippedByDeadline.append("version negotiation")
                }
            }
            // Each fresh instance runs only if its longest wait and the teardown after it fit in what is
            // left: a server that ignores every signal must not carry the run past its deadline.
            let teardown = Duration.seconds(5)
            if stdio {
                if deadline.fits(.milliseconds(options.stdinCloseLimitMs) + teardown) {
                    options.progress?("shutdown: stdin closed")
                    facts.stdinClose = await LifecycleProbe.signal(
                        nil, name: "stdin closed", launch: launch, era: era, options: options, deadline: deadline)
                } else {
                    facts.probesSkippedByDeadline.append("stdin close")
                }
                if deadline.fits(.milliseconds(options.graceMs) + teardown) {
                    options.progress?("shutdown: SIGTERM")
                    facts.sigterm = await LifecycleProbe.signal(
                        SIGTERM, name: "SIGTERM", launch: launch, era: era, options: options, deadline: deadline)
                } else {
                    facts.probesSkippedByDeadline.append("SIGTERM")
                }
            }
            if deadline.fits(.milliseconds(options.graceMs) + teardown) {
                options.progress?("shutdown: SIGINT")
                facts.sigint = await LifecycleProbe.signal(
                    SIGINT, name: "SIGINT", launch: launch, era: era, options: options, deadline: deadline)
            } else {
                facts.probesSkippedByDeadline.append("SIGINT")
            }
            if deadline.fits(.seconds(5) + teardown) {
                options.progress?("restart after SIGKILL")
                facts.restart = await LifecycleProbe.restart(launch: launch, era: era, options: options, deadline: deadline)
            } else {
                facts.probesSkippedByDeadline.append("restart")
            }
        }
        if !options.requiredEnv.isEmpty {
            let window = EnvValidationProbe.windowMs(limitMs: options.envValidationLimitMs, coldStartMs: facts.coldStartMs)
            if deadline.fits(.milliseconds(window) + .seconds(5)) {
                options.progress?("startup without required variables")
                facts.envValidation = await EnvValidationProbe.run(
                    launch: launch, era: era, options: options, missing: options.requiredEnv, windowMs: window,
                    deadline: deadline)
            } else {
                facts.probesSkippedByDeadline.append("startup without required variables")
            }
        }
    }
}
