import Foundation
import PreflightCore

extension LoadReport {
    /// What the command line adds to a run's measurements to make a report.
    public struct Context: Sendable {
        public var preflightVersion: String
        public var startedAt: String
        public var target: LoadTargetInfo
        public var shape: LoadShape
        public var thresholds: [LoadThreshold]

        public init(
            preflightVersion: String, startedAt: String, target: LoadTargetInfo, shape: LoadShape, thresholds: [LoadThreshold]
        ) {
            self.preflightVersion = preflightVersion
            self.startedAt = startedAt
            self.target = target
            self.shape = shape
            self.thresholds = thresholds
        }
    }

    public init(_ result: LoadResult, context: Context) {
        let open: Bool
        if case .open = context.shape.pace { open = true } else { open = false }
        let seconds = Double(result.endNs &- result.measuredFromNs) / 1e9
        var perTool = Array(repeating: CallTally(), count: result.calls.count)
        for tally in result.tallies {
            for (i, t) in tally.tools.enumerated() where i < perTool.count { perTool[i].merge(t) }
        }
        var all = CallTally()
        for t in perTool { all.merge(t) }
        let overall = Self.stats(all, name: nil, throughput: Self.rate(all.calls, seconds), open: open)
        let tools = zip(result.calls, perTool).map { call, t in
            Self.stats(t, name: call.label, throughput: Self.rate(t.calls, seconds), open: open)
        }
        self.init(
            preflightVersion: context.preflightVersion, startedAt: context.startedAt, target: context.target,
            server: LoadServerInfo(
                name: result.server.serverName, version: result.server.serverVersion,
                protocolVersion: result.server.protocolVersion),
            settings: LoadSettings(
                context.shape,
                calls: result.calls.map {
                    CallSettings(tool: $0.label, arguments: $0.params["arguments"] ?? .null, argumentsSource: $0.source)
                }), durationSeconds: seconds, overall: overall, tools: tools,
            resources: Self.usage(result.readings, instances: result.tallies.count),
            client: ClientCounters(
                strayResponses: result.tallies.reduce(0) { $0 + $1.strayResponses },
                invalidLines: result.tallies.reduce(0) { $0 + $1.invalidLines },
                notifications: result.tallies.reduce(0) { $0 + $1.notifications },
                serverRequests: result.tallies.reduce(0) { $0 + $1.serverRequests },
                warmupCalls: result.tallies.reduce(0) { $0 + $1.warmupCalls },
                cpuSeconds: Double(result.tallies.reduce(0) { $0 + $1.clientCPUNs }) / 1e9,
                cpuMicrosecondsPerCall: Self.perCall(result.tallies)),
            thresholds: context.thresholds.map { $0.evaluate(overall, histogram: all.latency) },
            ended: result.tallies.enumerated().compactMap { i, t in
                t.ended.map { result.tallies.count > 1 ? "instance \(i + 1): \($0)" : $0 }
            })
    }

    static func rate(_ calls: UInt64, _ seconds: Double) -> Double { seconds > 0 ? Double(calls) / seconds : 0 }

    static func perCall(_ tallies: [InstanceTally]) -> Double {
        let calls = tallies.reduce(0) { $0 + $1.warmupCalls + $1.tools.reduce(0) { $0 + $1.calls } }
        let ns = tallies.reduce(0) { $0 + $1.clientCPUNs }
        return calls > 0 ? (Double(ns) / Double(calls) / 1000 * 1000).rounded() / 1000 : 0
    }

