import PreflightCore

/// The hot loop of one stdio client, on its own thread. Per call it costs a slot from a free list,
/// a prefix copied and an id written into the output buffer, a byte scan of the answer and a
/// histogram record; per batch one `read`, one `write` and, when idle, one `ppoll`. No task, actor
/// or timer per call: ids carry their slot (`seq << slotBits | slot`), a periodic sweep over the
/// slots finds timeouts, and the clock is read once per batch.
struct Driver {
    let plan: DrivePlan
    let gauge: LoadGauge
    var tally: InstanceTally

    private let closedLoop: Bool
    private let capacity: Int
    private let slotBits: UInt64
    private let slotMask: UInt64
    private var slotID: [UInt64]
    private var slotIntended: [UInt64]
    private var slotSent: [UInt64]
    private var slotCall: [Int32]
    private var slotMeasured: [Bool]
    private var free: [Int32]
    private var inFlight = 0
    private var seq: UInt64 = 1_000
    /// Timeouts are looked for this often: a twentieth of the timeout, between 1 and 100 ms.
    private let sweepInterval: UInt64
    private var nextSweep: UInt64 = 0
    private var nextIntended: UInt64 = 0
    private var issuing = true
    private var measuredIssued = 0
    private var cursor = 0
    private var completed = 0
    private var failed = 0
    private var nextHousekeeping: UInt64 = 0
    private var nextPercentile: UInt64 = 0
    /// Answers to server requests and cancellations, written with the next batch.
    private var extra: [[UInt8]] = []

    init(plan: DrivePlan, gauge: LoadGauge) {
        self.plan = plan
        self.gauge = gauge
        tally = InstanceTally(tools: plan.calls.count)
        tally.measuredFromNs = plan.measureFromNs
        let wanted: Int
        switch plan.pace {
        case .closed(let n):
            closedLoop = true
            wanted = max(1, n)
        case .open(_, let phase, let maxInFlight):
            closedLoop = false
            wanted = max(1, maxInFlight)
            nextIntended = plan.startNs + phase
        }
        var bits: UInt64 = 0
        while (1 << bits) < wanted { bits += 1 }
        slotBits = bits
        slotMask = (1 << bits) - 1
        capacity = wanted
        slotID = Array(repeating: 0, count: wanted)
        slotIntended = Array(repeating: 0, count: wanted)
        slotSent = Array(repeating: 0, count: wanted)
        slotCall = Array(repeating: 0, count: wanted)
        slotMeasured = Array(repeating: false, count: wanted)
        free = (0..<Int32(wanted)).reversed().map { $0 }
        sweepInterval = min(max(plan.timeoutNs / 20, 1_000_000), 100_000_000)
    }

    /// Runs the plan to its end on `io`; returns what it measured.
    static func run(_ plan: DrivePlan, io: inout PipeIO, gauge: LoadGauge) -> InstanceTally {
        var d = Driver(plan: plan, gauge: gauge)
        PipeIO.sleep(until: plan.startNs)
        let cpuAtStart = LoadClock.threadCPUNs
        var now = LoadClock.nowNs
        loop: while true {
            if gauge.stopRequested {
                d.tally.ended = d.tally.ended ?? "stopped"
                break
            }
            d.issue(now: now, io: &io)
            for bytes in d.extra { io.queue(bytes) }
            d.extra.removeAll(keepingCapacity: true)
            io.flush()
            if io.writeFailed && d.issuing {
                d.issuing = false
                d.tally.ended = "writing to the server's stdin failed (it closed stdin or exited)"
            }
            if !d.issuing && d.inFlight == 0 { break loop }
            switch io.read() {
            case .data:
                now = LoadClock.nowNs
                io.forEachLine { p, n in d.handle(p, n, now: now) }
                if now >= d.nextHousekeeping { d.housekeeping(now: now) }
            case .endOfFile:
                now = LoadClock.nowNs
                io.forEachLine { p, n in d.handle(p, n, now: now) }
                d.disconnectAll(now: now)
                d.tally.ended = d.tally.ended ?? "the server closed its stdout"
                d.issuing = false
            case .wouldBlock:
                now = LoadClock.nowNs
                d.housekeeping(now: now)
                if !d.issuing && d.inFlight == 0 { break loop }
                io.wait(timeoutNs: Int64(bitPattern: d.wakeUp(now: now) &- now))
                now = LoadClock.nowNs
            }
            if d.tally.ended != nil && d.inFlight == 0 { break loop }
        }
        d.tally.invalidLines += UInt64(io.oversizedLines)
        d.tally.clientCPUNs = LoadClock.threadCPUNs - cpuAtStart
        d.publish(now: LoadClock.nowNs, percentile: true)
        return d.tally
    }

