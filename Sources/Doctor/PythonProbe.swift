import Foundation
import PreflightCore
import Processes
import ProjectAudit

/// For servers run by a Python interpreter directly (`python server.py`, a venv's console script):
/// the interpreter's version against the project's `requires-python`. `uv run` picks its own
/// interpreter and says so itself when it cannot.
struct PythonProbe: Sendable {
    struct Finding: Sendable {
        var interpreter: String
        var version: String
        var requirement: String?
        var pyproject: String?
    }

    let plan: LaunchPlan

    /// The interpreter the plan runs: the program itself, or the one in its shebang.
    func interpreter() -> String? {
        let program = plan.argv[0]
        if Self.isPython(ClientPrograms.name(program)) { return program }
        guard let handle = FileHandle(forReadingAtPath: program) else { return nil }
        defer { try? handle.close() }
        let head = String(decoding: (try? handle.read(upToCount: 256)) ?? Data(), as: UTF8.self)
        guard head.hasPrefix("#!"), let firstLine = head.split(separator: "\n").first else { return nil }
        let words = firstLine.dropFirst(2).split(separator: " ").map(String.init)
        guard let first = words.first else { return nil }
        if ClientPrograms.name(first) == "env" {
            guard let name = words.dropFirst().first(where: { !$0.hasPrefix("-") }), Self.isPython(ClientPrograms.name(name))
            else {
                return nil
            }
            return Executables.which(name, path: plan.searchPath)
        }
        return Self.isPython(ClientPrograms.name(first)) ? first : nil
    }

    static func isPython(_ name: String) -> Bool {
        name.range(of: #"^python(\d+(\.\d+)?)?$"#, options: .regularExpression) != nil
    }

    /// The `pyproject.toml` the server belongs to: above its script, its console script, or its working directory.
    func pyproject() -> String? {
        var starts: [String] = []
        let args = plan.argv.dropFirst()
        if let script = args.first(where: { !$0.hasPrefix("-") && $0.hasSuffix(".py") }) {
            starts.append(script.hasPrefix("/") ? script : (plan.cwd as NSString).appendingPathComponent(script))
        }
        if !Self.isPython(ClientPrograms.name(plan.argv[0])) { starts.append(plan.argv[0]) }
        starts.append(plan.cwd + "/.")
        for start in starts {
            var dir = (start as NSString).deletingLastPathComponent
            for _ in 0..<12 {
                let candidate = (dir as NSString).appendingPathComponent("pyproject.toml")
                if FileManager.default.fileExists(atPath: candidate) { return candidate }
                let parent = (dir as NSString).deletingLastPathComponent
                if parent == dir || dir.isEmpty { break }
                dir = parent
            }
        }
        return nil
    }

    func run() async -> Finding? {
        guard let interpreter = interpreter() else { return nil }
        let result = try? await CommandRunner.run(
            interpreter, ["-c", "import sys; print('%d.%d.%d' % sys.version_info[:3])"], in: plan.cwd,
            environment: plan.environment, timeout: .seconds(20), outputLimit: 4096)
        guard let result, result.succeeded else { return nil }
        let version = result.stdoutText.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !version.isEmpty else { return nil }
        var finding = Finding(interpreter: interpreter, version: version)
        if let path = pyproject(), let text = try? String(contentsOfFile: path, encoding: .utf8),
            let document = try? TOMLDocument.parse(text), let requirement = document["project"]?["requires-python"]?.stringValue
        {
            finding.pyproject = path
            finding.requirement = requirement
        }
        return finding
    }

    /// The diagnosis when the interpreter does not satisfy the project (or is below the MCP SDK's 3.10).
    static func diagnose(_ f: Finding) -> Diagnosis? {
        if let requirement = f.requirement, let pyproject = f.pyproject {
            guard RequiresPython.allows(requirement, version: f.version) == false else { return nil }
            return Diagnosis(
                .pythonTooOld, .fail,
                "\(f.interpreter) is Python \(f.version); the project requires-python = \"\(requirement)\"",
                details: ["from \(pyproject)"],
                fix:
                    "Start the server with an interpreter the project allows: its own `.venv/bin/python` after `uv sync`, or `uv --directory <project> run <entry point>`, which picks one itself."
            )
        }
        guard RequiresPython.allows(">=3.10", version: f.version) == false else { return nil }
        return Diagnosis(
            .pythonTooOld, .warn, "\(f.interpreter) is Python \(f.version); the MCP Python SDK needs 3.10 or newer",
            fix: "Use Python 3.10 to 3.13 (the checklist's production versions).")
    }
}
