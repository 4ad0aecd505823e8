import PreflightCore
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// How one call of an async client ended.
public enum CallOutcome: Sendable, Equatable {
    case ok
    /// A result with `isError: true`.
    case toolError
    case rpcError(code: Int64, message: String)
    /// The exchange ended without a JSON-RPC answer: an HTTP status (0: no response at all) and why.
    case httpError(status: Int, reason: String)
    case timeout
    /// The connection went away with the call in flight.
    case disconnected
}

/// Runs a `DrivePlan` through an async client (HTTP), the schedule and the figures as the stdio
/// `Driver` keeps them: closed loop, `inFlight` workers each sending its next call when the last
/// ended; open loop, one scheduler sending each call at its slot, latency from that slot (corrected
/// for coordinated omission) with the time actually sent beside it. `call` ends every call within
/// the plan's timeout.
enum AsyncDriver {
    typealias Call = @Sendable (_ index: Int) async -> CallOutcome

    static func run(_ plan: DrivePlan, gauge: LoadGauge, cpuShare: Double = 1, call: @escaping Call) async -> InstanceTally {
        let state = DriveState(plan: plan, gauge: gauge)
        await pause(until: plan.startNs)
        let cpuAtStart = processCPUNs()
        switch plan.pace {
        case .closed(let n):
            await withDiscardingTaskGroup { group in
                for _ in 0..<max(1, n) {
                    group.addTask {
                        while let ticket = state.claim(intended: LoadClock.nowNs) {
                            let outcome = await call(ticket.call)
                            state.finish(ticket, outcome)
                        }
                    }
                }
            }
        case .open(let interval, let phase, let maxInFlight):
            let slots = Slots(max(1, maxInFlight))
            var next = plan.startNs + phase
            await withDiscardingTaskGroup { group in
                while true {
                    await pause(until: next)
                    await slots.acquire()
                    guard let ticket = state.claim(intended: next) else {
                        slots.release()
                        break
                    }
                    group.addTask {
                        let outcome = await call(ticket.call)
                        state.finish(ticket, outcome)
                        slots.release()
                    }
                    next += max(1, interval)
                }
            }
        }
        let cpu = Double(processCPUNs() &- cpuAtStart) * cpuShare
        return state.result(clientCPUNs: UInt64(max(0, cpu)))
    }

    static func pause(until ns: UInt64) async {
        let now = LoadClock.nowNs
        guard ns > now else { return }
        try? await Task.sleep(for: .nanoseconds(Int64(ns - now)))
    }

    /// CPU time of this whole process: an async client's work is spread over the cooperative pool.
    static func processCPUNs() -> UInt64 {
        var usage = rusage()
        guard getrusage(RUSAGE_SELF.rawValue, &usage) == 0 else { return 0 }
        func ns(_ t: timeval) -> UInt64 { UInt64(t.tv_sec) * 1_000_000_000 + UInt64(t.tv_usec) * 1_000 }
        return ns(usage.ru_utime) + ns(usage.ru_stime)
    }
}

/// A call handed out: which of the plan's calls, when it was meant to go, when it went.
struct Ticket: Sendable {
    var call: Int
    var intended: UInt64
    var sent: UInt64
    var measured: Bool
}

/// The schedule's position and the figures, shared by the workers.
final class DriveState: Sendable {
    private struct State {
        var tally: InstanceTally
        var cursor = 0
        var measuredIssued = 0
        var issuing = true
        var completed = 0
        var failed = 0
        var nextPercentile: UInt64 = 0
    }

    private let plan: DrivePlan
    private let gauge: LoadGauge
    private let closedLoop: Bool
    private let state: Mutex<State>

    init(plan: DrivePlan, gauge: LoadGauge) {
        self.plan = plan
        self.gauge = gauge
        if case .closed = plan.pace { closedLoop = true } else { closedLoop = false }
        var tally = InstanceTally(tools: plan.calls.count)
        tally.measuredFromNs = plan.measureFromNs
        state = Mutex(State(tally: tally))
    }

