import PreflightCore

/// How hard and how long: totals across instances.
public struct LoadShape: Sendable, Equatable {
    public enum Pace: Sendable, Equatable {
        /// `concurrency` calls in flight at all times (closed loop).
        case closed(concurrency: Int)
        /// `ratePerSecond` calls a second whatever the answers (open loop); at most `maxInFlight`
        /// waiting (default: enough for the rate over the timeout).
        case open(ratePerSecond: Double, maxInFlight: Int?)
    }

    public enum Stop: Sendable, Equatable {
        case duration(Duration)
        case requests(Int)
    }

    public var pace: Pace
    public var stop: Stop
    public var warmup: Duration = .zero
    public var instances = 1
    /// A call unanswered this long is a timeout.
    public var timeout: Duration = .seconds(10)
    /// Each step of the handshake and the listing.
    public var prepareTimeout: Duration = .seconds(30)
    /// How often the servers' memory and CPU are read.
    public var sampleInterval: Duration = .milliseconds(500)
    /// Raw latencies kept per instance (tests).
    public var keepRawLatencies = 0

    public init(pace: Pace, stop: Stop) {
        self.pace = pace
        self.stop = stop
    }
}

/// Progress of a running load, a few times a second.
public struct LoadProgress: Sendable, Equatable {
    public enum Phase: String, Sendable { case warmup = "warm-up", measuring, draining }
    public var phase: Phase
    public var elapsedSeconds: Double
    /// 0...1 of the planned run, when known.
    public var fraction: Double
    public var completed: Int
    public var failed: Int
    /// Calls a second over the last second.
    public var throughputPerSecond: Double
    /// The measured calls' p95 so far (the slowest instance's).
    public var p95Ms: Double
}

/// A server reading at a moment of the run.
public struct TimedReading: Sendable, Equatable {
    public var instance: Int
    /// Since the load started (warm-up included), in milliseconds.
    public var tMs: Double
    public var reading: ResourceReading
}

/// Everything a run measured, before it becomes a report.
public struct LoadResult: Sendable {
    public var server: ServerFacts
    public var calls: [PreparedCall]
    public var tallies: [InstanceTally]
    public var readings: [TimedReading]
    public var startNs: UInt64
    public var measuredFromNs: UInt64
    /// When the last measured call ended.
    public var endNs: UInt64
}

/// Runs a load: every instance connects and lists its tools, `choose` decides the calls from the
/// first instance's listing, then all instances start at the same instant.
public enum LoadRunner {
    public typealias Chooser = @Sendable (ServerFacts) -> Result<[PreparedCall], LoadFailure>

    public static func run(
        _ transport: some LoadTransport, shape: LoadShape, choose: @escaping Chooser,
        step: @escaping @Sendable (String) -> Void = { _ in }, progress: @escaping @Sendable (LoadProgress) -> Void = { _ in }
    ) async throws(LoadFailure) -> LoadResult {
        try validate(shape)
        let k = shape.instances
        let gauges = (0..<k).map { _ in LoadGauge() }
        let gate = StartGate(expected: k) { facts in decide(shape, facts: facts, choose: choose) }
        step(k == 1 ? "starting the server" : "starting \(k) servers")
        // Cancelled, every client stops sending and returns what it has; the servers then stop.
        let outcomes = await withTaskCancellationHandler {
            await withTaskGroup(of: InstanceOutcome.self) { group in
                for index in 0..<k {
                    group.addTask {
                        await instance(index, transport: transport, shape: shape, gate: gate, gauge: gauges[index], step: step)
                    }
                }
                let monitor = Task { await watch(gauges, gate: gate, shape: shape, progress: progress, step: step) }
                var all: [InstanceOutcome] = []
                for await outcome in group { all.append(outcome) }
                monitor.cancel()
                return all.sorted { $0.index < $1.index }
            }
        } onCancel: {
            for gauge in gauges { gauge.stop() }
        }
        guard let decision = await gate.decision else { throw LoadFailure("the load did not start") }
        let plans: [DrivePlan]
        let server: ServerFacts
        switch decision {
        case .failure(let failure): throw failure
        case .success(let decided):
            plans = decided.plans
            server = decided.server
        }
        var tallies = outcomes.compactMap(\.tally)
        guard tallies.count == k, let first = plans.first else {
            throw LoadFailure(outcomes.compactMap(\.failure).first?.description ?? "an instance did not run")
        }
        markUnmeasured(&tallies)
        let end = max(tallies.map(\.lastCompletionNs).max() ?? 0, first.measureFromNs)
        return LoadResult(
            server: server, calls: first.calls, tallies: tallies, readings: outcomes.flatMap(\.readings), startNs: first.startNs,
            measuredFromNs: first.measureFromNs, endNs: end)
    }

