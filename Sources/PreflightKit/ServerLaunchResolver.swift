import Foundation
import MCPWire
import Processes

/// Turns the server the user named into a launch: the program found, the working directory
/// checked, Preflight's environment with the user's variables on top.
enum ServerLaunchResolver {
    static func resolve(_ server: ServerCommand, projectPath: String?) throws(AuditError) -> ServerLaunch {
        guard let program = server.argv.first, !program.isEmpty else { throw .usage("--server needs a command") }
        var environment = ProcessInfo.processInfo.environment
        environment.merge(server.environment) { _, new in new }
        let cwd = server.cwd ?? projectPath
        if let cwd {
            var isDir: ObjCBool = false
            guard FileManager.default.fileExists(atPath: cwd, isDirectory: &isDir), isDir.boolValue else {
                throw .usage("--cwd \(cwd): no such directory")
            }
        }
        var argv = server.argv
        if program.contains("/") {
            // A relative command is relative to where the user typed it, not to the server's cwd.
            let resolved =
                program.hasPrefix("/")
                ? program : (FileManager.default.currentDirectoryPath as NSString).appendingPathComponent(program)
            guard FileManager.default.isExecutableFile(atPath: resolved) else {
                throw .usage("server command not found: \(program)")
            }
            argv[0] = (resolved as NSString).standardizingPath
        } else if Executables.which(program, path: environment["PATH"]) == nil {
            throw .usage("server command not found: \(program)")
        }
        return ServerLaunch(argv: argv, cwd: cwd, environment: environment)
    }
}
