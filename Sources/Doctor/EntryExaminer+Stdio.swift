import Foundation
import PreflightCore

extension EntryExaminer {
    /// Plans the launch as the client would, checks the interpreter, starts the server and reads
    /// what happened. Returns what `--fix` needs to know.
    func examineStdio(_ entry: ClientEntry, into r: inout ServerResult) async -> EntryFixer.Context {
        var context = EntryFixer.Context()
        let plan: LaunchPlan
        switch planner.plan(entry) {
        case .blocked(let diagnoses):
            r.diagnoses = Self.merge(r.diagnoses, diagnoses)
            for d in diagnoses {
                if let found = d.details.first(where: { $0.hasPrefix("found at ") }) {
                    context.programElsewhere = String(found.dropFirst("found at ".count).prefix { $0 != " " })
                }
            }
            return context
        case .ready(let p):
            plan = p
        }
        r.launch = ServerResult.Launch(argv: plan.argv, cwd: plan.cwd, path: plan.searchPath)
        context.plan = plan
        var python: PythonProbe.Finding?
        if let finding = await PythonProbe(plan: plan).run() {
            python = finding
            if let d = PythonProbe.diagnose(finding) { r.diagnoses.append(d) }
        }
        let observed = await StdioAttempt(plan: plan, instance: entry.name, timeout: request.timeout).run()
        r.elapsedMs = observed.elapsedMs
        r.protocolVersion = observed.protocolVersion
        r.serverName = observed.serverName
        r.tools = observed.tools
        context.announcedHTTP = observed.announcedHTTP
        r.diagnoses = Self.merge(r.diagnoses, diagnose(observed, plan: plan, entry: entry, python: python))
        // A too-old interpreter is the likely cause of whatever broke; a server that runs on it anyway works for now.
        for i in r.diagnoses.indices where r.diagnoses[i].cause == .pythonTooOld {
            r.diagnoses[i].level = observed.connected ? .warn : .fail
        }
        return context
    }

    /// Diagnoses from one start: the most specific cause stderr shows, else what the wire showed.
    func diagnose(_ o: StdioObservation, plan: LaunchPlan, entry: ClientEntry, python: PythonProbe.Finding?) -> [Diagnosis] {
        let tail = StderrReading.tail(o.stderrLines)
        let stderrEvidence = tail.isEmpty ? ["stderr: (empty)"] : ["stderr (last \(tail.count) lines):"] + tail.map { "  " + $0 }
        let impurities = o.impurities.prefix(3).map {
            "stdout: \($0.excerpt.isEmpty ? "(blank line)" : $0.excerpt) (\($0.reason))"
        }
        if let failure = o.launchError {
            return [
                Diagnosis(
                    .crashedAtStart, .fail, "the client could not start the program: \(failure)",
                    fix: "Check that `\(plan.command)` is a program this machine can run (right architecture, a valid shebang).")
            ]
        }
        var out: [Diagnosis] = []
        if o.connected {
            if o.impuritiesBeforeAnswer > 0 {
                out.append(
                    Diagnosis(
                        .stdoutNotJSON, .warn,
                        "the server wrote \(o.impuritiesBeforeAnswer) non-JSON-RPC line\(o.impuritiesBeforeAnswer == 1 ? "" : "s") to stdout before the handshake",
                        details: impurities, fix: Self.stdoutFix))
            } else if !o.impurities.isEmpty {
                out.append(
                    Diagnosis(
                        .stdoutNotJSON, .warn, "the server wrote non-JSON-RPC lines to stdout after the handshake",
                        details: impurities, fix: Self.stdoutFix))
            }
            if let failure = o.toolsFailure {
                out.append(
                    Diagnosis(
                        .toolsListFailed, .warn, failure,
                        fix: "tools/list must answer with the tool list; see the server's stderr for the error."))
            }
            return out
        }
        if let url = o.announcedHTTP {
            let mcpURL = EntryFixer.mcpURL(from: url)
            return [
                Diagnosis(
                    .httpServerOnStdio, .fail,
                    "the server started an HTTP server (\(url)) instead of speaking MCP on stdin/stdout",
                    details: stderrEvidence,
                    fix: entry.client.acceptsURLEntries
                        ? "Either run it with the stdio transport (e.g. `mcp.run()` / `transport=\"stdio\"`), or start it yourself and configure `\"type\": \"http\", \"url\": \"\(mcpURL)\"`."
                        : "Run it with the stdio transport (e.g. `mcp.run()` / `transport=\"stdio\"`): Claude Desktop's config starts stdio servers only."
                )
            ]
        }
        if let match = StderrReading.cause(o.stderrLines) {
            out.append(diagnosis(for: match, plan: plan, python: python, evidence: stderrEvidence))
        } else if o.impuritiesBeforeAnswer > 0 || (!o.impurities.isEmpty && o.endedBeforeAnswer == false) {
            out.append(
                Diagnosis(
                    .stdoutNotJSON, .fail,
                    "the server wrote non-JSON-RPC text to stdout and never completed the handshake", details: impurities,
                    fix: Self.stdoutFix))
        } else if o.endedBeforeAnswer {
            let how = o.exit.map(\.description) ?? "exited"
            out.append(
                Diagnosis(
                    .crashedAtStart, .fail, "the server exited before answering initialize (\(how))", details: stderrEvidence,
                    fix: "Read the stderr above; run the command in a terminal from `\(plan.cwd)` to reproduce it."))
        } else if let outcome = o.initialize, case .timedOut(let after) = outcome {
            out.append(
                Diagnosis(
                    .handshakeTimeout, .fail, "no answer to initialize within \(after.milliseconds / 1000) s",
                    details: stderrEvidence,
                    fix:
                        "The server must read JSON-RPC from stdin and answer on stdout. A server that starts slowly (downloads, model loading) needs more time: raise --timeout to tell."
                ))
        } else if let outcome = o.initialize, case .error = outcome {
            out.append(
                Diagnosis(
                    .handshakeError, .fail, "initialize was refused: \(outcome.summary)", details: stderrEvidence,
                    fix: "The server must accept `initialize` for protocol 2025-11-25 (or an earlier one it names)."))
        } else if let verdict = o.discovered, case .incompatible(let supported) = verdict.outcome {
            out.append(
                Diagnosis(
                    .protocolIncompatible, .fail, "the server speaks only \(supported.joined(separator: ", "))",
                    fix: "Use a server release that supports a protocol version clients speak."))
        } else {
            out.append(
                Diagnosis(.crashedAtStart, .fail, "the server did not complete the handshake", details: stderrEvidence, fix: ""))
        }
        return out
    }

