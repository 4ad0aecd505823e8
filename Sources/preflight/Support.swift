import Foundation
import PreflightCore
import ProjectAudit
import Reporters

/// Pairs `--format` and `--output` in order; formats without an output go to stdout.
struct OutputPlan {
    var targets: [(format: OutputFormat, path: String?)]

    static func make(formats: [String], outputs: [String]) throws -> OutputPlan {
        var parsed: [OutputFormat] = []
        for raw in formats {
            guard let f = OutputFormat(rawValue: raw) else {
                throw UsageError("unknown format '\(raw)' (\(OutputFormat.allCases.map(\.rawValue).joined(separator: ", ")))")
            }
            parsed.append(f)
        }
        if parsed.isEmpty { parsed = [.text] }
        guard outputs.count <= parsed.count else {
            throw UsageError("\(outputs.count) --output for \(parsed.count) --format: give a --format for each --output")
        }
        let targets = parsed.enumerated().map { i, f in (f, i < outputs.count ? outputs[i] : nil) }
        if targets.filter({ $0.1 == nil }).count > 1 {
            throw UsageError("only one format can go to stdout: give --output for the others")
        }
        return OutputPlan(targets: targets)
    }

    func write(_ report: Report, color: Bool, secrets: Set<String>) throws {
        for (format, path) in targets {
            let rendered = Redaction.scrub(format.reporter(color: color && path == nil).render(report), secrets: secrets)
            if let path {
                do {
                    try Data(rendered.utf8).write(to: URL(fileURLWithPath: path))
                } catch {
                    throw UsageError("cannot write \(path): \(error.localizedDescription)")
                }
            } else {
                FileHandle.standardOutput.write(Data(rendered.utf8))
            }
        }
    }
}

enum ConfigLoader {
    static func load(explicit: String?, projectPath: String) throws -> PreflightConfig {
        let path = explicit ?? (projectPath as NSString).appendingPathComponent("preflight.toml")
        guard FileManager.default.fileExists(atPath: path) else {
            if explicit != nil { throw UsageError("--config \(path): no such file") }
            return PreflightConfig()
        }
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            throw UsageError("\(path): cannot read the configuration as UTF-8 text")
        }
        do {
            return try PreflightConfig.parse(text, source: explicit ?? "preflight.toml", knownChecks: FullCatalog.ids)
        } catch {
            throw UsageError(error.description)
        }
    }
}

enum Timestamps {
    static func iso8601(_ date: Date) -> String {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime]
        return f.string(from: date)
    }
}