    /// A client that measured nothing (it began after its window closed: a stalled machine) must not pass
    /// its thresholds on no data: it ended early, with the reason.
    static func markUnmeasured(_ tallies: inout [InstanceTally]) {
        for i in tallies.indices where tallies[i].ended == nil && tallies[i].tools.allSatisfy({ $0.calls == 0 }) {
            tallies[i].ended =
                "no call was measured: the client began after the measured window had closed (a saturated machine?)"
        }
    }

    static func validate(_ shape: LoadShape) throws(LoadFailure) {
        guard shape.instances >= 1 else { throw LoadFailure("--instances must be at least 1") }
        switch shape.pace {
        case .closed(let n):
            guard n >= shape.instances else {
                throw LoadFailure(
                    "--concurrency \(n) is less than --instances \(shape.instances): each instance needs a call in flight")
            }
        case .open(let rate, let maxInFlight):
            guard rate.isFinite, rate > 0 else { throw LoadFailure("--rate must be a positive number of calls a second") }
            if let maxInFlight, maxInFlight < shape.instances {
                throw LoadFailure("--concurrency \(maxInFlight) is less than --instances \(shape.instances)")
            }
        }
        switch shape.stop {
        case .duration(let d): guard d > .zero else { throw LoadFailure("--duration must be positive") }
        case .requests(let n): guard n >= shape.instances else { throw LoadFailure("--requests must be at least --instances") }
        }
        guard shape.timeout > .zero else { throw LoadFailure("--timeout must be positive") }
        guard shape.warmup >= .zero else { throw LoadFailure("--warmup cannot be negative") }
    }

    // MARK: One instance

    struct InstanceOutcome: Sendable {
        var index: Int
        var tally: InstanceTally?
        var readings: [TimedReading] = []
        var failure: LoadFailure?
    }

    static func instance(
        _ index: Int, transport: some LoadTransport, shape: LoadShape, gate: StartGate, gauge: LoadGauge,
        step: @escaping @Sendable (String) -> Void
    ) async -> InstanceOutcome {
        do throws(LoadFailure) {
            return try await transport.withConnection(index) { connection in
                let facts: ServerFacts
                do throws(LoadFailure) {
                    if index == 0 { step("handshake and tools/list") }
                    facts = try await connection.prepare(timeout: shape.prepareTimeout)
                } catch {
                    await gate.fail(LoadFailure(instanceLabel(index, of: shape.instances) + error.description))
                    return InstanceOutcome(index: index, failure: error)
                }
                guard let plan = await gate.arrive(index, facts) else { return InstanceOutcome(index: index) }
                let sampler = Task {
                    await sample(connection, index: index, startNs: plan.startNs, interval: shape.sampleInterval)
                }
                let tally = await connection.drive(plan, gauge: gauge)
                sampler.cancel()
                return InstanceOutcome(index: index, tally: tally, readings: await sampler.value)
            }
        } catch {
            await gate.fail(LoadFailure(instanceLabel(index, of: shape.instances) + error.description))
            return InstanceOutcome(index: index, failure: error)
        }
    }

