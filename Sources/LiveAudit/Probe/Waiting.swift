import PreflightCore

/// Bounded waits on running tasks: the task keeps running, the waiter moves on.
enum Waiting {
    /// The task's value if it finishes within `timeout`, else nil.
    static func value<T: Sendable>(of task: Task<T, Never>, within timeout: Duration) async -> T? {
        let once = OnceFlag()
        return await withCheckedContinuation { continuation in
            let timer = Task {
                try? await Task.sleep(for: timeout)
                if once.claim() { continuation.resume(returning: nil) }
            }
            Task {
                let value = await task.value
                timer.cancel()
                if once.claim() { continuation.resume(returning: value) }
            }
        }
    }

    enum First<A: Sendable, B: Sendable>: Sendable {
        case first(A)
        case second(B)
    }

    /// Whichever of two tasks finishes first; the other keeps running.
    static func first<A: Sendable, B: Sendable>(_ a: Task<A, Never>, _ b: Task<B, Never>) async -> First<A, B> {
        let once = OnceFlag()
        return await withCheckedContinuation { continuation in
            Task {
                let value = await a.value
                if once.claim() { continuation.resume(returning: .first(value)) }
            }
            Task {
                let value = await b.value
                if once.claim() { continuation.resume(returning: .second(value)) }
            }
        }
    }
}
