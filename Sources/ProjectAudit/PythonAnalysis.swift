import Foundation
import PreflightCore
import Processes

extension ProjectLoader {
    /// Runs the bundled analyzer with a real Python, so that Python source is understood exactly
    /// as Python parses it. Without a usable Python the Python checks are skipped with the reason.
    func analyzePython(_ project: inout Project, problems: inout [ParseProblem]) async {
        let sources = project.pythonFiles.filter { project.texts[$0] != nil }
        guard !sources.isEmpty else { return }
        guard let interpreter = findPython(root: project.root) else {
            project.pythonUnavailable = "no python3 found on PATH (needed to parse Python source exactly)"
            return
        }
        let scriptDir = FileManager.default.temporaryDirectory.appendingPathComponent("preflight-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: scriptDir) }
        let script = scriptDir.appendingPathComponent("analyzer.py")
        do {
            try FileManager.default.createDirectory(at: scriptDir, withIntermediateDirectories: true)
            try Data(PackageResources.analyzer_py).write(to: script)
        } catch {
            project.pythonUnavailable = "could not write the analyzer script: \(error.localizedDescription)"
            return
        }
        var facts: [PythonFile] = []
        var pythonVersion = ""
        // Chunks keep the argument list well under the OS limit on large trees.
        for chunk in stride(from: 0, to: sources.count, by: 400).map({ Array(sources[$0..<min($0 + 400, sources.count)]) }) {
            let result: CommandResult
            do {
                result = try await CommandRunner.run(
                    interpreter, ["-I", "-S", script.path, project.root] + chunk, timeout: pythonTimeout,
                    outputLimit: 64 << 20)
            } catch {
                project.pythonUnavailable = "\(interpreter) could not be run: \(error)"
                return
            }
            guard result.succeeded, !result.stdoutTruncated else {
                let why =
                    result.timedOut
                    ? "timed out after \(pythonTimeout)"
                    : "exited with \(result.exitCode.map(String.init) ?? "a signal"): \(result.stderrText.suffix(300))"
                project.pythonUnavailable = "the Python analyzer failed (\(why))"
                return
            }
            do {
                let decoded = try JSONDecoder().decode(PythonFacts.self, from: Data(result.stdout))
                facts += decoded.files
                pythonVersion = decoded.python
            } catch {
                project.pythonUnavailable = "the Python analyzer's output could not be read: \(error)"
                return
            }
        }
        for file in facts {
            if let e = file.error {
                problems.append(
                    ParseProblem(
                        path: file.path, line: max(1, e.line), message: "Python \(pythonVersion) cannot parse it: \(e.message)"))
            }
        }
        project.python = PythonFacts(version: 1, python: pythonVersion, files: facts.sorted { $0.path < $1.path })
    }

    func findPython(root: String) -> String? {
        if let python { return CommandRunner.which(python) }
        // Never the project's own virtualenv: a static audit runs nothing of the project.
        return CommandRunner.which("python3") ?? CommandRunner.which("python")
    }
}
