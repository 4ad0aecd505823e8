import Foundation
import PreflightCore
import Processes

/// What the Python analyzer produced for a project: facts, or why there are none.
struct PythonAnalysis: Sendable {
    var facts: PythonFacts?
    var unavailable: String?
    var problems: [ParseProblem] = []

    func apply(to project: inout Project, problems: inout [ParseProblem]) {
        project.python = facts
        project.pythonUnavailable = unavailable
        problems += self.problems
    }
}

extension ProjectLoader {
    /// Files per analyzer process: keeps the argument list well under the OS limit, and gives
    /// several processes to run side by side on a large tree.
    static let pythonChunk = 300

    /// Runs the bundled analyzer with a real Python, so that Python source is understood exactly
    /// as Python parses it. Without a usable Python the Python checks are skipped with the reason.
    /// `sources` are the files whose facts checks read (test files are not: like the YAML, TOML and
    /// JSON under test folders they are not parsed). Chunks run in parallel, one per core.
    func analyzePython(root: String, sources: [String]) async -> PythonAnalysis {
        guard !sources.isEmpty else { return PythonAnalysis() }
        guard let interpreter = findPython(root: root) else {
            return PythonAnalysis(unavailable: "no python3 found on PATH (needed to parse Python source exactly)")
        }
        let scriptDir = FileManager.default.temporaryDirectory.appendingPathComponent("preflight-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: scriptDir) }
        let script = scriptDir.appendingPathComponent("analyzer.py")
        do {
            try FileManager.default.createDirectory(at: scriptDir, withIntermediateDirectories: true)
            try Data(PackageResources.analyzer_py).write(to: script)
        } catch {
            return PythonAnalysis(unavailable: "could not write the analyzer script: \(error.localizedDescription)")
        }
        let server = sources.filter { !ProjectPaths.isTestPath($0) }
        let tests = sources.filter(ProjectPaths.isTestPath)
        let chunks =
            Self.chunks(server, size: Self.pythonChunk)
            + Self.chunks(tests, size: Self.pythonChunk * 2).map { ["--syntax-only"] + $0 }
        let width = max(1, min(ProcessInfo.processInfo.activeProcessorCount, chunks.count))
        let outcomes = await withTaskGroup(of: (Int, Result<PythonFacts, ChunkFailure>).self) { group in
            var next = 0
            var results: [Int: Result<PythonFacts, ChunkFailure>] = [:]
            func start(_ index: Int) {
                let chunk = chunks[index]
                group.addTask { (index, await runChunk(interpreter, script: script.path, root: root, chunk)) }
            }
            while next < width {
                start(next)
                next += 1
            }
            for await (index, outcome) in group {
                results[index] = outcome
                if case .failure = outcome {
                    group.cancelAll()
                } else if next < chunks.count {
                    start(next)
                    next += 1
                }
            }
            return results
        }
        var files: [PythonFile] = []
        var pythonVersion = ""
        for index in chunks.indices {
            switch outcomes[index] {
            case .success(let facts)?:
                files += facts.files
                pythonVersion = facts.python
            case .failure(let failure)?:
                return PythonAnalysis(unavailable: failure.reason)
            case nil:
                return PythonAnalysis(unavailable: "the Python analyzer was interrupted")
            }
        }
        let problems = files.compactMap { file in
            file.error.map {
                ParseProblem(
                    path: file.path, line: max(1, $0.line), message: "Python \(pythonVersion) cannot parse it: \($0.message)")
            }
        }
        return PythonAnalysis(
            facts: PythonFacts(version: 1, python: pythonVersion, files: files.sorted { $0.path < $1.path }), problems: problems)
    }

    struct ChunkFailure: Error { var reason: String }

    func runChunk(_ interpreter: String, script: String, root: String, _ chunk: [String]) async -> Result<
        PythonFacts, ChunkFailure
    > {
        let result: CommandResult
        do {
            result = try await CommandRunner.run(
                interpreter, ["-I", "-S", script, root] + chunk, timeout: pythonTimeout, outputLimit: 64 << 20)
        } catch {
            return .failure(ChunkFailure(reason: "\(interpreter) could not be run: \(error)"))
        }
        guard result.succeeded, !result.stdoutTruncated else {
            let why =
                result.timedOut
                ? "timed out after \(pythonTimeout)"
                : "exited with \(result.exitCode.map(String.init) ?? "a signal"): \(result.stderrText.suffix(300))"
            return .failure(ChunkFailure(reason: "the Python analyzer failed (\(why))"))
        }
        do {
            return .success(try JSONDecoder().decode(PythonFacts.self, from: Data(result.stdout)))
        } catch {
            return .failure(ChunkFailure(reason: "the Python analyzer's output could not be read: \(error)"))
        }
    }

    static func chunks(_ items: [String], size: Int) -> [[String]] {
        stride(from: 0, to: items.count, by: size).map { Array(items[$0..<min($0 + size, items.count)]) }
    }

    func findPython(root: String) -> String? {
        if let python { return CommandRunner.which(python) }
        // Never the project's own virtualenv: a static audit runs nothing of the project.
        return CommandRunner.which("python3") ?? CommandRunner.which("python")
    }
}
