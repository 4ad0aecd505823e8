import Foundation
import PreflightCore
import Subprocess
import SystemPackage

#if canImport(Glibc)
    import Glibc
#endif

/// How to start a long-running child: argv, working directory and the complete environment.
public struct ChildLaunch: Sendable, Equatable {
    public var argv: [String]
    public var cwd: String?
    public var environment: [String: String]

    public init(argv: [String], cwd: String? = nil, environment: [String: String]) {
        self.argv = argv
        self.cwd = cwd
        self.environment = environment
    }
}

public enum LaunchError: Error, Sendable, CustomStringConvertible {
    case notFound(String)
    case failed(String)
    public var description: String {
        switch self {
        case .notFound(let c): return "command not found: \(c)"
        case .failed(let why): return why
        }
    }
}

/// How a child ended: an exit code or the signal that killed it.
public struct ChildExit: Sendable, Equatable, CustomStringConvertible {
    public var exitCode: Int32?
    public var signal: Int32?

    public init(exitCode: Int32? = nil, signal: Int32? = nil) {
        self.exitCode = exitCode
        self.signal = signal
    }

    public var description: String {
        if let signal { return "killed by signal \(signal)\(Self.signalName(signal).map { " (\($0))" } ?? "")" }
        return exitCode.map { "exit code \($0)" } ?? "exit status unknown"
    }

    public static func signalName(_ signal: Int32) -> String? {
        [
            SIGHUP: "SIGHUP", SIGINT: "SIGINT", SIGQUIT: "SIGQUIT", SIGILL: "SIGILL", SIGABRT: "SIGABRT", SIGFPE: "SIGFPE",
            SIGKILL: "SIGKILL", SIGSEGV: "SIGSEGV", SIGPIPE: "SIGPIPE", SIGTERM: "SIGTERM", SIGBUS: "SIGBUS",
        ][signal]
    }
}

/// A child started by `ChildSession`, for the body that talks to it and probes its lifecycle.
public struct RunningChild: Sendable {
    public let pid: Int32
    /// The pipes of its stdin, stdout and stderr, named at spawn.
    public let pipes: Set<String>
    let writeInput: @Sendable ([UInt8]) async -> Void
    let closeInput: @Sendable () async -> Void
    /// Through the pidfd where there is one: a recycled pid never receives a signal meant for this process.
    let deliver: @Sendable (Int32) -> Void

    public func write(_ bytes: [UInt8]) async { await writeInput(bytes) }
    public func signal(_ signal: Int32) { deliver(signal) }
    /// Signals the whole process group the child leads.
    public func signalGroup(_ signal: Int32) { kill(-pid, signal) }
    public func closeStdin() async { await closeInput() }
    public func waitForExit(timeout: Duration) async -> Bool { await ProcessInspector.waitForExit(pid, timeout: timeout) }
    public var hasExited: Bool { ProcessInspector.hasExited(pid) }
    /// Exit code or signal, once exited (read before the process is reaped).
    public var exitStatus: ChildExit {
        let s = ProcessInspector.describe(waitStatus: ProcessInspector.stat(pid)?.exitCode)
        return ChildExit(exitCode: s.exitCode, signal: s.signal)
    }
    /// Processes of the child's session still alive (children it left behind), itself excluded.
    /// Also those that left the session (double fork, `setsid`) but still hold the child's pipes.
    public var leftovers: [ProcessStat] {
        let members = ProcessInspector.liveMembers(ofSession: pid, excluding: [pid])
        let known = Set(members.map(\.pid)).union([pid, getpid()])
        let escaped = PipeHolders.holders(of: pipes, excluding: known).compactMap(ProcessInspector.stat)
        return (members + escaped.filter { !$0.isGone }).sorted { $0.pid < $1.pid }
    }
    /// RSS and CPU time of the child's whole process tree.
    public var sample: ProcessInspector.TreeSample { ProcessInspector.sample(tree: pid) }
}

/// One of a child's output streams, chunk by chunk as it arrives; it ends when the pipe closes.
public struct ChildStream: AsyncSequence, Sendable {
    public typealias Element = [UInt8]
    let base: SubprocessOutputSequence

    public struct AsyncIterator: AsyncIteratorProtocol {
        var base: SubprocessOutputSequence.AsyncIterator
        public mutating func next() async -> [UInt8]? {
            guard let buffer = try? await base.next() else { return nil }
            return buffer.withUnsafeBytes { Array($0) }
        }
    }

    public func makeAsyncIterator() -> AsyncIterator { AsyncIterator(base: base.makeAsyncIterator()) }
}