    static func instanceLabel(_ index: Int, of count: Int) -> String { count > 1 ? "instance \(index + 1): " : "" }

    /// The server's memory and CPU until cancelled; past 2,000 readings every other one goes and
    /// the interval doubles, so a long run stays bounded.
    static func sample(_ connection: any LoadConnection, index: Int, startNs: UInt64, interval: Duration) async -> [TimedReading]
    {
        var readings: [TimedReading] = []
        var every = interval
        while true {
            if let r = connection.sample() {
                let now = LoadClock.nowNs
                let t = now >= startNs ? Double(now - startNs) / 1e6 : -Double(startNs - now) / 1e6
                readings.append(TimedReading(instance: index, tMs: t, reading: r))
            }
            if readings.count >= 2_000 {
                readings = readings.enumerated().filter { $0.offset % 2 == 0 }.map(\.element)
                every = every * 2
            }
            do { try await Task.sleep(for: every) } catch { break }
        }
        // One last reading: the state at the end of the load.
        if let r = connection.sample() {
            readings.append(TimedReading(instance: index, tMs: Double(LoadClock.nowNs &- startNs) / 1e6, reading: r))
        }
        return readings
    }

    // MARK: Plans

    struct Decided: Sendable {
        var server: ServerFacts
        var plans: [DrivePlan]
    }

    /// Every instance's plan, once all have listed their tools: the same calls, a share of the
    /// load, one start for all.
    static func decide(_ shape: LoadShape, facts: [ServerFacts], choose: Chooser) -> Result<Decided, LoadFailure> {
        guard let first = facts.first else { return .failure(LoadFailure("no instance started")) }
        let calls: [PreparedCall]
        switch choose(first) {
        case .failure(let f): return .failure(f)
        case .success(let c): calls = c
        }
        guard !calls.isEmpty else { return .failure(LoadFailure("nothing to call")) }
        for (i, f) in facts.enumerated() {
            for call in calls where call.method == "tools/call" && f.tool(named: call.label) == nil {
                return .failure(LoadFailure("instance \(i + 1) does not list the tool '\(call.label)'"))
            }
        }
        let k = facts.count
        // Time for every instance's thread to be waiting before the first call.
        let start = LoadClock.nowNs + 100_000_000
        let measureFrom = start + UInt64(shape.warmup.nanoseconds)
        let timeout = UInt64(shape.timeout.nanoseconds)
        let plans = (0..<k).map { i -> DrivePlan in
            let pace: DrivePlan.Pace
            switch shape.pace {
            case .closed(let n):
                pace = .closed(inFlight: share(n, i, k))
            case .open(let rate, let maxInFlight):
                let perInstance = rate / Double(k)
                let defaultCap = min(1 << 17, max(64, Int(perInstance * Double(timeout) / 1e9) + 16))
                pace = .open(
                    intervalNs: UInt64(max(1, (1e9 / perInstance).rounded())),
                    phaseNs: UInt64((1e9 * Double(i) / rate).rounded()),
                    maxInFlight: maxInFlight.map { share($0, i, k) } ?? defaultCap)
            }
            let stop: DrivePlan.Stop
            switch shape.stop {
            case .duration(let d): stop = .at(ns: measureFrom + UInt64(d.nanoseconds))
            case .requests(let n): stop = .after(requests: share(n, i, k))
            }
            var plan = DrivePlan(
                calls: calls, pace: pace, startNs: start, measureFromNs: measureFrom, stop: stop, timeoutNs: timeout)
            plan.keepRawLatencies = shape.keepRawLatencies
            return plan
        }
        return .success(Decided(server: first, plans: plans))
    }

    /// Instance `i`'s share of `total` over `k`: the remainder goes to the first ones.
    static func share(_ total: Int, _ i: Int, _ k: Int) -> Int { total / k + (i < total % k ? 1 : 0) }

    // MARK: Progress

