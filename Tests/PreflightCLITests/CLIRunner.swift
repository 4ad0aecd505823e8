import Foundation
import TestSupport

/// Runs the built `preflight` binary as a user would, with a deadline.
struct CLIResult {
    var exitCode: Int32
    var stdout: String
    var stderr: String
}

enum CLI {
    static let repoRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let fixtures = repoRoot.appendingPathComponent("Tests/Fixtures")

    /// The binary next to the test bundle (same build folder), falling back to `.build/debug`.
    static var binary: String {
        let candidates = [
            URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("preflight").path,
            Bundle.main.bundleURL.appendingPathComponent("preflight").path,
            Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent("preflight").path,
            repoRoot.appendingPathComponent(".build/debug/preflight").path,
        ]
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) } ?? candidates[candidates.count - 1]
    }

    static func run(_ arguments: [String], cwd: URL? = nil, environment: [String: String]? = nil, timeout: TimeInterval = 120)
        async throws -> CLIResult
    {
        var env = environment ?? ProcessInfo.processInfo.environment
        env["NO_COLOR"] = "1"
        // No history beside fixtures and the repository unless a test asks for it (an empty value: the default).
        if env["PREFLIGHT_HISTORY"] == nil { env["PREFLIGHT_HISTORY"] = "off" }
        let result = try await Spawn.runDetached([binary] + arguments, cwd: cwd?.path, environment: env, timeout: timeout)
        if result.timedOut { throw CLIError.timedOut(arguments) }
        return CLIResult(
            exitCode: result.status, stdout: String(decoding: result.stdout, as: UTF8.self),
            stderr: String(decoding: result.stderr, as: UTF8.self))
    }

    enum CLIError: Error { case timedOut([String]) }

    /// A scratch folder, removed by the caller.
    static func scratch(_ files: [String: Data]) throws -> URL {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("preflight-cli-\(UUID().uuidString)")
        for (path, data) in files {
            let url = root.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try data.write(to: url)
        }
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        return root
    }

    static func json(_ text: String) throws -> [String: Any] {
        guard let object = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] else {
            throw CocoaError(.coderReadCorrupt)
        }
        return object
    }

    static func checks(_ report: [String: Any]) -> [[String: Any]] { report["checks"] as? [[String: Any]] ?? [] }

    static func check(_ report: [String: Any], _ id: String) -> [String: Any]? {
        checks(report).first { $0["id"] as? String == id }
    }
}
