import Foundation
import PreflightCore
import Processes

extension ProjectLoader {
    /// The analyzer's files, written next to each other so that `analyzer.py` imports the others.
    static let analyzerFiles: [(name: String, bytes: [UInt8])] = [
        ("analyzer.py", PackageResources.analyzer_py), ("pa_model.py", PackageResources.pa_model_py),
        ("pa_mcp.py", PackageResources.pa_mcp_py), ("pa_facts.py", PackageResources.pa_facts_py),
        ("pa_reach.py", PackageResources.pa_reach_py), ("pa_flow.py", PackageResources.pa_flow_py),
        ("pa_gates.py", PackageResources.pa_gates_py), ("pa_vocab.py", PackageResources.pa_vocab_py),
    ]

    /// What the analyzer gave for a project: its facts, or why the Python checks are skipped.
    struct PythonOutcome: Sendable {
        var facts: PythonFacts?
        var unavailable: String?
        var tooOld: String?
        var problems: [ParseProblem] = []

        func apply(to project: inout Project, problems all: inout [ParseProblem]) {
            if let facts { project.python = facts }
            if let unavailable { project.pythonUnavailable = unavailable }
            if let tooOld { project.pythonTooOld = tooOld }
            all += problems
        }
    }

    /// Runs the bundled analyzer with a real Python that satisfies the project's `requires-python` /
    /// `.python-version`, so that Python source is understood exactly as Python parses it. Without a
    /// usable Python the Python checks are skipped with the reason. Reads only the file list, the texts,
    /// the `pyproject.toml` files and `.python-version`: it runs while the loader parses the other files.
    func analyzePython(_ project: Project) async -> PythonOutcome {
        let sources = project.pythonFiles.filter { project.texts[$0] != nil }
        guard !sources.isEmpty else { return PythonOutcome() }
        let requirement = PythonLocator.requirement(of: project)
        let interpreter: PythonInterpreter
        switch await PythonLocator.locate(explicit: python, requirement: requirement, searchPath: searchPath) {
        case .failure(let reason): return PythonOutcome(unavailable: reason.message)
        case .success(let found): interpreter = found
        }
        // A monorepo's packages are analysed apart, spread over one process per core: each is a project
        // of its own, and the whole-project passes of one process cannot use a second core. Units whose
        // facts are in the cache (nothing they depend on changed) are not analysed again.
        let units = PythonUnitInput.partition(sources, project: project)
        let cache = factsCache
        var parts: [PythonFacts] = []
        var missing: [(unit: PythonUnitInput, key: String?)] = []
        for unit in units {
            let key = cache?.key(unit, interpreter: interpreter, texts: project.texts)
            // An entry that does not read back as this unit's facts is a miss, never a failure.
            if let key, let document = cache?.read(key),
                let facts = try? JSONDecoder().decode(PythonFacts.self, from: Data(document)),
                facts.units.map(\.root) == [unit.root]
            {
                parts.append(facts)
            } else {
                missing.append((unit, key))
            }
        }
        // At most 8: a CI runner may report the host's cores while its quota is two.
        let groups = PythonUnitInput.groups(
            missing.map(\.unit), workers: min(8, ProcessInfo.processInfo.activeProcessorCount))
        let outputs = await withTaskGroup(of: (Int, Result<[UInt8], SkipReason>).self) { group in
            for (i, units) in groups.enumerated() {
                group.addTask {
                    (i, await Self.runAnalyzer(interpreter.executable, root: project.root, units: units, timeout: pythonTimeout))
                }
            }
            var outputs: [Int: Result<[UInt8], SkipReason>] = [:]
            for await (i, output) in group { outputs[i] = output }
            return outputs
        }
        let keys = Dictionary(missing.compactMap { m in m.key.map { (m.unit.root, $0) } }, uniquingKeysWith: { a, _ in a })
        do {
            var stored = false
            for i in groups.indices {
                switch outputs[i] {
                case .failure(let reason): return PythonOutcome(unavailable: reason.message)
                case nil: return PythonOutcome(unavailable: "the Python analyzer gave no output")
                case .success(let output):
                    // One document per unit and line; each is stored under its unit's key.
                    for line in output.split(separator: UInt8(ascii: "\n")) where !line.isEmpty {
                        let facts = try JSONDecoder().decode(PythonFacts.self, from: Data(line))
                        parts.append(facts)
                        if let cache, facts.units.count == 1, let key = keys[facts.units[0].root] {
                            cache.write(Array(line), key: key)
                            stored = true
                        }
                    }
                }
            }
            if stored { cache?.trim() }
        } catch {
            return PythonOutcome(unavailable: "the Python analyzer's output could not be read: \(error)")
        }
        guard let first = parts.first else { return PythonOutcome() }
        let facts = PythonFacts(
            version: first.version, python: first.python, units: parts.flatMap(\.units).sorted { $0.root < $1.root },
            files: parts.flatMap(\.files).sorted { $0.path < $1.path })
        var outcome = PythonOutcome()
        // Syntax errors from a Python older than the project needs are the interpreter's, not the file's.
        let tooOld = requirement.flatMap { PythonLocator.minor(interpreter.version) < $0.minimum ? $0 : nil }
        let unparsed = facts.files.filter { $0.error?.kind == "syntax" }
        if let tooOld, !unparsed.isEmpty {
            outcome.tooOld =
                "needs Python >= \(tooOld.minimum) to parse (\(tooOld.source)); found \(interpreter.version) "
                + "(\(unparsed.count) file\(unparsed.count == 1 ? "" : "s") not parsed, e.g. \(unparsed[0].path)); pass --python"
        }
        for file in facts.files {
            guard let e = file.error, !(tooOld != nil && e.kind == "syntax") else { continue }
            outcome.problems.append(
                ParseProblem(
                    path: file.path, line: max(1, e.line), message: "Python \(facts.python) cannot parse it: \(e.message)"))
        }
        outcome.facts = facts
        return outcome
    }

