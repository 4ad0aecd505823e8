import Foundation
import History
import LiveAudit
import MCPWire
import PreflightCore
import Processes
import ProjectAudit
import Reporters

/// What an audit produced: the report and, when asked for, the transcript. Both are redacted.
public struct AuditOutcome: Sendable {
    public var report: Report
    /// JSONL, one frame per line, when `LiveSettings.recordTranscript` was set and a server ran.
    public var transcript: String?
    /// When the request had history settings: the run's id and the trends.
    public var history: HistoryOutcome?
}

/// A started audit: its progress as it happens, and its outcome at the end.
public struct AuditRun: Sendable {
    public let events: AsyncStream<AuditEvent>
    let task: Task<AuditOutcome, any Error>

    public func outcome() async throws(AuditError) -> AuditOutcome {
        do {
            return try await task.value
        } catch let error as AuditError {
            throw error
        } catch {
            throw .usage("\(error)")
        }
    }

    /// Stops the audit's children and the audit itself.
    public func cancel() { task.cancel() }
}

/// The one entry point of every command that audits: a typed request in, the report out.
public struct Engine: Sendable {
    public init() {}

    /// Ctrl-C or SIGTERM, in any phase, kills every child Preflight started, then exits (130/143).
    /// Commands call it once at start-up; a library user with its own handling may not.
    public static func installInterruptHandlers() { Interrupts.install() }

    /// Before Preflight exits on its own: while Ctrl-C is being handled, the handler exits (130).
    public static func holdIfInterrupted() { Interrupts.holdIfEnding() }

    /// Starts the audit; progress arrives on `events`, which ends when the audit does.
    public func start(_ request: AuditRequest) -> AuditRun {
        let (events, continuation) = AsyncStream<AuditEvent>.makeStream(bufferingPolicy: .bufferingNewest(256))
        let task = Task<AuditOutcome, any Error> {
            defer { continuation.finish() }
            return try await audit(request) { continuation.yield($0) }
        }
        return AuditRun(events: events, task: task)
    }

    public func audit(_ request: AuditRequest, progress: @escaping @Sendable (AuditEvent) -> Void = { _ in })
        async throws(AuditError) -> AuditOutcome
    {
        let started = Date()
        let clock = ContinuousClock.now
        var timings = PhaseClock(progress: progress)
        let config = request.config
        let launch = try request.server.map { server throws(AuditError) in
            try ServerLaunchResolver.resolve(server, projectPath: request.project)
        }
        let http = try request.http.map { endpoint throws(AuditError) in try Self.httpOptions(endpoint, config: config) }
        // Read before this run is recorded: `last` is the run before this one.
        let baseline = try await request.history?.resolveBaseline(.check) ?? .notRequested

        // The commit the run is recorded with, asked while the audit runs.
        async let commit = request.history != nil ? GitCommit.of(request.project ?? ".") : nil

        var project: Project?
        if let path = request.project {
            timings.start(.load)
            let loader = ProjectLoader(python: request.python, extraClientConfigs: request.clientConfigs)
            do {
                project = try await loader.load(path)
            } catch {
                throw .usage(error.description)
            }
            timings.finish(.load)
        }
        let secrets = SecretLedger.collect(project: project).union(
            request.server?.environment.filter { SecretNames.looksSecret($0.key) }.map(\.value) ?? [])
        // The user's HTTP credentials are secrets whatever they look like: the user said so.
        let credentials = Set(http?.credentials.secrets ?? [])

        var results: [CheckResult] = []
        if let project, !request.liveOnly {
            timings.start(.runTools)
            var options = RunOptions(config: config)
            options.secrets = secrets
            let run = await RunAuditor(options: options).run(project, config: config, enabled: request.runTools)
            results += run.results
            timings.finish(.runTools, quietly: !request.runTools)
            timings.start(.staticChecks)
            results += StaticAuditor().run(project, config: config, evidence: run.evidence)
            timings.finish(.staticChecks)
        }

        var metrics: [(String, JSONValue)] = []
        var notices: [String] = []
        var transcript: String?
        if launch != nil || http != nil {
            timings.start(.live)
            let live = await LivePhase(
                launch: launch, http: http, settings: request.live, config: config, project: project,
                progress: { progress(.step(.live, $0)) }
            ).run()
            timings.finish(.live)
            results += live.results
            metrics = live.metrics
            notices = live.notices
            transcript = live.transcript.map { Redaction.scrub($0.jsonl(secrets: secrets), credentials: credentials) }
        } else if project != nil {
            results += LivePhase.notRun(config: config, project: project)
        }

        let target = Target(
            project: request.project, transport: http != nil ? .http : (launch == nil ? nil : .stdio),
            command: request.server?.argv, url: request.http?.url)
        func report(_ checks: [CheckResult]) -> Report {
            Report(
                toolVersion: PreflightVersion.current, target: target, startedAt: Timestamps.iso8601(started),
                durationMs: (ContinuousClock.now - clock).milliseconds, checks: checks, metrics: metrics, config: config,
                phases: timings.recorded, notices: notices)
        }
        // The regression checks judge this run's other results against the baseline's.
        let current = RunRecord(report: report(results), json: "", gitCommit: nil).digest
        results += HistoryRegistry.results(
            current: current, baseline: baseline, config: config, staticRan: project != nil && !request.liveOnly,
            liveRan: launch != nil || http != nil)
        let redacted = report(results).redacted(secrets, credentials: credentials)
        var outcome = AuditOutcome(report: redacted, transcript: transcript)
        if let history = request.history {
            let run = RunRecord(
                report: redacted, json: JSONReporter().render(redacted), gitCommit: await commit,
                baselineRunID: history.baselineRunID(baseline))
            outcome.history = await history.finish(run, kind: .check)
        }
        return outcome
    }
}

