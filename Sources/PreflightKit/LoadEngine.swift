import Foundation
import History
import LiveAudit
import Load
import MCPWire
import PreflightCore
import Processes

/// A started load: its progress as it happens, and its report at the end.
public struct LoadRun: Sendable {
    public let events: AsyncStream<LoadEvent>
    let task: Task<LoadOutcome, any Error>

    public func report() async throws(AuditError) -> LoadReport { try await outcome().report }

    /// The report and what the history did with it.
    public func outcome() async throws(AuditError) -> LoadOutcome {
        do {
            return try await task.value
        } catch let error as AuditError {
            throw error
        } catch {
            throw .usage("\(error)")
        }
    }

    public func cancel() { task.cancel() }
}

/// A load's report and, with history settings, the run's id and the trends.
public struct LoadOutcome: Sendable {
    public var report: LoadReport
    public var history: HistoryOutcome?
}

/// The entry point of `preflight load`: a typed request in, the report out. The tool is called
/// only as `check` would call it (read-only, or allowed), with the arguments `check` would use.
public struct LoadEngine: Sendable {
    public init() {}

    public func start(_ request: LoadRequest) -> LoadRun {
        let (events, continuation) = AsyncStream<LoadEvent>.makeStream(bufferingPolicy: .bufferingNewest(64))
        let task = Task<LoadOutcome, any Error> {
            defer { continuation.finish() }
            return try await run(request) { continuation.yield($0) }
        }
        return LoadRun(events: events, task: task)
    }

    public func load(_ request: LoadRequest, progress: @escaping @Sendable (LoadEvent) -> Void = { _ in })
        async throws(AuditError)
        -> LoadReport
    {
        try await run(request, progress: progress).report
    }

    /// The load, then the baseline comparison and the record in the history, when asked for.
    public func run(_ request: LoadRequest, progress: @escaping @Sendable (LoadEvent) -> Void = { _ in })
        async throws(AuditError) -> LoadOutcome
    {
        guard !request.tools.isEmpty else { throw .usage("--tool is required: the tool to call") }
        let clock = ContinuousClock.now
        // Read before this run is recorded: `last` is the run before this one.
        let baseline = try await request.history?.resolveBaseline(.load) ?? .notRequested
        let report = try await measure(request, progress: progress)
        guard let history = request.history else { return LoadOutcome(report: report) }
        let folder = request.project ?? "."
        let durationMs = (ContinuousClock.now - clock).milliseconds
        var judged = report
        let digest = RunRecord(load: report, project: request.project, durationMs: durationMs, gitCommit: nil).digest
        if let comparison = Regressions.load(current: digest, baseline: baseline, thresholds: request.config.thresholds) {
            judged = report.compared(comparison)
        }
        let run = RunRecord(
            load: judged, project: folder, durationMs: durationMs, gitCommit: await GitCommit.of(folder),
            baselineRunID: history.baselineRunID(baseline))
        return LoadOutcome(report: judged, history: await history.finish(run, kind: .load))
    }

    func measure(_ request: LoadRequest, progress: @escaping @Sendable (LoadEvent) -> Void) async throws(AuditError)
        -> LoadReport
    {
        let t = request.config.thresholds
        let thresholds =
            request.thresholds
            ?? LoadThreshold.defaults(p95Ms: t.p95Ms, p99Ms: t.p99Ms, errorRatePercent: t.errorRatePercent)
        let policy = ToolPolicy(
            allowed: Set(request.allowedTools + request.config.allowedTools),
            allowAll: request.allowAllTools || request.config.allowAllTools)
        let tools = request.tools
        let examples = request.config.toolExamples
        let choose: LoadRunner.Chooser = { facts in Self.choose(tools, facts: facts, policy: policy, examples: examples) }
        let launch = try request.server.map { server throws(AuditError) in
            try ServerLaunchResolver.resolve(server, projectPath: request.project)
        }
        let started = Date()
        let measured: (LoadResult, LoadTargetInfo)
        var secrets = launch.map { Self.secrets($0.environment) } ?? []
        if let endpoint = request.http {
            let http = try Engine.httpOptions(endpoint, config: request.config)
            secrets += http.credentials.secrets
            measured = try await HTTPLoad(
                target: http.target, credentials: http.credentials, launch: launch, shape: request.shape
            ).run(choose: choose, progress: progress)
        } else {
            guard let launch else { throw .usage("the server to load: --server \"CMD\" or --url URL") }
            let transport = StdioLoadTransport(launch: launch, protocolVersion: LiveOptions.latestRevision)
            do {
                let result = try await LoadRunner.run(
                    transport, shape: request.shape, choose: choose, step: { progress(.step($0)) },
                    progress: { progress(.progress($0)) })
                measured = (result, transport.target)
            } catch {
                throw .usage(error.description)
            }
        }
        let context = LoadReport.Context(
            preflightVersion: PreflightVersion.current, startedAt: Timestamps.iso8601(started), target: measured.1,
            shape: request.shape, thresholds: thresholds)
        return LoadReport(measured.0, context: context).redacted(secrets)
    }

    /// The calls, from the first instance's listing: each tool must exist and be callable.
    static func choose(
        _ tools: [ToolLoad], facts: ServerFacts, policy: ToolPolicy, examples: [String: JSONValue]
    ) -> Result<[PreparedCall], LoadFailure> {
        var calls: [PreparedCall] = []
        for wanted in tools {
            guard let tool = facts.tool(named: wanted.name) else {
                let names = facts.toolNames
                let listed = names.isEmpty ? "it lists no tools" : "it lists: " + names.prefix(20).joined(separator: ", ")
                return .failure(
                    LoadFailure("the server has no tool '\(wanted.name)'\(Spelling.hint(wanted.name, names)); \(listed)"))
            }
            guard policy.mayCall(tool) else {
                return .failure(
                    LoadFailure(
                        "tool '\(wanted.name)' may change the world (\(policy.reason(tool))): load it only if that is safe, with --allow-tool \(wanted.name) or [tools] allow in preflight.toml"
                    ))
            }
            let arguments: JSONValue
            let source: String
            if let given = wanted.arguments {
                (arguments, source) = (given, "--args")
            } else {
                // As check: the configured example, completed from the schema where it is partial.
                let example = examples[wanted.name]
                arguments = ToolArguments.valid(tool: tool, examples: example).arguments
                source = example == nil ? "schema" : "[tools.examples.\(wanted.name)]"
            }
            calls.append(.tool(wanted.name, arguments: arguments, source: source))
        }
        return .success(calls)
    }

    /// Values of secret-named variables the server runs with: never in the report.
    static func secrets(_ environment: [String: String]) -> [String] {
        environment.filter { SecretNames.looksSecret($0.key) }.map(\.value)
    }
}
