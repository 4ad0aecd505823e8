import Foundation
import MCPWire
import PreflightCore

#if canImport(Glibc)
    import Glibc
#endif

/// Runs the server the way a client does and gathers `LiveFacts`: the main instance first, then
/// fresh instances for version negotiation, shutdown, restart and missing-variable startup.
public enum LiveProbe {
    public static func run(_ options: LiveOptions) async -> LiveFacts {
        let deadline = Deadline(options.timeout)
        var facts = LiveFacts()
        var options = options
        // Canaries: unique values in every secret-named variable; they must never come back out.
        var canaries: [String: String] = [:]
        for name in options.secretNames where options.launch.environment[name] == nil {
            let value = "pfcanary" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(20)
            canaries[name] = String(value)
            options.launch.environment[name] = String(value)
        }
        // Required variables the user did not set get placeholder values so the server can start.
        for name in options.requiredEnv where options.launch.environment[name] == nil {
            options.launch.environment[name] = "preflight-placeholder"
        }
        facts.canaryNames = canaries.keys.sorted()
        facts.requiredEnv = options.requiredEnv
        await MainSession(options: options, deadline: deadline, canaries: canaries).run(into: &facts)
        guard facts.launchFailure == nil else { return facts }
        options.progress?("version negotiation")
        facts.negotiation = await NegotiationProbe.run(options: options, deadline: deadline)
        if !deadline.passed {
            options.progress?("shutdown: stdin closed")
            facts.stdinClose = await LifecycleProbe.signal(nil, name: "stdin closed", options: options, deadline: deadline)
        }
        if !deadline.passed {
            options.progress?("shutdown: SIGTERM")
            facts.sigterm = await LifecycleProbe.signal(SIGTERM, name: "SIGTERM", options: options, deadline: deadline)
        }
        if !deadline.passed {
            options.progress?("shutdown: SIGINT")
            facts.sigint = await LifecycleProbe.signal(SIGINT, name: "SIGINT", options: options, deadline: deadline)
        }
        if !deadline.passed {
            options.progress?("restart after SIGKILL")
            facts.restart = await LifecycleProbe.restart(options: options, deadline: deadline)
        }
        if !options.requiredEnv.isEmpty && !deadline.passed {
            options.progress?("startup without required variables")
            facts.envValidation = await EnvValidationProbe.run(options: options, missing: options.requiredEnv)
        }
        return facts
    }
}
