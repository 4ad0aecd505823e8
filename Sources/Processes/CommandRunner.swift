import Foundation
import PreflightCore
import Subprocess
import SystemPackage

#if canImport(Glibc)
    import Glibc
#endif

/// What a finished (or killed) command produced. Output beyond the limit is dropped, not kept.
public struct CommandResult: Sendable {
    public var exitCode: Int32?
    public var signal: Int32?
    public var stdout: [UInt8]
    public var stderr: [UInt8]
    public var timedOut: Bool
    public var stdoutTruncated: Bool
    public var stderrTruncated: Bool
    public var durationMs: Int

    public var stdoutText: String { String(decoding: stdout, as: UTF8.self) }
    public var stderrText: String { String(decoding: stderr, as: UTF8.self) }
    public var succeeded: Bool { exitCode == 0 && !timedOut }
}

public enum CommandError: Error, Sendable, CustomStringConvertible {
    case notFound(String)
    case launchFailed(String)
    public var description: String {
        switch self {
        case .notFound(let name): return "command not found: \(name)"
        case .launchFailed(let why): return why
        }
    }
}

/// Runs a command with a deadline and bounded output, in its own session so that the whole
/// process group (grandchildren included) is killed when the deadline passes.
public enum CommandRunner {
    public static func run(
        _ executable: String, _ arguments: [String], in directory: String? = nil, stdin: [UInt8]? = nil,
        environment: [String: String]? = nil, timeout: Duration = .seconds(60), outputLimit: Int = 8 << 20
    ) async throws(CommandError) -> CommandResult {
        // A name is looked up here: swift-subprocess tries each PATH entry with its own fork and exec, a
        // few ms each for a large parent, which made a small project's `git` calls cost 0.2 s.
        let searchPath = environment.map { $0["PATH"] } ?? ProcessInfo.processInfo.environment["PATH"]
        let exec: Executable =
            executable.contains("/")
            ? .path(FilePath(executable))
            : Executables.which(executable, path: searchPath).map { .path(FilePath($0)) } ?? .name(executable)
        var options = PlatformOptions()
        options.createSession = true
        let env: Subprocess.Environment = environment.map { .custom(ChildProcesses.rawEnvironment($0)) } ?? .inherit
        ChildProcesses.ignoreBrokenPipes()
        if ChildRegistry.shared.isClosing { throw .launchFailed("Preflight is ending: \(executable) not started") }
        let start = ContinuousClock.now
        do {
            let result = try await Subprocess.run(
                exec, arguments: Arguments(arguments), environment: env,
                workingDirectory: directory.map { FilePath($0) }, platformOptions: options, input: .inputWriter,
                output: .sequence, error: .sequence
            ) { execution in
                let pid = execution.processIdentifier.value
                ChildRegistry.shared.add(pid, label: executable)
                defer { ChildRegistry.shared.remove(pid) }
                let pipes = await PipeHolders.pipesAfterExec(of: pid)
                ChildRegistry.shared.add(pid, label: executable, pipes: pipes)
                let expired = OnceFlag()
                return try await withThrowingTaskGroup(of: Part.self) { group in
                    group.addTask {
                        if let stdin { _ = try? await execution.standardInputWriter.write(stdin) }
                        try? await execution.standardInputWriter.finish()
                        return .inputDone
                    }
                    group.addTask { .out(try await collect(execution.standardOutput, limit: outputLimit)) }
                    group.addTask { .err(try await collect(execution.standardError, limit: outputLimit)) }
                    group.addTask {
                        try await Task.sleep(for: timeout)
                        // Set before the kill: the kill ends the streams, which may end the wait below first.
                        expired.claim()
                        // Kill the whole session's group, and whatever left it but still holds the
                        // pipes: otherwise reading them would never end. (Only while we still read
                        // them: a freed pipe's inode number can name another command's pipe.)
                        kill(-pid, SIGKILL)
                        PipeHolders.kill(holding: pipes)
                        return .timedOut
                    }
                    var out = Collected()
                    var err = Collected()
                    var timedOut = false
                    var streamsDone = 0
                    while streamsDone < 2, let part = try await group.next() {
                        switch part {
                        case .out(let c): out = c; streamsDone += 1
                        case .err(let c): err = c; streamsDone += 1
                        case .timedOut: timedOut = true
                        case .inputDone: break
                        }
                    }
                    group.cancelAll()
                    timedOut = timedOut || expired.isClaimed
                    // The process may have closed its pipes and still run; its group goes, while the
                    // leader is alive (once it is reaped, its pid may already name someone else's group).
                    if !ProcessInspector.isReaped(pid) { kill(-pid, SIGKILL) }
                    return (out, err, timedOut)
                }
            }
            let (out, err, timedOut) = result.closureResult
            var exitCode: Int32?
            var signal: Int32?
            switch result.terminationStatus {
            case .exited(let code): exitCode = code
            case .signaled(let sig): signal = sig
            }
            return CommandResult(
                exitCode: timedOut ? nil : exitCode, signal: signal, stdout: out.bytes, stderr: err.bytes,
                timedOut: timedOut, stdoutTruncated: out.truncated, stderrTruncated: err.truncated,
                durationMs: Int((ContinuousClock.now - start) / .milliseconds(1)))
        } catch let error as SubprocessError {
            if "\(error)".contains("executableNotFound") || "\(error)".lowercased().contains("not found") {
                throw .notFound(executable)
            }
            throw .launchFailed("could not run \(executable): \(error)")
        } catch {
            throw .launchFailed("could not run \(executable): \(error)")
        }
    }

    private enum Part: Sendable {
        case out(Collected)
        case err(Collected)
        case timedOut
        case inputDone
    }

    struct Collected: Sendable {
        var bytes: [UInt8] = []
        var truncated = false
    }

    private static func collect(_ sequence: SubprocessOutputSequence, limit: Int) async throws -> Collected {
        var c = Collected()
        for try await buffer in sequence {
            // Keep reading past the limit so the child never blocks on a full pipe.
            guard c.bytes.count < limit else {
                c.truncated = true
                continue
            }
            buffer.withUnsafeBytes { raw in
                let room = limit - c.bytes.count
                c.bytes.append(contentsOf: raw.prefix(room))
                if raw.count > room { c.truncated = true }
            }
        }
        return c
    }

    /// Finds an executable on PATH (or checks a path), as a shell would.
    public static func which(_ name: String, path: String? = ProcessInfo.processInfo.environment["PATH"]) -> String? {
        Executables.which(name, path: path)
    }

}
