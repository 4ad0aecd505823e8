import Foundation
import LiveAudit
import MCPWire
import PreflightCore
import ProjectAudit

/// Builds the live audit's options from the command line, the config and the project.
enum LiveWiring {
    static func options(
        argv: [String], cwd: String?, env: [String], timeout: Double, allowTools: [String], allowAll: Bool,
        requireEnv: [String], config: PreflightConfig, project: Project?
    ) throws -> LiveOptions {
        var environment = ProcessInfo.processInfo.environment
        for pair in env {
            guard let eq = pair.firstIndex(of: "="), eq != pair.startIndex else {
                throw UsageError("--env takes NAME=VALUE, got '\(pair)'")
            }
            environment[String(pair[..<eq])] = String(pair[pair.index(after: eq)...])
        }
        if let cwd {
            var isDir: ObjCBool = false
            guard FileManager.default.fileExists(atPath: cwd, isDirectory: &isDir), isDir.boolValue else {
                throw UsageError("--cwd \(cwd): no such directory")
            }
        }
        guard let program = argv.first else { throw UsageError("--server needs a command") }
        var argv = argv
        if program.contains("/") {
            // A relative command is relative to where the user typed it, not to the server's --cwd.
            let resolved =
                program.hasPrefix("/")
                ? program : (FileManager.default.currentDirectoryPath as NSString).appendingPathComponent(program)
            guard FileManager.default.isExecutableFile(atPath: resolved) else {
                throw UsageError("server command not found: \(program)")
            }
            argv[0] = (resolved as NSString).standardizingPath
        } else if StdioServer.which(program, path: environment["PATH"]) == nil {
            throw UsageError("server command not found: \(program)")
        }
        var options = LiveOptions(launch: ServerLaunch(argv: argv, cwd: cwd, environment: environment))
        options.timeout = .milliseconds(Int(timeout * 1000))
        options.allowedTools = Set(allowTools + config.allowedTools)
        options.allowAllTools = allowAll || config.allowAllTools
        options.toolExamples = config.toolExamples
        options.requiredEnv = Array(Set(requireEnv + config.requiredEnv + requiredFromExample(project))).sorted()
        options.secretNames = secretNames(project: project, config: config, required: options.requiredEnv)
        let t = config.thresholds
        if let v = t["load-calls"] { options.loadCallsPerTool = max(1, Int(v)) }
        if let v = t["load-concurrency"] { options.loadConcurrency = max(2, Int(v)) }
        if let v = t["memory-calls"] { options.memoryCalls = max(30, Int(v)) }
        if let v = t["grace-seconds"] { options.graceMs = Int(v * 1000) }
        if let v = t["request-timeout-seconds"] { options.requestTimeout = .milliseconds(Int(v * 1000)) }
        return options
    }

    /// `.env.example` entries without a value are the required ones.
    static func requiredFromExample(_ project: Project?) -> [String] {
        (project?.envExample?.entries ?? []).filter(\.looksRequired).map(\.key)
    }

    /// Variables that get canary values: every secret-named one the project is known to use.
    static func secretNames(project: Project?, config: PreflightConfig, required: [String]) -> [String] {
        var names = Set(required.filter(SecretNames.looksSecret))
        for key in project?.envExample?.keys ?? [] where SecretNames.looksSecret(key) { names.insert(key) }
        for file in project?.serverPythonFiles ?? [] {
            for read in file.envReads ?? [] where SecretNames.looksSecret(read.name) { names.insert(read.name) }
        }
        if names.isEmpty { names = ["API_KEY", "AUTH_TOKEN"] }
        return names.sorted()
    }

    static func metrics(_ facts: LiveFacts, config: PreflightConfig) -> [(String, JSONValue)] {
        var metrics: [(String, JSONValue)] = []
        if let ms = facts.coldStartMs { metrics.append(("coldStartMs", .int(ms))) }
        if facts.handshakeOK {
            let cost = ContextCost(facts)
            var tokens = JSONObjectBuilder()
            tokens.set("tools", cost.tools)
            tokens.set("prompts", cost.prompts)
            tokens.set("resources", cost.resources)
            tokens.set("instructions", cost.instructions)
            tokens.set("total", cost.total)
            tokens.set("window", Int(config.threshold("context-window-tokens", default: 200_000)))
            metrics.append(("contextTokens", tokens.value))
        }
        if !facts.load.isEmpty {
            metrics.append(
                (
                    "latency",
                    .object(
                        facts.load.sorted { $0.tool < $1.tool }.map { s in
                            var o = JSONObjectBuilder()
                            o.set("count", s.count)
                            o.set("p50Ms", .double(s.p50Ms))
                            o.set("p90Ms", .double(s.p90Ms))
                            o.set("p95Ms", .double(s.p95Ms))
                            o.set("p99Ms", .double(s.p99Ms))
                            o.set("maxMs", .double(s.maxMs))
                            o.set("errors", s.errors)
                            o.set("concurrency", s.concurrency)
                            return (s.tool, o.value)
                        })
                ))
        }
        if let m = facts.memory {
            metrics.append(
                (
                    "memory",
                    .object([
                        ("request", .string(m.method)),
                        ("samples", .array(m.samples.map { .object([("calls", .int($0.calls)), ("rssBytes", .int($0.rss))]) })),
                    ])
                ))
        }
        return metrics
    }

    /// Kills every server process group on Ctrl-C or SIGTERM, then exits.
    static func installSignalHandlers() {
        for sig in [SIGINT, SIGTERM] {
            signal(sig, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: sig, queue: .global())
            source.setEventHandler {
                ProcessGroupRegistry.shared.killAll()
                FileHandle.standardError.write(Data("\npreflight: interrupted; server processes stopped\n".utf8))
                exit(130)
            }
            source.resume()
            SignalSources.keep.append(source)
        }
    }
}

/// Signal sources must stay alive for the process lifetime.
enum SignalSources {
    nonisolated(unsafe) static var keep: [any DispatchSourceSignal] = []
}
