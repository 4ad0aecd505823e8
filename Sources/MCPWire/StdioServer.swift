import Foundation
import PreflightCore
import Processes

/// How to start a stdio server: argv, working directory and the complete environment.
public typealias ServerLaunch = ChildLaunch
/// The running server process, for lifecycle probes.
public typealias ServerProcess = RunningChild
public typealias ServerExit = ChildExit

/// Runs a stdio server through the child-process layer (its own session, killed with everything
/// it started when the body ends) and connects an `MCPConnection` to its stdin and stdout.
public enum StdioServer {
    public static func with<T: Sendable>(
        _ launch: ServerLaunch, instance: String, transcript: Transcript?, canaries: [String] = [],
        maxLineBytes: Int = 16 << 20, shutdownGrace: Duration = .seconds(2),
        _ body: @Sendable (MCPConnection, ServerProcess) async -> T
    ) async throws(LaunchError) -> (T, ServerExit) {
        let stdin = StdinRelay()
        let connection = MCPConnection(canaries: canaries) { bytes in
            transcript?.record(instance, .sent, Array(bytes.dropLast()))
            await stdin.write(bytes)
        }
        let output = ChildOutput(
            stdout: { chunks in
                var framer = LineFramer(maxLineBytes: maxLineBytes)
                for await bytes in chunks {
                    for frame in framer.push(bytes) {
                        if case .line(let l) = frame { transcript?.record(instance, .received, l) }
                        await connection.receive(frame)
                    }
                }
                if let last = framer.finish() { await connection.receive(last) }
                await connection.markClosed()
            },
            stderr: { chunks in
                for await bytes in chunks {
                    transcript?.record(instance, .stderr, bytes)
                    await connection.receiveStderr(bytes)
                }
            })
        let (value, exit) = try await ChildSession.run(
            launch, label: "server \(instance)", output: output, shutdownGrace: shutdownGrace
        ) { process in
            await stdin.attach(process)
            return await body(connection, process)
        }
        await connection.markClosed()
        return (value, exit)
    }

    public static func which(_ name: String, path: String?) -> String? { Executables.which(name, path: path) }
}

/// The connection is made before the process exists; writes go through once it is attached.
actor StdinRelay {
    private var process: RunningChild?

    func attach(_ process: RunningChild) { self.process = process }
    func write(_ bytes: [UInt8]) async { await process?.write(bytes) }
}
