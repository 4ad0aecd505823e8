import Synchronization

/// How a long-lived stream (the GET stream, the HTTP+SSE stream) started: its head, or the whole
/// exchange when it ended at once (a 405, a 404, a failure).
public struct StreamOpening: Sendable {
    public var status: Int?
    public var headers = HeaderList()
    /// The first SSE event, for streams that must open with one (HTTP+SSE `endpoint`).
    public var firstEvent: SSEEvent?
    /// Set when the exchange is over: the stream is not open.
    public var ended: HTTPExchange?
    /// Nothing arrived within the wait.
    public var timedOut = false

    public var isOpen: Bool { ended == nil && status == 200 && !timedOut }
    public var mediaType: String? {
        headers["Content-Type"]?.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
    }
}

/// Resolves once: on the head (or the first event, when asked to wait for one), on the end of the
/// exchange, or at the timeout. Fed from the stream's reader task, awaited by whoever opened it.
final class StreamSignal: Sendable {
    private struct State {
        var opening = StreamOpening()
        var waiter: CheckedContinuation<StreamOpening, Never>?
        var done = false
    }

    private let state = Mutex(State())
    private let waitsForEvent: Bool

    init(waitsForEvent: Bool = false) { self.waitsForEvent = waitsForEvent }

    func opened(status: Int, headers: HeaderList) {
        update { o in
            o.status = status
            o.headers = headers
            // A refusal is read to its end (its body says why); an open stream resolves now, or at
            // its first event when one is awaited.
            return status == 200 && !self.waitsForEvent
        }
    }

    func event(_ event: SSEEvent) {
        update { o in
            if o.firstEvent == nil { o.firstEvent = event }
            return true
        }
    }

    func ended(_ exchange: HTTPExchange) {
        update { o in
            o.ended = exchange
            if o.status == nil { o.status = exchange.status }
            return true
        }
    }

    private func update(_ change: (inout StreamOpening) -> Bool) {
        let resume: (CheckedContinuation<StreamOpening, Never>, StreamOpening)? = state.withLock { s in
            guard !s.done else { return nil }
            guard change(&s.opening) else { return nil }
            s.done = true
            defer { s.waiter = nil }
            return s.waiter.map { ($0, s.opening) }
        }
        if let (waiter, opening) = resume { waiter.resume(returning: opening) }
    }

    func wait(timeout: Duration) async -> StreamOpening {
        let timer = Task {
            try? await Task.sleep(for: timeout)
            self.update { o in
                if !Task.isCancelled { o.timedOut = true }
                return !Task.isCancelled
            }
        }
        defer { timer.cancel() }
        return await withCheckedContinuation { continuation in
            let ready: StreamOpening? = state.withLock { s in
                if s.done { return s.opening }
                s.waiter = continuation
                return nil
            }
            if let ready { continuation.resume(returning: ready) }
        }
    }
}