    static func watch(
        _ gauges: [LoadGauge], gate: StartGate, shape: LoadShape, progress: @Sendable (LoadProgress) -> Void,
        step: @Sendable (String) -> Void
    ) async {
        guard let plan = await gate.firstPlan() else { return }
        step(shape.warmup > .zero ? "warm-up" : "load")
        var history: [(t: UInt64, completed: Int)] = []
        var announcedMeasuring = shape.warmup == .zero
        while !Task.isCancelled {
            let now = LoadClock.nowNs
            let completed = gauges.reduce(0) { $0 + $1.completed }
            history.append((now, completed))
            while let oldest = history.first, now - oldest.t > 1_000_000_000, history.count > 2 { history.removeFirst() }
            var throughput = 0.0
            if let oldest = history.first, now > oldest.t {
                throughput = Double(completed - oldest.completed) * 1e9 / Double(now - oldest.t)
            }
            let elapsed = now > plan.startNs ? Double(now - plan.startNs) / 1e9 : 0
            var phase = LoadProgress.Phase.measuring
            var fraction = 0.0
            if now < plan.measureFromNs {
                phase = .warmup
            } else if !announcedMeasuring {
                announcedMeasuring = true
                step("load")
            }
            switch plan.stop {
            case .at(let end):
                let total = Double(end - plan.startNs)
                fraction = min(1, Double(now &- plan.startNs) / total)
                if now >= end { phase = .draining }
            case .after:
                if case .requests(let n) = shape.stop { fraction = min(1, Double(completed) / Double(max(1, n))) }
            }
            progress(
                LoadProgress(
                    phase: phase, elapsedSeconds: elapsed, fraction: now < plan.startNs ? 0 : fraction, completed: completed,
                    failed: gauges.reduce(0) { $0 + $1.failed }, throughputPerSecond: throughput,
                    p95Ms: gauges.map(\.p95Ms).max() ?? 0))
            do { try await Task.sleep(for: .milliseconds(200)) } catch { break }
        }
    }
}

/// Where the instances meet after their handshakes: the load starts once every one is ready, or
/// not at all when one failed.
actor StartGate {
    private let expected: Int
    private let decide: @Sendable ([ServerFacts]) -> Result<LoadRunner.Decided, LoadFailure>
    private var arrivals: [Int: ServerFacts] = [:]
    private var waiting: [Int: CheckedContinuation<DrivePlan?, Never>] = [:]
    private var watchers: [CheckedContinuation<DrivePlan?, Never>] = []
    private(set) var decision: Result<LoadRunner.Decided, LoadFailure>?

    init(expected: Int, decide: @escaping @Sendable ([ServerFacts]) -> Result<LoadRunner.Decided, LoadFailure>) {
        self.expected = expected
        self.decide = decide
    }

    func arrive(_ index: Int, _ facts: ServerFacts) async -> DrivePlan? {
        if let decision { return Self.plan(decision, index) }
        arrivals[index] = facts
        return await withCheckedContinuation { continuation in
            waiting[index] = continuation
            if arrivals.count == expected {
                settle(decide((0..<expected).compactMap { arrivals[$0] }))
            }
        }
    }

    func fail(_ failure: LoadFailure) {
        guard decision == nil else { return }
        settle(.failure(failure))
    }

    /// The first instance's plan once decided (nil when the load will not run).
    func firstPlan() async -> DrivePlan? {
        if let decision { return Self.plan(decision, 0) }
        return await withCheckedContinuation { watchers.append($0) }
    }

    private func settle(_ result: Result<LoadRunner.Decided, LoadFailure>) {
        decision = result
        for (index, continuation) in waiting { continuation.resume(returning: Self.plan(result, index)) }
        waiting = [:]
        for w in watchers { w.resume(returning: Self.plan(result, 0)) }
        watchers = []
    }

    private static func plan(_ result: Result<LoadRunner.Decided, LoadFailure>, _ index: Int) -> DrivePlan? {
        guard case .success(let d) = result, index < d.plans.count else { return nil }
        return d.plans[index]
    }
}
