import Foundation
import PreflightCore
import Subprocess
import SystemPackage

#if canImport(Glibc)
    import Glibc
#endif

/// How to start a server: argv, working directory and the complete environment.
public struct ServerLaunch: Sendable {
    public var argv: [String]
    public var cwd: String?
    public var environment: [String: String]

    public init(argv: [String], cwd: String? = nil, environment: [String: String]) {
        self.argv = argv
        self.cwd = cwd
        self.environment = environment
    }
}

/// The running server process, for lifecycle probes.
public struct ServerProcess: Sendable {
    public let pid: Int32
    /// The pipes of the server's stdin, stdout and stderr, named at spawn.
    let pipes: Set<String>
    let closeInput: @Sendable () async -> Void
    /// Through the pidfd where there is one: a recycled pid never receives a signal meant for this process.
    let deliver: @Sendable (Int32) -> Void

    public func signal(_ signal: Int32) { deliver(signal) }
    public func closeStdin() async { await closeInput() }
    public func waitForExit(timeout: Duration) async -> Bool { await ProcessInspector.waitForExit(pid, timeout: timeout) }
    public var hasExited: Bool { ProcessInspector.hasExited(pid) }
    /// Exit code or signal, once exited (read before the process is reaped).
    public var exitStatus: (exitCode: Int32?, signal: Int32?) {
        ProcessInspector.describe(waitStatus: ProcessInspector.stat(pid)?.exitCode)
    }
    /// Processes of the server's session still alive (children it left behind), itself excluded.
    /// Also those that left the session (double fork, `setsid`) but still hold the server's pipes.
    public var leftovers: [ProcessInspector.Stat] {
        let members = ProcessInspector.liveMembers(ofSession: pid, excluding: [pid])
        let known = Set(members.map(\.pid)).union([pid, getpid()])
        let escaped = PipeHolders.holders(of: pipes, excluding: known).compactMap(ProcessInspector.stat)
        return (members + escaped.filter { $0.state != "Z" && $0.state != "X" }).sorted { $0.pid < $1.pid }
    }
    public var treeRSS: Int { ProcessInspector.treeRSS(pid) }
}

public enum LaunchError: Error, Sendable, CustomStringConvertible {
    case notFound(String)
    case failed(String)
    public var description: String {
        switch self {
        case .notFound(let c): return "server command not found: \(c)"
        case .failed(let why): return why
        }
    }
}

public struct ServerExit: Sendable, CustomStringConvertible {
    public var exitCode: Int32?
    public var signal: Int32?

    public var description: String {
        if let signal { return "killed by signal \(signal)" }
        return exitCode.map { "exit code \($0)" } ?? "exit status unknown"
    }
}

