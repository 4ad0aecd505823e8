import Foundation
import Processes

/// For `--server CMD --url URL`: waits until the URL answers at all (any HTTP status counts: the
/// server is up), the process exits, or the budget is spent. HTTP gives no readiness event, so the
/// URL is polled with backoff; the process's exit ends the wait at once (it is awaited, not polled).
public enum ServerReadiness {
    public enum Outcome: Sendable, CustomStringConvertible {
        case ready(status: Int, after: Duration, attempts: Int)
        case exited(ChildExit, after: Duration)
        case timedOut(after: Duration, attempts: Int, lastFailure: HTTPFailure?)

        public var isReady: Bool { if case .ready = self { return true } else { return false } }

        public var description: String {
            switch self {
            case .ready(let status, let after, let attempts):
                return "answered \(status) after \(after.milliseconds) ms (\(attempts) attempt\(attempts == 1 ? "" : "s"))"
            case .exited(let exit, let after): return "the server exited (\(exit)) after \(after.milliseconds) ms"
            case .timedOut(let after, let attempts, let last):
                return "no answer within \(after.milliseconds) ms (\(attempts) attempts; last: \(last?.description ?? "none"))"
            }
        }
    }

    public struct Backoff: Sendable {
        public var first: Duration = .milliseconds(50)
        public var factor = 2.0
        public var max: Duration = .seconds(1)
        /// Bound of each attempt.
        public var attemptTimeout: Duration = .seconds(2)
        public init() {}
    }

    /// Polls `target` with `GET` (no credentials needed: a 401 is an answer) until something answers.
    public static func wait(
        for target: HTTPTarget, process: RunningChild?, budget: Duration, backoff: Backoff = Backoff()
    ) async -> Outcome {
        await HTTPWire.with(target, instance: "readiness") { wire in
            await wait(on: wire, process: process, budget: budget, backoff: backoff)
        }
    }

    public static func wait(on wire: HTTPWire, process: RunningChild?, budget: Duration, backoff: Backoff = Backoff()) async
        -> Outcome
    {
        let start = ContinuousClock.now
        let deadline = start + budget
        // One waiter for the process's exit; each pause below ends early when it finishes.
        let exitWatch: Task<Void, Never>? = process.map { p in Task { _ = await p.waitForExit(timeout: budget) } }
        defer { exitWatch?.cancel() }
        var delay = backoff.first
        var attempts = 0
        var last: HTTPFailure?
        while true {
            if let process, process.hasExited { return .exited(process.exitStatus, after: ContinuousClock.now - start) }
            let remaining = deadline - ContinuousClock.now
            guard remaining > .zero else {
                return .timedOut(after: ContinuousClock.now - start, attempts: attempts, lastFailure: last)
            }
            attempts += 1
            var spec = HTTPRequestSpec(
                method: "GET", url: wire.target.url, headers: [("Accept", "application/json, text/event-stream")],
                timeout: min(backoff.attemptTimeout, remaining), stop: .afterHead, label: "readiness")
            spec.withCredentials = false
            spec.followRedirects = false
            let exchange = await wire.send(spec)
            if let status = exchange.status {
                return .ready(status: status, after: ContinuousClock.now - start, attempts: attempts)
            }
            last = exchange.failure
            let pause = min(delay, max(.zero, deadline - ContinuousClock.now))
            if let exitWatch {
                _ = await ChildSession.awaitTask(exitWatch, timeout: pause)
            } else {
                try? await Task.sleep(for: pause)
            }
            delay = min(backoff.max, delay * backoff.factor)
        }
    }
}