/// Who reads a child's output: each reader runs in its own task until its stream ends.
public struct ChildOutput: Sendable {
    public var stdout: @Sendable (ChildStream) async -> Void
    public var stderr: @Sendable (ChildStream) async -> Void

    public init(
        stdout: @escaping @Sendable (ChildStream) async -> Void, stderr: @escaping @Sendable (ChildStream) async -> Void
    ) {
        self.stdout = stdout
        self.stderr = stderr
    }
}

/// Runs a long-lived child in its own session, streams its output, and guarantees that neither it,
/// its process group nor anything holding its pipes survives the body: closed stdin first (the
/// polite way), then SIGTERM to the group, then SIGKILL to the group, the tree and the pipe holders.
public enum ChildSession {
    public static func run<T: Sendable>(
        _ launch: ChildLaunch, label: String, output: ChildOutput, shutdownGrace: Duration = .seconds(2),
        _ body: @Sendable (RunningChild) async -> T
    ) async throws(LaunchError) -> (T, ChildExit) {
        let (program, executable) = try resolve(launch)
        var options = PlatformOptions()
        options.createSession = true
        let env = Environment.custom(ChildProcesses.rawEnvironment(launch.environment))
        ChildProcesses.ignoreBrokenPipes()
        if ChildRegistry.shared.isClosing { throw .failed("Preflight is ending: \(program) not started") }
        do {
            let result = try await Subprocess.run(
                executable, arguments: Arguments(Array(launch.argv.dropFirst())), environment: env,
                workingDirectory: launch.cwd.map { FilePath($0) }, platformOptions: options, input: .inputWriter,
                output: .sequence, error: .sequence
            ) { execution in
                let pid = execution.processIdentifier.value
                ChildRegistry.shared.add(pid, label: label)
                defer { ChildRegistry.shared.remove(pid) }
                // The child's pipes, named now: a descendant that left the session still holds them.
                let pipes = await PipeHolders.pipesAfterExec(of: pid)
                ChildRegistry.shared.add(pid, label: label, pipes: pipes)
                let writer = execution.standardInputWriter
                let inbox = Inbox()
                let child = RunningChild(
                    pid: pid, pipes: pipes, writeInput: { await inbox.write($0, with: writer) },
                    closeInput: { await inbox.close(writer) },
                    deliver: { try? execution.send(signal: Signal(rawValue: $0)) })
                let stdout = execution.standardOutput
                let stderr = execution.standardError
                // Unstructured on purpose: a grandchild holding the pipes open must not keep us here.
                let outReader = Task { await output.stdout(ChildStream(base: stdout)) }
                let errReader = Task { await output.stderr(ChildStream(base: stderr)) }
                let value = await body(child)
                await stop(pid, pipes: pipes, grace: shutdownGrace) { await inbox.close(writer) }
                _ = await awaitTask(outReader, timeout: .seconds(2))
                _ = await awaitTask(errReader, timeout: .seconds(2))
                return value
            }
            var exit = ChildExit()
            switch result.terminationStatus {
            case .exited(let code): exit.exitCode = code
            case .signaled(let sig): exit.signal = sig
            }
            return (result.closureResult, exit)
        } catch {
            throw .failed("could not start \(program): \(error)")
        }
    }

    static func resolve(_ launch: ChildLaunch) throws(LaunchError) -> (String, Executable) {
        guard let program = launch.argv.first else { throw .failed("empty command") }
        if program.contains("/") { return (program, .path(FilePath(program))) }
        guard let resolved = Executables.which(program, path: launch.environment["PATH"]) else { throw .notFound(program) }
        return (program, .path(FilePath(resolved)))
    }

    /// Ends a child the polite way first (`closeInput`: stdin closed), then SIGTERM to its group,
    /// then SIGKILL to the group, the tree and whatever holds its pipes; waits until it is gone.
    static func stop(_ pid: Int32, pipes: Set<String>, grace: Duration, closeInput: () async -> Void) async {
        await closeInput()
        if !(await ProcessInspector.waitForExit(pid, timeout: grace)) {
            kill(-pid, SIGTERM)
            _ = await ProcessInspector.waitForExit(pid, timeout: grace)
        }
        // Whatever the child did, nothing of it survives.
        let family = ProcessInspector.tree(pid).map(\.pid)
        kill(-pid, SIGKILL)
        for member in family { kill(member, SIGKILL) }
        PipeHolders.kill(holding: pipes)
        _ = await ProcessInspector.waitForExit(pid, timeout: .seconds(5))
    }

    /// Waits for a task up to `timeout`; a stuck task is left behind rather than waited for.
    public static func awaitTask(_ task: Task<Void, Never>, timeout: Duration) async -> Bool {
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
}

/// Serialises writes to the child's stdin; after `close`, writes are dropped.
actor Inbox {
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