/// Runs a stdio server in its own session (so its whole process group can be signalled and
/// killed), connects an `MCPConnection` to it, and guarantees the group is gone afterwards.
public enum StdioServer {
    public static func with<T: Sendable>(
        _ launch: ServerLaunch, instance: String, transcript: Transcript?, canaries: [String] = [],
        maxLineBytes: Int = 16 << 20, shutdownGrace: Duration = .seconds(2),
        _ body: @Sendable (MCPConnection, ServerProcess) async -> T
    ) async throws(LaunchError) -> (T, ServerExit) {
        guard let program = launch.argv.first else { throw .failed("empty server command") }
        let executable: Executable
        if program.contains("/") {
            executable = .path(FilePath(program))
        } else {
            guard let resolved = Self.which(program, path: launch.environment["PATH"]) else { throw .notFound(program) }
            executable = .path(FilePath(resolved))
        }
        var options = PlatformOptions()
        options.createSession = true
        let env = Environment.custom(ChildProcesses.rawEnvironment(launch.environment))
        ChildProcesses.ignoreBrokenPipes()
        do {
            let result = try await Subprocess.run(
                executable, arguments: Arguments(Array(launch.argv.dropFirst())), environment: env,
                workingDirectory: launch.cwd.map { FilePath($0) }, platformOptions: options, input: .inputWriter,
                output: .sequence, error: .sequence
            ) { execution in
                let pid = execution.processIdentifier.value
                // The server's pipes, named now: a descendant that left the session still holds them.
                let pipes = await PipeHolders.pipesAfterExec(of: pid)
                ProcessGroupRegistry.shared.add(pid)
                defer { ProcessGroupRegistry.shared.remove(pid) }
                let writer = execution.standardInputWriter
                let outbox = Outbox()
                let connection = MCPConnection(canaries: canaries) { bytes in
                    transcript?.record(instance, .sent, Array(bytes.dropLast()))
                    await outbox.write(bytes, with: writer)
                }
                let process = ServerProcess(
                    pid: pid, pipes: pipes, closeInput: { await outbox.close(writer) },
                    deliver: { try? execution.send(signal: Signal(rawValue: $0)) })
                let stdout = execution.standardOutput
                let stderr = execution.standardError
                // Unstructured on purpose: a grandchild holding the pipes open must not keep us here.
                let outReader = Task {
                    var framer = LineFramer(maxLineBytes: maxLineBytes)
                    do {
                        for try await buffer in stdout {
                            let bytes = buffer.withUnsafeBytes { Array($0) }
                            for frame in framer.push(bytes) {
                                if case .line(let l) = frame { transcript?.record(instance, .received, l) }
                                await connection.receive(frame)
                            }
                        }
                    } catch {}
                    if let last = framer.finish() { await connection.receive(last) }
                    await connection.markClosed()
                }
                let errReader = Task {
                    do {
                        for try await buffer in stderr {
                            let bytes = buffer.withUnsafeBytes { Array($0) }
                            transcript?.record(instance, .stderr, bytes)
                            await connection.receiveStderr(bytes)
                        }
                    } catch {}
                }
                let value = await body(connection, process)
                // Stop it the way a client does (MCP lifecycle, Shutdown: close stdin, then SIGTERM,
                // then SIGKILL), so Preflight's own teardown leaves no stale state for the next instance.
                await outbox.close(writer)
                if !(await ProcessInspector.waitForExit(pid, timeout: shutdownGrace)) {
                    kill(-pid, SIGTERM)
                    _ = await ProcessInspector.waitForExit(pid, timeout: shutdownGrace)
                }
                // Whatever the server did, nothing of it survives the probe.
                let family = ProcessInspector.tree(pid).map(\.pid)
                kill(-pid, SIGKILL)
                for member in family { kill(member, SIGKILL) }
                PipeHolders.kill(holding: pipes)
                _ = await ProcessInspector.waitForExit(pid, timeout: .seconds(5))
                _ = await Self.awaitTask(outReader, timeout: .seconds(2))
                _ = await Self.awaitTask(errReader, timeout: .seconds(2))
                await connection.markClosed()
                return value
            }
            var exit = ServerExit()
            switch result.terminationStatus {
            case .exited(let code): exit.exitCode = code
            case .signaled(let sig): exit.signal = sig
            }
            return (result.closureResult, exit)
        } catch let error as SubprocessError {
            throw .failed("could not start \(program): \(error)")
        } catch {
            throw .failed("could not start \(program): \(error)")
        }
    }

    /// Waits for a task up to `timeout`; a stuck task is left behind rather than waited for.
    static func awaitTask(_ task: Task<Void, Never>, timeout: Duration) async -> Bool {
        let once = OnceFlag()
        return await withCheckedContinuation { continuation in
            Task {
                await task.value
                if once.claim() { continuation.resume(returning: true) }
            }
            Task {
                try? await Task.sleep(for: timeout)
                if once.claim() { continuation.resume(returning: false) }
            }
        }
    }

    public static func which(_ name: String, path: String?) -> String? { Executables.which(name, path: path) }

}

/// Serialises writes to the server's stdin; after `close`, writes are dropped.
actor Outbox {
    private var closed = false

    func write(_ bytes: [UInt8], with writer: StandardInputWriter) async {
        guard !closed else { return }
        _ = try? await writer.write(bytes)
    }

    func close(_ writer: StandardInputWriter) async {
        guard !closed else { return }
        closed = true
        try? await writer.finish()
    }
}
