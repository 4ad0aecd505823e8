import Foundation
import PreflightCore

/// Secret values Preflight has seen, so that the final output can be scrubbed of them whatever
/// check or reporter might have let one through.
public enum SecretLedger {
    public static func collect(project: Project?, environment: [String: String] = ProcessInfo.processInfo.environment) -> Set<
        String
    > {
        var secrets: Set<String> = []
        for (key, value) in environment where SecretNames.looksSecret(key) && value.count >= 6 {
            secrets.insert(value)
        }
        guard let project else { return secrets }
        for (path, text) in project.texts {
            let name = path.split(separator: "/").last.map(String.init) ?? path
            guard name.hasPrefix(".env") || name.hasSuffix(".env") else { continue }
            for entry in DotEnvFile(path: path, text: text).entries
            where SecretNames.looksSecret(entry.key) && entry.value.count >= 6 {
                secrets.insert(entry.value)
            }
        }
        for match in project.secretMatches { secrets.insert(match.value) }
        return secrets
    }
}