    // MARK: Sending

    private mutating func issue(now: UInt64, io: inout PipeIO) {
        guard issuing else { return }
        switch plan.pace {
        case .closed(let n):
            while inFlight < n {
                guard mayIssue(intended: now) else {
                    issuing = false
                    return
                }
                send(intended: now, now: now, io: &io)
            }
        case .open(let interval, _, let maxInFlight):
            while nextIntended <= now && inFlight < maxInFlight {
                guard mayIssue(intended: nextIntended) else {
                    issuing = false
                    return
                }
                send(intended: nextIntended, now: now, io: &io)
                nextIntended += interval
            }
            // The schedule may have ended with nothing due yet.
            if !mayIssue(intended: nextIntended) { issuing = false }
        }
    }

    private func mayIssue(intended: UInt64) -> Bool {
        switch plan.stop {
        case .at(let end): return intended < end
        case .after(let requests): return intended < plan.measureFromNs || measuredIssued < requests
        }
    }

    @inline(__always)
    private mutating func send(intended: UInt64, now: UInt64, io: inout PipeIO) {
        guard let slot = free.popLast() else { return }
        let s = Int(slot)
        let id = seq << slotBits | UInt64(slot)
        seq += 1
        let measured = intended >= plan.measureFromNs
        slotID[s] = id
        slotIntended[s] = intended
        slotSent[s] = now
        slotCall[s] = Int32(cursor)
        slotMeasured[s] = measured
        if measured { measuredIssued += 1 } else { tally.warmupCalls += 1 }
        io.queueRequest(prefix: plan.calls[cursor].prefix, id: id)
        cursor += 1
        if cursor == plan.calls.count { cursor = 0 }
        inFlight += 1
    }

    // MARK: Receiving

    enum Outcome: Equatable { case ok, toolError, rpcError(Int64), timeout, disconnected }

    @inline(__always)
    private mutating func handle(_ p: UnsafePointer<UInt8>, _ n: Int, now: UInt64) {
        let scan = ResponseScanner.scan(p, n)
        switch scan.kind {
        case .result, .error:
            guard scan.id >= 0 else {
                tally.strayResponses += 1
                return
            }
            let id = UInt64(scan.id)
            let slot = Int(id & slotMask)
            guard slot < capacity, slotID[slot] == id else {
                tally.strayResponses += 1
                return
            }
            if scan.kind == .error {
                if slotMeasured[slot] { noteMessage(code: scan.code, call: Int(slotCall[slot]), line: p, n) }
                finish(slot, now: now, .rpcError(scan.code))
            } else {
                finish(slot, now: now, scan.isError ? .toolError : .ok)
            }
        case .request:
            tally.serverRequests += 1
            let line = Array(UnsafeBufferPointer(start: p, count: n))
            if let value = try? JSONParser.parse(line), let id = value["id"] {
                extra.append(PipeIO.reply(to: id, method: value["method"]?.stringValue ?? ""))
            }
        case .notification:
            tally.notifications += 1
        case .invalid:
            if n > 0 { tally.invalidLines += 1 }
        }
    }

