import Foundation
import MCPWire
import PreflightCore

/// The main stdio instance: era detection and handshake, listings, protocol probes, tool calls, the
/// 2026-07-28 probes, load and memory. Every step is bounded by its own timeout and by the global
/// deadline; a step starts only while the server is alive and the deadline allows, and the report
/// says which step a crash or the deadline stopped.
struct MainSession {
    let options: LiveOptions
    let deadline: Deadline
    let canaries: [String: String]

    func run(into facts: inout LiveFacts) async {
        guard let launch = options.launch else { return }
        let started = ContinuousClock.now
        // A server that ends on the era probe (an unknown method before initialize) is started once
        // more and audited in the handshake era: 2026-07-28 clients send that probe, so it is said.
        for attempt in 0..<2 {
            let skipDiscover = attempt == 1
            do {
                let ((observed, connection), exit) = try await StdioServer.with(
                    launch, instance: skipDiscover ? "main-2" : "main", transcript: options.transcript,
                    canaries: Array(canaries.values)
                ) { connection, process in
                    var probe = MainProbe(c: connection, process: process, peer: .stdio, options: options, deadline: deadline)
                    await probe.run(started: started, skipDiscover: skipDiscover)
                    return (probe.o, connection)
                }
                if observed.exitedOnDiscover, !skipDiscover, !deadline.passed {
                    let tail = await connection.stderrLines.suffix(3).joined(separator: " | ")
                    facts.era = observed.facts.era
                    facts.era?.exitedOnDiscover = "\(exit)\(tail.isEmpty ? "" : ": \(tail.prefixString(300))")"
                    continue
                }
                let exitedOnDiscover = facts.era?.exitedOnDiscover
                let earlier = facts.era?.notes ?? []
                facts.merge(observed)
                facts.era?.exitedOnDiscover = exitedOnDiscover
                if !earlier.isEmpty, var era = facts.era {
                    era.notes = earlier + era.notes
                    facts.era = era
                }
                // Read once the session is over and stderr has drained: a crash's last words come last.
                facts.stderrLines = await connection.stderrLines
                facts.stderrLineStartsRead = await connection.stderrLineStartsRead
                if var crash = facts.crash {
                    // The reaped status is the truth; a server that only closed stdout was killed by us after.
                    if crash.exit != nil { crash.exit = exit }
                    crash.stderrTail = Array(facts.stderrLines.suffix(8))
                    facts.crash = crash
                }
                facts.mainSessionMs = (ContinuousClock.now - started).milliseconds
                facts.leakedCanaryNames = canaries.filter { observed.leakedValues.contains($0.value) }.map(\.key).sorted()
            } catch {
                facts.launchFailure = error.description
            }
            return
        }
    }

    /// What one instance observed, merged into `LiveFacts` afterwards.
    struct Observed: Sendable {
        var facts = LiveFacts()
        var leakedValues: Set<String> = []
        var exitedOnDiscover = false
    }
}

extension LiveFacts {
    mutating func merge(_ o: MainSession.Observed) {
        let keep = (canaryNames, requiredEnv, http)
        self = o.facts
        (canaryNames, requiredEnv, http) = keep
    }
}

extension String {
    func prefixString(_ n: Int) -> String { count > n ? String(prefix(n)) + "…" : self }
}