    static let stdoutFix =
        "stdout belongs to the protocol: send logs and banners to stderr (`logging.basicConfig(stream=sys.stderr)`, `print(..., file=sys.stderr)`)."

    func diagnosis(for m: StderrReading.Match, plan: LaunchPlan, python: PythonProbe.Finding?, evidence: [String]) -> Diagnosis {
        let program = ClientPrograms.name(plan.argv[0])
        let usesUV = program == "uv" || program == "uvx"
        let project = uvDirectory(plan) ?? plan.cwd
        switch m.cause {
        case .dependenciesMissing:
            let module = m.value.map { "`\($0)`" } ?? "a module"
            let fix =
                usesUV
                ? "Install the project's dependencies: `uv sync` in \(project) (and keep `--directory` pointing at it)."
                : "\(python?.interpreter ?? plan.argv[0]) does not have \(module): point `command` at the project's own environment (`.venv/bin/python` after `uv sync`) or start it with `uv --directory <project> run <entry point>`."
            return Diagnosis(
                .dependenciesMissing, .fail, "\(module) is not installed for the interpreter that runs the server",
                details: evidence, fix: fix)
        case .syntaxError:
            let at = m.location.map { " at \($0)" } ?? ""
            return Diagnosis(
                .syntaxError, .fail, "the server code has a syntax error\(at): \(m.line)", details: evidence,
                fix: "Fix the code at that line (`python -m py_compile <file>` checks it without running anything).")
        case .pythonTooOld:
            var summary = "the Python that runs the server is too old: \(m.line)"
            if let python { summary = "Python \(python.version) (\(python.interpreter)) is too old: \(m.line)" }
            return Diagnosis(
                .pythonTooOld, .fail, summary, details: evidence,
                fix:
                    "Use an interpreter that satisfies requires-python: `uv python install <version>` and `uv run` pick one for the project; a bare `python` is whatever the client's PATH finds first."
            )
        case .scriptNotFound:
            return Diagnosis(
                .scriptNotFound, .fail, "the script does not exist where the server starts (cwd \(plan.cwd)): \(m.line)",
                details: evidence, fix: "Give the script's absolute path.")
        case .commandNotFound:
            return Diagnosis(
                .commandNotFound, .fail, "the interpreter named by the program's first line is not on PATH: \(m.line)",
                details: evidence, fix: "Run the script with an absolute interpreter path as `command`, or fix its `#!` line.")
        case .packageNotFound:
            return Diagnosis(
                .packageNotFound, .fail, "the launcher could not find the package: \(m.line)", details: evidence,
                fix: "Check the package name and version, and that this machine can reach the package index (or has it cached).")
        case .uvFailed:
            var fix = "Read uv's message above."
            if m.value != nil {
                fix =
                    "uv found no such program in the project's environment: run it in the project (`--directory <project>`), run `uv sync`, and check the name against [project.scripts]."
            }
            return Diagnosis(.uvFailed, .fail, "uv stopped before the server started: \(m.line)", details: evidence, fix: fix)
        case .httpServerOnStdio:
            return Diagnosis(
                .httpServerOnStdio, .fail,
                "the server started an HTTP server (\(m.value ?? "")) instead of speaking MCP on stdio",
                details: evidence, fix: "Run it with the stdio transport, or configure its URL.")
        default:
            return Diagnosis(.crashedAtStart, .fail, m.line, details: evidence, fix: "Read the stderr above.")
        }
    }

    /// `uv --directory X ...`: the project uv runs in.
    func uvDirectory(_ plan: LaunchPlan) -> String? {
        let args = Array(plan.argv.dropFirst())
        for (i, a) in args.enumerated() {
            if a == "--directory" || a == "--project", i + 1 < args.count { return args[i + 1] }
            if a.hasPrefix("--directory=") { return String(a.dropFirst("--directory=".count)) }
        }
        return nil
    }

    /// New diagnoses join the list; one that confirms an earlier cause (a missing script behind a
    /// relative path) adds its evidence to it instead of repeating it.
    static func merge(_ existing: [Diagnosis], _ new: [Diagnosis]) -> [Diagnosis] {
        var out = existing
        for d in new {
            if d.cause == .scriptNotFound || d.cause == .relativePath,
                let i = out.firstIndex(where: { $0.cause == .relativePath })
            {
                out[i].details += ["confirmed at start: " + d.summary] + d.details
                continue
            }
            if d.cause == .pythonTooOld, let i = out.firstIndex(where: { $0.cause == .pythonTooOld }) {
                out[i].level = .fail
                out[i].details += d.details
                continue
            }
            out.append(d)
        }
        return out
    }
}
