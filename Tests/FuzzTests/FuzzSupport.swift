import Dispatch
import Foundation
import PropertyBased
import Synchronization
import Testing

/// The random source every fuzz generator draws from (the one PropertyBased passes to `Generator`s).
typealias RNG = any SeededRandomNumberGenerator

/// A broken invariant, thrown by a property body (which runs off the test task, so it cannot `#expect`).
struct FuzzFailure: Error, CustomStringConvertible {
    var description: String
}

func require(_ condition: @autoclosure () -> Bool, _ message: @autoclosure () -> String) throws(FuzzFailure) {
    if !condition() { throw FuzzFailure(description: message()) }
}

/// Run-wide settings, read once from the environment (see docs/robustness.md, "Parser fuzzing").
enum FuzzConfig {
    static let environment = ProcessInfo.processInfo.environment

    /// Inputs per property. The default keeps the whole target inside the CI budget.
    static let iterations: Int = environment["PREFLIGHT_FUZZ_ITERATIONS"].flatMap { Int($0) }.map { max(1, $0) } ?? 250

    /// Base seed: fixed by default so CI is reproducible; `PREFLIGHT_FUZZ_SEED=random` draws one.
    static let seed: UInt64 = {
        switch environment["PREFLIGHT_FUZZ_SEED"] {
        case nil, "": return 0x5EED_F0CA_CC1A
        case "random"?: return UInt64.random(in: 1...UInt64.max)
        case let text?: return UInt64(text) ?? UInt64(text.dropFirst(2), radix: 16) ?? 0x5EED_F0CA_CC1A
        }
    }()

    /// `PREFLIGHT_FUZZ_TRACE=1` prints every input before it runs, to find the one that crashes the process.
    static let trace = environment["PREFLIGHT_FUZZ_TRACE"] != nil

    /// Per-input time budget. It exists to catch hangs (which never end), not to measure speed:
    /// it is generous for a debug build on a busy 2-core machine.
    static let budget: Duration = .seconds(
        environment["PREFLIGHT_FUZZ_BUDGET_SECONDS"].flatMap { Double($0) } ?? 20)
}

/// Runs `body` on its own thread (8 MiB stack, like a main thread) and waits at most `budget`.
/// A body that never returns is reported as `.hung`; its thread is abandoned.
enum Watchdog {
    enum Outcome: Sendable {
        case passed
        case failed(String)
        case hung
    }

    static let stackSize = 8 << 20

    private final class Slot: Sendable {
        let continuation = Mutex<CheckedContinuation<Outcome, Never>?>(nil)

        func resume(_ outcome: Outcome) {
            let waiting = continuation.withLock { c in
                defer { c = nil }
                return c
            }
            waiting?.resume(returning: outcome)
        }
    }

    static func run(budget: Duration, _ body: @escaping @Sendable () -> Outcome) async -> Outcome {
        let slot = Slot()
        return await withCheckedContinuation { continuation in
            slot.continuation.withLock { $0 = continuation }
            let thread = Thread { slot.resume(body()) }
            thread.stackSize = stackSize
            thread.start()
            let (seconds, attoseconds) = budget.components
            let nanos = Int(seconds) * 1_000_000_000 + Int(attoseconds / 1_000_000_000)
            DispatchQueue.global().asyncAfter(deadline: .now() + .nanoseconds(nanos)) { slot.resume(.hung) }
        }
    }
}

/// Checks `body` on `count × weight` inputs from `input`. Input `i` of a property depends only on
/// (base seed, property name, i), so a failure is replayed with the seed printed in the issue.
/// The first failing or hanging input is reported and stops the property.
func fuzz<T: Sendable>(
    _ name: String = #function, weight: Double = 1, budget: Duration = FuzzConfig.budget, input: Generator<T, some Sequence>,
    preview: @escaping @Sendable (T) -> String = { describeInput($0) },
    sourceLocation: SourceLocation = #_sourceLocation,
    _ body: @escaping @Sendable (T) throws(FuzzFailure) -> Void
) async {
    let count = max(1, Int((Double(FuzzConfig.iterations) * weight).rounded()))
    let nameHash = name.utf8.reduce(0xcbf2_9ce4_8422_2325 as UInt64) { ($0 ^ UInt64($1)) &* 0x100_0000_01b3 }
    for i in 0..<count {
        var state = FuzzConfig.seed ^ nameHash ^ (UInt64(i) &* 0x9E37_79B9_7F4A_7C15)
        var rng = Xoshiro(seed: (splitMix(&state), splitMix(&state), splitMix(&state), splitMix(&state)))
        let value = input.run(using: &rng)
        // A crash (trap, abort in C code) kills the process before an issue is recorded: trace first.
        if FuzzConfig.trace { FileHandle.standardError.write(Data("fuzz \(name) #\(i): \(preview(value))\n".utf8)) }
        let outcome = await Watchdog.run(budget: budget) {
            do throws(FuzzFailure) {
                try body(value)
                return .passed
            } catch {
                return .failed(error.description)
            }
        }
        let replay = "input #\(i) of \(count); replay with PREFLIGHT_FUZZ_SEED=\(FuzzConfig.seed)"
        switch outcome {
        case .passed: continue
        case .failed(let message):
            Issue.record("\(message)\n\(replay)\ninput: \(preview(value))", sourceLocation: sourceLocation)
            return
        case .hung:
            Issue.record(
                "hang: no result within \(budget) (a hang guard, not a speed test)\n\(replay)\ninput: \(preview(value))",
                sourceLocation: sourceLocation)
            return
        }
    }
}

private func splitMix(_ state: inout UInt64) -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
}

/// A bounded, escaped rendering of an input for issue messages.
func describeInput<T>(_ value: T) -> String {
    let text: String
    if let bytes = value as? [UInt8] {
        text = "\(bytes.count) bytes: " + String(decoding: bytes.prefix(600), as: UTF8.self).debugDescription
    } else if let string = value as? String {
        text = "\(string.utf8.count) UTF-8 bytes: " + String(string.prefix(600)).debugDescription
    } else {
        text = String(String(describing: value).prefix(600))
    }
    return text
}
