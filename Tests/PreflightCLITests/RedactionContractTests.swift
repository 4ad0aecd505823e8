import Foundation
import Testing

/// Redaction must not touch the report's own words. A project whose "secrets" are common words
/// (placeholder passwords `pass`, `test`, `admin`, secret-named variables set to `status`,
/// `summary`, check ids) gives, in every format, exactly the report of the same project without
/// those values; and a real secret in it is redacted everywhere.
@Suite struct RedactionContractTests {
    static let words = [
        "pass", "test", "admin", "status", "passed", "fail", "skip", "warn", "error", "summary", "severity",
        "remediation", "security", "docker.non-root-user", "security.hardcoded-secret", "code.tests-pass",
        // A file name: findings located in `src/srv/workspace_project_index.py` keep their path.
        "workspace_project_index",
    ]
    static let formats = ["text", "json", "sarif", "junit", "markdown"]

    /// The same project twice: with common words as secret values, and with those values absent.
    static func project(withWords: Bool, secret: String) -> [String: Data] {
        let w = { (word: String) in withWords ? word : "" }
        var env = ""
        for (i, word) in words.enumerated() { env += "SERVICE_\(i)_PASSWORD=\(w(word))\n" }
        let files: [String: String] = [
            "pyproject.toml": """
            [project]
            name = "srv"
            version = "0.1.0"
            requires-python = ">=3.10"
            dependencies = ["mcp>=1.9,<2"]
            [project.scripts]
            srv = "srv.server:main"
            """,
            "src/srv/server.py": """
            import logging
            import os
            import sys

            from mcp.server.fastmcp import FastMCP

            from srv.workspace_project_index import show

            logging.basicConfig(stream=sys.stderr)
            mcp = FastMCP("srv")
            DB_HELP = "postgres://user:\(w("pass"))@db:5432/app"
            CACHE_HELP = "redis://admin:\(w("test"))@cache:6379/0"
            SIGNING_SECRET = "\(secret)"
            URL = os.environ["DATABASE_URL"]


            @mcp.tool()
            def ping() -> str:
                \"\"\"Ping.\"\"\"
                show({})
                return "pong"


            def main() -> None:
                mcp.run()
            """,
            "src/srv/workspace_project_index.py": "def show(index: dict) -> None:\n    print(index)\n",
            ".env.example": "# DATABASE_URL=postgres://user:\(w("pass"))@localhost:5432/app\nDATABASE_URL=\n",
            ".env": env,
        ]
        return files.mapValues { Data($0.utf8) }
    }

    /// Everything but the run's timings and folder.
    static func normalized(_ text: String, folder: String) -> String {
        var out = text.replacingOccurrences(of: folder, with: "<project>")
        for pattern in [
            #""(startedAt|durationMs|load|run-tools|static|live)": [^,\n]*"#, #"time="[0-9.]+""#,
            #""(startTimeUtc|endTimeUtc)": "[^"]*""#,
        ] {
            out = out.replacingOccurrences(of: pattern, with: "<timing>", options: .regularExpression)
        }
        return out
    }

    static func run(_ dir: URL, environment: [String: String]) async throws -> [String: String] {
        var outputs: [String: String] = [:]
        for format in formats {
            let result = try await CLI.run(["check", dir.path, "--format", format], environment: environment, timeout: 240)
            #expect(result.exitCode == 1, "\(format): \(result.stderr.suffix(300))")
            outputs[format] = result.stdout
        }
        return outputs
    }

    @Test func commonWordsAsSecretsLeaveEveryFormatIntact() async throws {
        let secret = "Sg" + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(22)
        let withWords = try CLI.scratch(Self.project(withWords: true, secret: secret))
        let without = try CLI.scratch(Self.project(withWords: false, secret: secret))
        defer {
            try? FileManager.default.removeItem(at: withWords)
            try? FileManager.default.removeItem(at: without)
        }
        // Preflight's own environment holds the same words under secret names.
        var environment = ProcessInfo.processInfo.environment
        for (i, word) in Self.words.enumerated() { environment["PREFLIGHT_TEST_\(i)_TOKEN"] = word }
        let a = try await Self.run(withWords, environment: environment)
        let b = try await Self.run(without, environment: ProcessInfo.processInfo.environment)

        for format in Self.formats {
            let x = Self.normalized(a[format] ?? "", folder: withWords.path)
            let y = Self.normalized(b[format] ?? "", folder: without.path)
            #expect(!x.isEmpty)
            #expect(x == y, "\(format) differs when common words are secret values")
            // The real secret is redacted: no piece longer than the 4 characters redaction keeps.
            #expect(!x.contains(secret.dropFirst(4)), "\(format) leaks the secret")
            #expect(!x.contains(secret.prefix(8)), "\(format) leaks the secret")
        }

        let report = try CLI.json(a["json"] ?? "")
        let statuses = Set(CLI.checks(report).compactMap { $0["status"] as? String })
        #expect(statuses.isSubset(of: ["pass", "fail", "warn", "skip", "manual", "error"]), "\(statuses)")
        let summary = try #require(report["summary"] as? [String: Any])
        for key in ["pass", "fail", "warn", "skip", "manual", "error", "score", "passed", "failing"] {
            #expect(summary[key] != nil, "summary lost `\(key)`")
        }
        let ids = CLI.checks(report).compactMap { $0["id"] as? String }
        #expect(ids.contains("code.tests-pass") && ids.contains("security.hardcoded-secret"))
        let stdout = try #require(CLI.check(report, "code.stdout-writes"))
        let paths = (stdout["locations"] as? [[String: Any]] ?? []).compactMap { $0["path"] as? String }
        #expect(paths.contains("src/srv/workspace_project_index.py"), "\(paths)")
        let hardcoded = try #require(CLI.check(report, "security.hardcoded-secret"))
        #expect(hardcoded["status"] as? String == "fail")
        #expect((hardcoded["message"] as? String ?? "").contains(String(secret.prefix(4)) + "…"))
    }
}