    static func stats(_ t: CallTally, name: String?, throughput: Double, open: Bool) -> LoadStats {
        let calls = t.calls
        return LoadStats(
            name: name, calls: calls, ok: t.ok, successRatio: calls == 0 ? 1 : Double(t.ok) / Double(calls),
            errorRate: calls == 0 ? 0 : Double(t.failures) / Double(calls), throughputPerSecond: throughput,
            latencyMs: t.latency.summary, uncorrectedLatencyMs: open ? t.uncorrected.summary : nil,
            errors: ErrorBreakdown(
                total: t.failures, isError: t.toolErrors, timeout: t.timeouts, disconnected: t.disconnected,
                jsonrpc: t.rpcErrors.sorted { $0.key < $1.key }.map {
                    RPCErrorCount(code: $0.key, count: $0.value, message: t.rpcErrorMessages[$0.key] ?? "")
                },
                http: t.httpErrors.isEmpty
                    ? nil
                    : t.httpErrors.sorted { $0.key < $1.key }.map {
                        HTTPErrorCount(status: $0.key, count: $0.value, reason: t.httpErrorReasons[$0.key] ?? "")
                    }),
            histogram: HistogramCodec.encode(t.latency), uncorrectedHistogram: open ? HistogramCodec.encode(t.uncorrected) : nil,
            latencySumNs: t.latency.sumNs)
    }

    static func usage(_ readings: [TimedReading], instances: Int) -> ResourceUsage {
        let sorted = readings.sorted { ($0.tMs, $0.instance) < ($1.tMs, $1.instance) }
        let summaries = (0..<instances).compactMap { i -> InstanceUsage? in
            let mine = sorted.filter { $0.instance == i }
            guard let first = mine.first, let last = mine.last else { return nil }
            let seconds = (last.tMs - first.tMs) / 1000
            let cpu = max(0, last.reading.cpuSeconds - first.reading.cpuSeconds)
            return InstanceUsage(
                instance: i, rssStartBytes: first.reading.rssBytes, rssEndBytes: last.reading.rssBytes,
                rssPeakBytes: mine.map(\.reading.rssBytes).max() ?? 0, cpuSeconds: cpu,
                cpuPercent: seconds > 0 ? cpu / seconds * 100 : 0)
        }
        return ResourceUsage(
            instances: summaries,
            samples: sorted.map {
                ResourceSample(
                    instance: $0.instance, tMs: ($0.tMs * 1000).rounded() / 1000, rssBytes: $0.reading.rssBytes,
                    cpuSeconds: $0.reading.cpuSeconds, processes: $0.reading.processes)
            })
    }

    /// Server and user text rewritten: error messages, why instances ended, tool arguments.
    public func redacted(_ secrets: some Collection<String>) -> LoadReport {
        guard !secrets.isEmpty else { return self }
        var r = self
        func scrub(_ s: inout LoadStats) {
            for i in s.errors.jsonrpc.indices {
                s.errors.jsonrpc[i].message = Redaction.scrub(s.errors.jsonrpc[i].message, secrets: secrets)
            }
            if var http = s.errors.http {
                for i in http.indices { http[i].reason = Redaction.scrub(http[i].reason, secrets: secrets) }
                s.errors.http = http
            }
        }
        scrub(&r.overall)
        for i in r.tools.indices { scrub(&r.tools[i]) }
        r.ended = r.ended.map { Redaction.scrub($0, secrets: secrets) }
        for i in r.settings.calls.indices {
            r.settings.calls[i].arguments = RawJSON(Redaction.scrub(r.settings.calls[i].arguments.value, secrets: secrets))
        }
        r.target.command = r.target.command.map { $0.map { Redaction.scrub($0, secrets: secrets) } }
        r.target.url = r.target.url.map { Redaction.scrub($0, secrets: secrets) }
        return r
    }
}

extension LoadSettings {
    init(_ shape: LoadShape, calls: [CallSettings]) {
        switch shape.pace {
        case .closed(let n):
            mode = "closed"
            concurrency = n
            ratePerSecond = nil
        case .open(let rate, let maxInFlight):
            mode = "open"
            concurrency = maxInFlight
            ratePerSecond = rate
        }
        switch shape.stop {
        case .duration(let d):
            durationSeconds = d.seconds
            requests = nil
        case .requests(let n):
            durationSeconds = nil
            requests = n
        }
        warmupSeconds = shape.warmup.seconds
        instances = shape.instances
        timeoutSeconds = shape.timeout.seconds
        self.calls = calls
    }
}

extension Duration {
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}
