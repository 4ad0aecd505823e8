import Foundation

extension LoadReport {
    /// Several runs against the same server at the same time (from several machines) as one:
    /// histograms merged bucket by bucket, so the percentiles are those of all calls together;
    /// counts and throughputs add up; min, max and mean stay exact. Tools merge by name. The
    /// thresholds are evaluated again: `thresholds`, or else the first report's expressions.
    public static func merge(_ reports: [LoadReport], thresholds: [LoadThreshold]? = nil) throws(LoadFailure) -> LoadReport {
        guard var merged = reports.first else { throw LoadFailure("nothing to merge") }
        guard reports.allSatisfy({ $0.schemaVersion == merged.schemaVersion }) else {
            throw LoadFailure("reports of different schema versions do not merge")
        }
        let open = reports.contains { $0.settings.mode == "open" }
        var names: [String] = []
        var tools: [String: (tally: CallTally, throughput: Double)] = [:]
        var all = CallTally()
        var overallThroughput = 0.0
        for report in reports {
            all.merge(try CallTally(report.overall))
            overallThroughput += report.overall.throughputPerSecond
            for stats in report.tools {
                let name = stats.name ?? ""
                if tools[name] == nil { names.append(name) }
                var entry = tools[name] ?? (CallTally(), 0)
                entry.tally.merge(try CallTally(stats))
                entry.throughput += stats.throughputPerSecond
                tools[name] = entry
            }
        }
        merged.overall = stats(all, name: nil, throughput: overallThroughput, open: open)
        merged.tools = names.compactMap { name in
            tools[name].map { stats($0.tally, name: name, throughput: $0.throughput, open: open) }
        }
        merged.durationSeconds = reports.map(\.durationSeconds).max() ?? 0
        merged.startedAt = reports.map(\.startedAt).min() ?? merged.startedAt
        merged.settings.instances = reports.reduce(0) { $0 + $1.settings.instances }
        var instanceOffset = 0
        var usage = ResourceUsage(instances: [], samples: [])
        for report in reports {
            usage.instances += report.resources.instances.map {
                var u = $0; u.instance += instanceOffset; return u
            }
            usage.samples += report.resources.samples.map {
                var s = $0; s.instance += instanceOffset; return s
            }
            instanceOffset += report.settings.instances
        }
        usage.samples.sort { ($0.tMs, $0.instance) < ($1.tMs, $1.instance) }
        merged.resources = usage
        merged.client = ClientCounters(
            strayResponses: reports.reduce(0) { $0 + $1.client.strayResponses },
            invalidLines: reports.reduce(0) { $0 + $1.client.invalidLines },
            notifications: reports.reduce(0) { $0 + $1.client.notifications },
            serverRequests: reports.reduce(0) { $0 + $1.client.serverRequests },
            warmupCalls: reports.reduce(0) { $0 + $1.client.warmupCalls },
            cpuSeconds: reports.reduce(0) { $0 + $1.client.cpuSeconds },
            cpuMicrosecondsPerCall: Self.weightedPerCall(reports))
        merged.ended = reports.flatMap(\.ended)
        var rules = thresholds ?? []
        if thresholds == nil {
            for r in merged.thresholds { rules.append(try LoadThreshold.parse(r.expression)) }
        }
        merged.thresholds = rules.map { $0.evaluate(merged.overall, histogram: all.latency) }
        merged.passed = merged.ended.isEmpty && merged.thresholds.allSatisfy(\.passed)
        return merged
    }
}

extension LoadReport {
    static func weightedPerCall(_ reports: [LoadReport]) -> Double {
        let calls = reports.reduce(0.0) { $0 + Double($1.overall.calls + $1.client.warmupCalls) }
        let micros = reports.reduce(0.0) { $0 + $1.client.cpuSeconds * 1e6 }
        return calls > 0 ? (micros / calls * 1000).rounded() / 1000 : 0
    }
}

extension CallTally {
    /// Back from a report's figures: histograms decoded, the exact extremes and sum restored.
    init(_ stats: LoadStats) throws(LoadFailure) {
        self.init()
        do {
            latency = try HistogramCodec.decode(stats.histogram)
            if let u = stats.uncorrectedHistogram { uncorrected = try HistogramCodec.decode(u) }
        } catch {
            throw LoadFailure("\(stats.name.map { "tool \($0): " } ?? "")histogram: \(error.description)")
        }
        latency.restoreExact(
            minNs: UInt64((stats.latencyMs.min * 1e6).rounded()), maxNs: UInt64((stats.latencyMs.max * 1e6).rounded()),
            sumNs: stats.latencySumNs)
        if let u = stats.uncorrectedLatencyMs {
            uncorrected.restoreExact(
                minNs: UInt64((u.min * 1e6).rounded()), maxNs: UInt64((u.max * 1e6).rounded()),
                sumNs: u.mean * 1e6 * Double(uncorrected.count))
        }
        ok = stats.ok
        toolErrors = stats.errors.isError
        timeouts = stats.errors.timeout
        disconnected = stats.errors.disconnected
        for e in stats.errors.jsonrpc {
            rpcErrors[e.code, default: 0] += e.count
            if !e.message.isEmpty { rpcErrorMessages[e.code] = e.message }
        }
        for e in stats.errors.http ?? [] {
            httpErrors[e.status, default: 0] += e.count
            if !e.reason.isEmpty { httpErrorReasons[e.status] = e.reason }
        }
    }
}