    /// The next call meant for `intended`, or nil once the plan (or a stop) says no more.
    func claim(intended: UInt64) -> Ticket? {
        let stop = gauge.stopRequested
        return state.withLock { s -> Ticket? in
            guard s.issuing else { return nil }
            if stop {
                s.issuing = false
                s.tally.ended = s.tally.ended ?? "stopped"
                return nil
            }
            let allowed: Bool
            switch plan.stop {
            case .at(let end): allowed = intended < end
            case .after(let requests): allowed = intended < plan.measureFromNs || s.measuredIssued < requests
            }
            guard allowed else {
                s.issuing = false
                return nil
            }
            let measured = intended >= plan.measureFromNs
            if measured { s.measuredIssued += 1 } else { s.tally.warmupCalls += 1 }
            let call = s.cursor
            s.cursor = (s.cursor + 1) % max(1, plan.calls.count)
            return Ticket(call: call, intended: intended, sent: LoadClock.nowNs, measured: measured)
        }
    }

    func finish(_ ticket: Ticket, _ outcome: CallOutcome) {
        let now = LoadClock.nowNs
        let (completed, failed, p95) = state.withLock { s -> (Int, Int, Double?) in
            s.completed += 1
            if outcome != .ok { s.failed += 1 }
            if ticket.measured { record(&s.tally, ticket, outcome, now: now) }
            var p95: Double?
            if now >= s.nextPercentile {
                s.nextPercentile = now + 250_000_000
                var all = LatencyHistogram()
                for t in s.tally.tools { all.merge(t.latency) }
                if all.count > 0 { p95 = Double(all.percentileNs(95)) / 1_000_000 }
            }
            return (s.completed, s.failed, p95)
        }
        gauge.publish(completed: completed, failed: failed, p95Ms: p95)
    }

    private func record(_ tally: inout InstanceTally, _ ticket: Ticket, _ outcome: CallOutcome, now: UInt64) {
        let corrected = now > ticket.intended ? now - ticket.intended : 0
        // In place: a tally's histograms are too big to copy per call.
        Self.count(&tally.tools[ticket.call], outcome, corrected: corrected, uncorrected: closedLoop ? nil : now &- ticket.sent)
        if tally.rawLatencies.count < plan.keepRawLatencies { tally.rawLatencies.append(corrected) }
        tally.lastCompletionNs = max(tally.lastCompletionNs, now)
    }

    private static func count(_ t: inout CallTally, _ outcome: CallOutcome, corrected: UInt64, uncorrected: UInt64?) {
        t.latency.record(corrected)
        if let uncorrected { t.uncorrected.record(Int64(bitPattern: uncorrected) > 0 ? uncorrected : 0) }
        switch outcome {
        case .ok: t.ok += 1
        case .toolError: t.toolErrors += 1
        case .rpcError(let code, let message):
            t.rpcErrors[code, default: 0] += 1
            if t.rpcErrorMessages[code] == nil { t.rpcErrorMessages[code] = String(message.prefix(300)) }
        case .httpError(let status, let reason):
            t.httpErrors[status, default: 0] += 1
            if t.httpErrorReasons[status] == nil { t.httpErrorReasons[status] = String(reason.prefix(300)) }
        case .timeout: t.timeouts += 1
        case .disconnected: t.disconnected += 1
        }
    }

    func result(clientCPUNs: UInt64) -> InstanceTally {
        let (tally, completed, failed) = state.withLock { s in
            s.tally.clientCPUNs = clientCPUNs
            return (s.tally, s.completed, s.failed)
        }
        var all = LatencyHistogram()
        for t in tally.tools { all.merge(t.latency) }
        gauge.publish(completed: completed, failed: failed, p95Ms: all.count > 0 ? Double(all.percentileNs(95)) / 1e6 : nil)
        return tally
    }
}

/// At most `n` calls in flight in the open loop: the scheduler waits for a slot, its schedule does
/// not (the wait shows as latency from the intended send time).
final class Slots: Sendable {
    private struct State {
        var free: Int
        var waiters: [CheckedContinuation<Void, Never>] = []
    }

    private let state: Mutex<State>

    init(_ n: Int) { state = Mutex(State(free: n)) }

    func acquire() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let ready = state.withLock { s -> Bool in
                if s.free > 0 {
                    s.free -= 1
                    return true
                }
                s.waiters.append(continuation)
                return false
            }
            if ready { continuation.resume() }
        }
    }

    func release() {
        let waiter = state.withLock { s -> CheckedContinuation<Void, Never>? in
            if s.waiters.isEmpty {
                s.free += 1
                return nil
            }
            return s.waiters.removeFirst()
        }
        waiter?.resume()
    }
}