    /// The first message of each error code, for the report (a full parse, once per code).
    private mutating func noteMessage(code: Int64, call: Int, line p: UnsafePointer<UInt8>, _ n: Int) {
        guard tally.tools[call].rpcErrorMessages[code] == nil else { return }
        let value = try? JSONParser.parse(Array(UnsafeBufferPointer(start: p, count: n)))
        tally.tools[call].rpcErrorMessages[code] = String((value?["error"]?["message"]?.stringValue ?? "").prefix(300))
    }

    @inline(__always)
    private mutating func finish(_ slot: Int, now nowOrGivenUp: UInt64, _ outcome: Outcome) {
        // A timeout ends when it was given up, however late the sweep found it.
        let now = outcome == .timeout ? slotSent[slot] + plan.timeoutNs : nowOrGivenUp
        slotID[slot] = 0
        free.append(Int32(slot))
        inFlight -= 1
        completed += 1
        guard slotMeasured[slot] else { return }
        let call = Int(slotCall[slot])
        let intended = slotIntended[slot]
        let corrected = now > intended ? now - intended : 0
        tally.tools[call].latency.record(corrected)
        if !closedLoop {
            let sent = slotSent[slot]
            tally.tools[call].uncorrected.record(now > sent ? now - sent : 0)
        }
        if tally.rawLatencies.count < plan.keepRawLatencies { tally.rawLatencies.append(corrected) }
        tally.lastCompletionNs = now
        switch outcome {
        case .ok: tally.tools[call].ok += 1
        case .toolError:
            tally.tools[call].toolErrors += 1
            failed += 1
        case .rpcError(let code):
            tally.tools[call].rpcErrors[code, default: 0] += 1
            failed += 1
        case .timeout:
            tally.tools[call].timeouts += 1
            failed += 1
        case .disconnected:
            tally.tools[call].disconnected += 1
            failed += 1
        }
    }

    // MARK: Time

    /// Timeouts and the progress gauge, a hundred times a second at most.
    private mutating func housekeeping(now: UInt64) {
        expire(now: now)
        publish(now: now, percentile: now >= nextPercentile)
        nextHousekeeping = now + 10_000_000
    }

    private mutating func expire(now: UInt64) {
        guard now >= nextSweep else { return }
        nextSweep = now + sweepInterval
        guard inFlight > 0 else { return }
        for slot in 0..<capacity where slotID[slot] != 0 && now >= slotSent[slot] + plan.timeoutNs {
            let id = slotID[slot]
            finish(slot, now: now, .timeout)
            // Tell the server to stop working on it (MCP cancellation).
            extra.append(
                Array(
                    "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\",\"params\":{\"requestId\":\(id),\"reason\":\"timed out\"}}\n"
                        .utf8))
        }
    }

    /// When the loop must wake without input: the next scheduled call, the next timeout, the gauge.
    private func wakeUp(now: UInt64) -> UInt64 {
        var wake = now + 100_000_000
        // A schedule that is due but has no free slot waits for an answer, not for the clock.
        if issuing, case .open(_, _, let maxInFlight) = plan.pace, inFlight < maxInFlight { wake = min(wake, nextIntended) }
        if issuing, case .at(let end) = plan.stop { wake = min(wake, max(end, now)) }
        if inFlight > 0 { wake = min(wake, nextSweep) }
        return max(wake, now)
    }

    private mutating func disconnectAll(now: UInt64) {
        for slot in 0..<capacity where slotID[slot] != 0 { finish(slot, now: now, .disconnected) }
    }

    private mutating func publish(now: UInt64, percentile: Bool) {
        var p95: Double?
        if percentile {
            var all = LatencyHistogram()
            if tally.tools.count == 1 {
                all = tally.tools[0].latency
            } else {
                for t in tally.tools { all.merge(t.latency) }
            }
            if all.count > 0 { p95 = Double(all.percentileNs(95)) / 1_000_000 }
            nextPercentile = now + 250_000_000
        }
        gauge.publish(completed: completed, failed: failed, p95Ms: p95)
    }
}
