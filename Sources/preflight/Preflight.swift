import ArgumentParser
import CBuildInfo
import Foundation
import PreflightCore
import PreflightKit

@main
struct Preflight: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "preflight",
        abstract: "Tells whether an MCP server is ready for production, and how to make it so.",
        version: versionLine,
        subcommands: [
            CheckCommand.self, LoadCommand.self, HistoryCommand.self, RulesCommand.self, DoctorCommand.self,
            ChecklistCommand.self, AttestCommand.self, InitCommand.self, MCPCommand.self,
        ],
        defaultSubcommand: CheckCommand.self)

    /// Exit codes are part of the CI contract: 0 ready, 1 failing checks, 2 usage or configuration error.
    static func main() async {
        // From the first moment: Ctrl-C in any phase stops every child Preflight started.
        Engine.installInterruptHandlers()
        do {
            var command = try parseAsRoot()
            if var async = command as? any AsyncParsableCommand {
                try await async.run()
            } else {
                try command.run()
            }
            Engine.holdIfInterrupted()
        } catch let exit as ExitCode {
            finish(exit.rawValue)
        } catch let usage as UsageError {
            FileHandle.standardError.write(Data("preflight: \(usage.message)\n".utf8))
            finish(2)
        } catch let audit as AuditError {
            FileHandle.standardError.write(Data("preflight: \(audit.description)\n".utf8))
            finish(2)
        } catch {
            let code = exitCode(for: error)
            if code == .success {
                print(fullMessage(for: error))
                finish(0)
            }
            let message = fullMessage(for: error).split(separator: "\n").first.map(String.init) ?? "\(error)"
            FileHandle.standardError.write(Data("preflight: \(message)\n".utf8))
            finish(2)
        }
    }

    /// Exits with `code`, unless an interrupt is being handled (see `Engine.holdIfInterrupted`).
    static func finish(_ code: Int32) -> Never {
        Engine.holdIfInterrupted()
        Foundation.exit(code)
    }
}

/// `preflight --version`: the release and the commit it was built from ("unknown" without scripts/stamp-commit.sh).
let versionLine = "\(PreflightVersion.current) (commit \(String(cString: preflight_build_commit())))"

/// A usage or configuration problem: one line on stderr and exit code 2.
struct UsageError: Error {
    var message: String
    init(_ message: String) { self.message = message }
}
