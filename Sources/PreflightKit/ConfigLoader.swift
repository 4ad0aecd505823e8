import Foundation
import PreflightCore

/// Reads `preflight.toml`: the explicit file, or the project's own when it has one.
public enum ConfigLoader {
    public static func load(explicit: String?, projectPath: String?) throws(AuditError) -> PreflightConfig {
        guard let path = explicit ?? projectPath.map({ ($0 as NSString).appendingPathComponent("preflight.toml") }) else {
            return PreflightConfig()
        }
        guard FileManager.default.fileExists(atPath: path) else {
            if explicit != nil { throw .usage("--config \(path): no such file") }
            return PreflightConfig()
        }
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            throw .usage("\(path): cannot read the configuration as UTF-8 text")
        }
        do {
            return try PreflightConfig.parse(text, source: explicit ?? "preflight.toml", knownChecks: Catalog.ids)
        } catch {
            throw .usage(error.description)
        }
    }
}