    /// The analyzer's JSON document for `files` (relative to `root`) as one unit, or why there is none.
    static func runAnalyzer(
        _ executable: String, root: String, files: [String], entries: [String] = [], timeout: Duration
    ) async -> Result<[UInt8], SkipReason> {
        await runAnalyzer(
            executable, root: root, units: [PythonUnitInput(root: "", entries: entries, files: files, bytes: 0)],
            timeout: timeout)
    }

    /// The analyzer's output for `units`, analysed one after the other in one process: one JSON
    /// document per unit and line.
    static func runAnalyzer(
        _ executable: String, root: String, units: [PythonUnitInput], timeout: Duration
    ) async -> Result<[UInt8], SkipReason> {
        let scriptDir: URL
        switch AnalyzerFolder.prepare() {
        case .failure(let reason): return .failure(reason)
        case .success(let folder): scriptDir = folder.url
        }
        defer { AnalyzerFolder.release(scriptDir) }
        // The units go on stdin as JSON, so no argument list limit applies.
        let list: [UInt8]
        do {
            list = Array(try JSONEncoder().encode(units))
        } catch {
            return .failure(SkipReason("could not write the analyzer's file list: \(error)"))
        }
        let script = scriptDir.appendingPathComponent("analyzer.py").path
        let result: CommandResult
        do {
            result = try await CommandRunner.run(
                executable, ["-I", "-S", script, root, "--units"], stdin: list,
                timeout: timeout, outputLimit: 64 << 20)
        } catch {
            return .failure(SkipReason("\(executable) could not be run: \(error)"))
        }
        guard result.succeeded, !result.stdoutTruncated else {
            let why =
                result.timedOut
                ? "timed out after \(timeout)"
                : "exited with \(result.exitCode.map(String.init) ?? "a signal"): \(result.stderrText.suffix(300))"
            return .failure(SkipReason("the Python analyzer failed (\(why))"))
        }
        return .success(result.stdout)
    }
}
