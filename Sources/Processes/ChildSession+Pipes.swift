import Foundation
import PreflightCore
import Subprocess
import Synchronization
import SystemPackage

#if canImport(Glibc)
    import Glibc
#endif

/// A child's stdin and stdout as plain non-blocking descriptors, for a client that does its own I/O
/// on its own thread (the load generator: one `read` for many answers, one `write` for many
/// requests, no task or actor per call). Owned by the session: valid only while its body runs.
public final class ChildPipes: Sendable {
    /// Write end of the child's stdin.
    public let input: Int32
    /// Read end of the child's stdout.
    public let output: Int32
    private let inputOpen = Mutex(true)

    init(input: Int32, output: Int32) {
        self.input = input
        self.output = output
    }

    /// Closes stdin once (end of input for the child); `input` must not be used afterwards.
    public func closeInput() {
        let wasOpen = inputOpen.withLock { open in
            defer { open = false }
            return open
        }
        if wasOpen { close(input) }
    }

    /// Writes everything, waiting (at most `timeout`) while the pipe is full; false when it could not.
    public func write(_ bytes: [UInt8], timeout: Duration = .seconds(5)) -> Bool {
        let open = inputOpen.withLock { $0 }
        guard open else { return false }
        let end = ContinuousClock.now + timeout
        var offset = 0
        return bytes.withUnsafeBytes { raw -> Bool in
            guard let base = raw.baseAddress else { return true }
            while offset < raw.count {
                let n = Glibc.write(input, base + offset, raw.count - offset)
                if n > 0 {
                    offset += n
                } else if n < 0 && errno == EINTR {
                    continue
                } else if n < 0 && errno == EAGAIN {
                    guard ContinuousClock.now < end else { return false }
                    var p = pollfd(fd: input, events: Int16(POLLOUT), revents: 0)
                    _ = poll(&p, 1, 10)
                } else {
                    return false
                }
            }
            return true
        }
    }
}

extension ChildSession {
    /// `run`, but stdin and stdout are handed to the body as descriptors (`ChildPipes`) instead of
    /// an async writer and an async stream; stderr is still streamed to `stderr`. The same
    /// guarantees: its own session, registered while it runs, and nothing of it survives the body.
    public static func runWithPipes<T: Sendable>(
        _ launch: ChildLaunch, label: String, stderr: @escaping @Sendable (ChildStream) async -> Void,
        shutdownGrace: Duration = .seconds(2), _ body: @Sendable (RunningChild, ChildPipes) async -> T
    ) async throws(LaunchError) -> (T, ChildExit) {
        let (program, executable) = try resolve(launch)
        let stdinPipe: (readEnd: FileDescriptor, writeEnd: FileDescriptor)
        let stdoutPipe: (readEnd: FileDescriptor, writeEnd: FileDescriptor)
        do {
            // Close-on-exec from the start: no other child started meanwhile may hold them.
            stdinPipe = try FileDescriptor.pipe(options: .closeOnExec)
            do {
                stdoutPipe = try FileDescriptor.pipe(options: .closeOnExec)
            } catch {
                try? stdinPipe.readEnd.close()
                try? stdinPipe.writeEnd.close()
                throw error
            }
        } catch {
            throw .failed("could not create pipes for \(program): \(error)")
        }
        let pipes = ChildPipes(input: stdinPipe.writeEnd.rawValue, output: stdoutPipe.readEnd.rawValue)
        for fd in [pipes.input, pipes.output] { _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK) }
        defer {
            pipes.closeInput()
            close(pipes.output)
        }
        var options = PlatformOptions()
        options.createSession = true
        let env = Environment.custom(ChildProcesses.rawEnvironment(launch.environment))
        ChildProcesses.ignoreBrokenPipes()
        if ChildRegistry.shared.isClosing { throw .failed("Preflight is ending: nothing more is started") }
        do {
            let result = try await Subprocess.run(
                executable, arguments: Arguments(Array(launch.argv.dropFirst())), environment: env,
                workingDirectory: launch.cwd.map { FilePath($0) }, platformOptions: options,
                input: .fileDescriptor(stdinPipe.readEnd, closeAfterSpawningProcess: true),
                output: .fileDescriptor(stdoutPipe.writeEnd, closeAfterSpawningProcess: true), error: .sequence
            ) { execution in
                let pid = execution.processIdentifier.value
                ChildRegistry.shared.add(pid, label: label)
                defer { ChildRegistry.shared.remove(pid) }
                let named = await PipeHolders.pipesAfterExec(of: pid)
                ChildRegistry.shared.add(pid, label: label, pipes: named)
                let child = RunningChild(
                    pid: pid, pipes: named, writeInput: { _ = pipes.write($0) }, closeInput: { pipes.closeInput() },
                    deliver: { try? execution.send(signal: Signal(rawValue: $0)) })
                let errors = execution.standardError
                let errReader = Task { await stderr(ChildStream(base: errors)) }
                let value = await body(child, pipes)
                await stop(pid, pipes: named, grace: shutdownGrace) { pipes.closeInput() }
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
}
