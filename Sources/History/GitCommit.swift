import Foundation
import Processes

/// The commit a run audited, when the folder is in a git work tree.
public enum GitCommit {
    public static func of(_ folder: String) async -> String? {
        guard CommandRunner.which("git") != nil else { return nil }
        guard
            let result = try? await CommandRunner.run(
                "git", ["-C", folder, "rev-parse", "--verify", "--quiet", "HEAD"], timeout: .seconds(15), outputLimit: 4096),
            result.succeeded
        else { return nil }
        let text = result.stdoutText.trimmingCharacters(in: .whitespacesAndNewlines)
        // A SHA-1 or SHA-256 object name, nothing else.
        guard [40, 64].contains(text.count), text.allSatisfy(\.isHexDigit) else { return nil }
        return text
    }
}