extension Engine {
    /// `--url`, `--header`, `--bearer-env` and `[http]` as the live audit takes them. Problems are usage
    /// errors that never repeat a credential's value.
    static func httpOptions(_ endpoint: HTTPEndpoint, config: PreflightConfig) throws(AuditError) -> HTTPOptions {
        let target: HTTPTarget
        do {
            target = try HTTPTarget(endpoint.url)
        } catch {
            throw .usage("--url: \(error.description)")
        }
        var credentials = HTTPCredentials()
        do {
            for line in endpoint.headers { try credentials.addHeader(line) }
            if let variable = endpoint.bearerEnv {
                try credentials.addBearer(fromEnvironment: variable, environment: ProcessInfo.processInfo.environment)
            }
        } catch {
            throw .usage(error.description)
        }
        var options = HTTPOptions(target: target, credentials: credentials)
        options.probeRateLimit = endpoint.probeRateLimit
        options.expectedRatePerSecond = config.http.expectedRatePerSecond
        if let paths = config.http.healthPaths { options.healthPaths = paths }
        return options
    }
}

/// Times each phase and reports its start and end.
struct PhaseClock {
    let progress: @Sendable (AuditEvent) -> Void
    var recorded: [(String, Int)] = []
    private var began: [AuditPhase: ContinuousClock.Instant] = [:]

    init(progress: @escaping @Sendable (AuditEvent) -> Void) { self.progress = progress }

    mutating func start(_ phase: AuditPhase) {
        began[phase] = .now
        progress(.started(phase))
    }

    /// `quietly`: the phase did nothing worth a timing (tools not run), but its listeners hear it ended.
    mutating func finish(_ phase: AuditPhase, quietly: Bool = false) {
        let ms = began[phase].map { (ContinuousClock.now - $0).milliseconds } ?? 0
        if !quietly { recorded.append((phase.rawValue, ms)) }
        progress(.finished(phase, milliseconds: ms))
    }
}

enum Timestamps {
    static func iso8601(_ date: Date) -> String {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime]
        return f.string(from: date)
    }
}
