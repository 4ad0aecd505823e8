import Foundation
import PreflightCore
import Processes

/// What a run check needs: the project, how to run tools, and the project's environment, which
/// is installed once (`uv sync --frozen`) and shared by every `uv run` check.
public final class RunContext: Sendable {
    public let project: Project
    public let options: RunOptions
    public let config: PreflightConfig
    let deadline: ContinuousClock.Instant
    private let uvState = UVState()

    init(project: Project, options: RunOptions, config: PreflightConfig) {
        self.project = project
        self.options = options
        self.config = config
        deadline = .now + .milliseconds(Int(options.totalTimeout * 1000))
    }

    func which(_ name: String) -> String? { CommandRunner.which(name, path: options.environment["PATH"]) }

    /// Runs a command in the project folder within `seconds` (and what is left of the global budget).
    func run(_ executable: String, _ arguments: [String], seconds: Double) async -> ToolRun {
        let left = deadline - .now
        guard left > .seconds(1) else {
            return ToolRun(command: ([executable] + arguments).joined(separator: " "), result: nil, failure: .budgetSpent)
        }
        let limit = min(Duration.milliseconds(Int(seconds * 1000)), left)
        var env = options.environment
        env["NO_COLOR"] = "1"
        env["PYTHONDONTWRITEBYTECODE"] = "1"
        let display = ([executable] + arguments).joined(separator: " ")
        do {
            let result = try await CommandRunner.run(
                executable.contains("/") ? executable : (which(executable) ?? executable), arguments, in: project.root,
                environment: env, timeout: limit, outputLimit: 4 << 20)
            return ToolRun(command: display, result: result, failure: nil, limitSeconds: Int(limit / .seconds(1)))
        } catch {
            if case .notFound = error { return ToolRun(command: display, result: nil, failure: .notInstalled) }
            return ToolRun(command: display, result: nil, failure: .launch(error.description))
        }
    }

    /// The project's environment, installed at most once; nil when it is ready, else why not.
    func uvReady() async -> CheckOutput? {
        if let known = await uvState.outcome { return known.output }
        let outcome = await prepareUV()
        await uvState.set(outcome)
        return outcome.output
    }

    private func prepareUV() async -> UVOutcome {
        guard project.exists("pyproject.toml") else { return UVOutcome(.skip("no pyproject.toml: not a uv project")) }
        guard which("uv") != nil else { return UVOutcome(.skip("uv is not installed (https://docs.astral.sh/uv/)")) }
        guard project.exists("uv.lock") else {
            return UVOutcome(.skip("no uv.lock to install from (see config.lockfile): run `uv lock`"))
        }
        let sync = await run("uv", ["sync", "--frozen"], seconds: options.toolTimeout)
        if let skip = sync.skipReason(tool: "uv", network: true) { return UVOutcome(.skip("`uv sync --frozen`: \(skip)")) }
        guard sync.result?.succeeded == true else {
            return UVOutcome(
                .skip(
                    "the project's environment could not be installed (`uv sync --frozen` \(sync.exitDescription)): "
                        + sync.lastLine(options)))
        }
        return UVOutcome(nil)
    }

    /// `uv run --frozen --no-sync TOOL ARGS`: the project's own tool, without touching uv.lock.
    func uvRun(_ tool: String, _ arguments: [String], seconds: Double) async -> ToolRun {
        await run("uv", ["run", "--frozen", "--no-sync", tool] + arguments, seconds: seconds)
    }
}

struct UVOutcome: Sendable {
    var output: CheckOutput?
    init(_ output: CheckOutput?) { self.output = output }
}

actor UVState {
    var outcome: UVOutcome?
    func set(_ value: UVOutcome) { outcome = value }
}
