import ArgumentParser
import Foundation
import Load
import PreflightCore
import PreflightKit
import Reporters

struct LoadCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "load",
        abstract:
            "Load an MCP server's tool over stdio or HTTP: latency percentiles, throughput, errors, the server's memory and CPU.")

    enum Format: String, CaseIterable, ExpressibleByArgument { case text, json, html }

    @Option(
        name: .long,
        help:
            "Run this server command (shell-like quoting): over stdio, or with --url the HTTP server to start. Or argv after `--`."
    )
    var server: String?

    @Option(
        name: .long,
        help:
            "Load the MCP server at this URL over Streamable HTTP (either era). With --server, start it first and stop it after.")
    var url: String?

    @Option(name: .long, help: "`Name: value` header for every HTTP request (a credential: never printed or stored). Repeatable.")
    var header: [String] = []

    @Option(name: .customLong("bearer-env"), help: "Send `Authorization: Bearer` with the value of this environment variable.")
    var bearerEnv: String?

    @Option(name: .long, help: "The tool to call. Repeat for several, called in turn.")
    var tool: [String] = []

    @Option(name: .long, help: "The arguments, a JSON object; pairs with --tool in order (default: as `check` calls it).")
    var args: [String] = []

    @Option(
        name: .long, help: "Closed loop: calls in flight at all times (default 10). With --rate: at most this many in flight.")
    var concurrency: Int?

    @Option(name: .long, help: "Open loop: calls per second whatever the answers; latency from each call's intended start.")
    var rate: Double?

    @Option(name: .long, help: "Seconds of measured load (default 10).")
    var duration: Double?

    @Option(name: .long, help: "Measured calls to make, instead of --duration.")
    var requests: Int?

    @Option(name: .long, help: "Seconds of calls before the measured load, not measured.")
    var warmup: Double = 0

    @Option(
        name: .long,
        help: "Clients, each with its own server process (stdio) or its own connections and session (HTTP); figures are merged.")
    var instances: Int = 1

    @Option(
        name: .long,
        help:
            "Pass/fail in k6 syntax: p(95)<100, avg<50, rate<0.001 (error rate), throughput>1000. Repeatable (default: the checklist's)."
    )
    var threshold: [String] = []

    @Option(name: .long, help: "text, json (docs/load-json.md) or html (one self-contained page with charts).")
    var format: Format = .text

    @Option(name: .long, help: "Write the report to this file instead of stdout.")
    var output: String?

    @Option(name: .long, help: "Seconds a call may take before it counts as a timeout.")
    var timeout: Double = 10

    @Option(name: .long, help: "Configuration file (default: preflight.toml in the current folder, when present).")
    var config: String?

    @Option(name: .long, help: "Working directory of the server.")
    var cwd: String?

    @Option(name: .long, help: "NAME=VALUE for the server's environment. Repeatable.")
    var env: [String] = []

    @Option(name: .customLong("allow-tool"), help: "Allow loading this tool although it is not annotated read-only. Repeatable.")
    var allowTool: [String] = []

    @Flag(name: .customLong("allow-all-tools"), help: "Allow loading any tool, including ones that may change the world.")
    var allowAllTools = false

    @Flag(name: .long, help: "No colour in text output (NO_COLOR is honoured too).")
    var noColor = false

    @OptionGroup var history: HistoryOptions

    @Argument(parsing: .postTerminator, help: "The server's argv, after `--` (instead of --server).")
    var serverArgv: [String] = []

    func run() async throws {
        var request = try makeRequest()
        request.history = try history.settings(project: nil)
        request.history?.readTrends = format == .html
        let run = LoadEngine().start(request)
        let bar = Task { await LoadProgressBar.show(run.events) }
        let outcome = try await run.outcome()
        let report = outcome.report
        await bar.value
        if let warning = outcome.history?.warning { HistoryOptions.warn(warning) }
        let color =
            output == nil && !noColor && isatty(1) == 1
            && (ProcessInfo.processInfo.environment["NO_COLOR"].map(\.isEmpty) ?? true)
        let rendered: String
        switch format {
        case .json: rendered = report.json()
        case .text: rendered = LoadTextRenderer.render(report, color: color)
        case .html:
            rendered = LoadHTMLRenderer(charts: ReportCharts.load(report, trends: outcome.history?.trends)).render(report)
        }
        if let output { try Output.write(rendered, to: output) } else { FileHandle.standardOutput.write(Data(rendered.utf8)) }
        if !report.passed { throw ExitCode(1) }
    }

    func makeRequest() throws -> LoadRequest {
        let argv = try serverCommand()
        if url == nil, !header.isEmpty || bearerEnv != nil { throw UsageError("--header and --bearer-env go with --url") }
        guard !tool.isEmpty else { throw UsageError("--tool is required: the tool to call") }
        guard args.count <= tool.count else {
            throw UsageError("\(args.count) --args for \(tool.count) --tool: give a --tool for each --args")
        }
        let arguments = try args.map { text -> JSONValue in
            guard let value = try? JSONParser.parse(text), value.objectValue != nil else {
                throw UsageError("--args must be a JSON object, got: \(text.prefix(80))")
            }
            return value
        }
        let tools = tool.enumerated().map { i, name in ToolLoad(name: name, arguments: i < arguments.count ? arguments[i] : nil) }
        let pace: LoadShape.Pace
        if let rate {
            guard rate > 0, rate.isFinite else { throw UsageError("--rate must be a positive number of calls a second") }
            pace = .open(ratePerSecond: rate, maxInFlight: concurrency)
        } else {
            pace = .closed(concurrency: concurrency ?? 10)
        }
        if let concurrency, concurrency < 1 { throw UsageError("--concurrency must be at least 1") }
        let stop: LoadShape.Stop
        switch (duration, requests) {
        case (.some, .some): throw UsageError("give --duration or --requests, not both")
        case (_, .some(let n)):
            guard n >= 1 else { throw UsageError("--requests must be at least 1") }
            stop = .requests(n)
        case (let d, nil):
            let seconds = d ?? 10
            guard seconds > 0, seconds.isFinite else { throw UsageError("--duration must be a positive number of seconds") }
            stop = .duration(Self.duration(seconds))
        }
        guard warmup >= 0, warmup.isFinite else { throw UsageError("--warmup cannot be negative") }
        guard timeout > 0, timeout.isFinite else { throw UsageError("--timeout must be positive") }
        guard instances >= 1 else { throw UsageError("--instances must be at least 1") }
        var shape = LoadShape(pace: pace, stop: stop)
        shape.warmup = Self.duration(warmup)
        shape.instances = instances
        shape.timeout = Self.duration(timeout)
        // A cold start (`uv run` resolving, imports) may take longer than a call.
        shape.prepareTimeout = max(.seconds(30), shape.timeout)
        var thresholds: [LoadThreshold]?
        if !threshold.isEmpty {
            thresholds = try threshold.map { text in
                do throws(LoadFailure) { return try LoadThreshold.parse(text) } catch { throw UsageError(error.description) }
            }
        }
        let loaded = try ConfigLoader.load(explicit: config, projectPath: ".")
        let server = try argv.map { ServerCommand(argv: $0, cwd: cwd, environment: try ServerCommand.environment(env)) }
        if server == nil, cwd != nil || !env.isEmpty { throw UsageError("--cwd and --env go with --server") }
        var request = LoadRequest(
            server: server, http: url.map { HTTPEndpoint(url: $0, headers: header, bearerEnv: bearerEnv) }, tools: tools,
            shape: shape, config: loaded)
        request.thresholds = thresholds
        request.allowedTools = allowTool
        request.allowAllTools = allowAllTools
        return request
    }

    static func duration(_ seconds: Double) -> Duration { .nanoseconds(Int64((seconds * 1e9).rounded())) }

    /// The server to start; nil with `--url` alone (a server already running).
    func serverCommand() throws -> [String]? {
        if let server {
            guard serverArgv.isEmpty else { throw UsageError("give the server either with --server or after --, not both") }
            let argv = ServerCommand.words(server)
            guard !argv.isEmpty else { throw UsageError("--server needs a command") }
            return argv
        }
        if serverArgv.isEmpty, url != nil { return nil }
        guard !serverArgv.isEmpty else {
            throw UsageError("the server to load: --server \"CMD\", -- CMD ARGS, or --url URL")
        }
        return serverArgv
    }
}

/// A progress bar with live throughput and p95 on stderr, only when stderr is a terminal.
enum LoadProgressBar {
    static func show(_ events: AsyncStream<LoadEvent>) async {
        let tty = isatty(2) == 1
        var drawn = false
        for await event in events where tty {
            switch event {
            case .step(let step):
                FileHandle.standardError.write(Data("\r\u{1B}[2K[preflight] \(step)…".utf8))
                drawn = true
            case .progress(let p):
                FileHandle.standardError.write(Data(("\r\u{1B}[2K" + line(p)).utf8))
                drawn = true
            }
        }
        if drawn { FileHandle.standardError.write(Data("\r\u{1B}[2K".utf8)) }
    }

    static func line(_ p: LoadProgress) -> String {
        let width = 24
        let filled = Int((p.fraction * Double(width)).rounded(.down))
        let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: max(0, width - filled))
        let rate = LoadTextRenderer.rate(p.throughputPerSecond)
        let p95 = LoadTextRenderer.ms(p.p95Ms)
        return
            "[preflight] \(p.phase.rawValue) ▕\(bar)▏ \(Int(p.fraction * 100))%  \(rate) calls/s  p95 \(p95) ms  errors \(p.failed)"
    }
}
