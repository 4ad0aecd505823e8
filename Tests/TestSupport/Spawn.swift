import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// Runs programs for tests with `posix_spawn`, not Foundation's `Process`: `Process.run` crashed
/// (memmove on a bad pointer) while Preflight's own code spawned children on other threads.
public enum Spawn {
    public struct Result: Sendable {
        public var status: Int32
        public var stdout: Data
        public var stderr: Data
        public var timedOut: Bool
    }

    public enum SpawnError: Error { case failed(String, Int32) }

    /// Runs to completion (killed at `timeout`), capturing stdout and stderr.
    public static func run(
        _ argv: [String], cwd: String? = nil, environment: [String: String]? = nil, timeout: TimeInterval = 120
    ) throws -> Result {
        var out: [Int32] = [0, 0]
        var err: [Int32] = [0, 0]
        // Close-on-exec: other children started meanwhile must not hold these pipes (dup2 clears it for this one).
        guard pipe(&out) == 0, pipe(&err) == 0, cloexec(out + err) else { throw SpawnError.failed(argv.first ?? "", errno) }
        let pid: pid_t
        do {
            pid = try start(argv, cwd: cwd, environment: environment, stdout: out[1], stderr: err[1])
        } catch {
            for fd in out + err { close(fd) }
            throw error
        }
        close(out[1])
        close(err[1])
        let outBox = Slot(Data())
        let errBox = Slot(Data())
        let readers = DispatchGroup()
        let (outFD, errFD) = (out[0], err[0])
        // Own threads, not the shared pool: a test blocked in here must not starve what it waits on.
        readers.enter()
        readers.enter()
        Thread {
            outBox.set(drain(outFD))
            readers.leave()
        }.start()
        Thread {
            errBox.set(drain(errFD))
            readers.leave()
        }.start()
        let (status, timedOut) = wait(pid, timeout: timeout)
        _ = readers.wait(timeout: .now() + 10)
        return Result(status: status, stdout: outBox.get(), stderr: errBox.get(), timedOut: timedOut)
    }

    /// `run` on a thread of its own: an async test waiting for a long child blocks no thread of the
    /// shared pool, which on a 2-core machine has two (blocked, every other test would stall).
    public static func runDetached(
        _ argv: [String], cwd: String? = nil, environment: [String: String]? = nil, timeout: TimeInterval = 120
    ) async throws -> Result {
        try await withCheckedThrowingContinuation { continuation in
            Thread {
                continuation.resume(with: Swift.Result { try run(argv, cwd: cwd, environment: environment, timeout: timeout) })
            }.start()
        }
    }

    /// Starts a program with stdin from /dev/null and the given descriptors (or /dev/null) for its output.
    public static func start(
        _ argv: [String], cwd: String? = nil, environment: [String: String]? = nil, stdout: Int32? = nil,
        stderr: Int32? = nil
    ) throws -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        if let stdout {
            posix_spawn_file_actions_adddup2(&actions, stdout, 1)
        } else {
            posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        }
        if let stderr {
            posix_spawn_file_actions_adddup2(&actions, stderr, 2)
        } else {
            posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        }
        // glibc's addchdir_np is not visible from Swift; coreutils' env changes directory instead.
        let argv = cwd.map { ["/usr/bin/env", "-C", $0] + argv } ?? argv
        let env = (environment ?? ProcessInfo.processInfo.environment).map { "\($0.key)=\($0.value)" }
        var pid: pid_t = 0
        let rc = withCStrings(argv) { argvp in
            withCStrings(env) { envp in posix_spawnp(&pid, argv[0], &actions, nil, argvp, envp) }
        }
        guard rc == 0 else { throw SpawnError.failed(argv.first ?? "", rc) }
        return pid
    }

    /// Waits for the child (reaping it); past `timeout` it is killed. Exit code, or 128 + signal.
    public static func wait(_ pid: pid_t, timeout: TimeInterval) -> (status: Int32, timedOut: Bool) {
        let done = DispatchSemaphore(value: 0)
        let box = Slot(Int32(0))
        Thread {
            var status: Int32 = 0
            while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
            box.set(status)
            done.signal()
        }.start()
        var timedOut = false
        if done.wait(timeout: .now() + timeout) == .timedOut {
            timedOut = true
            kill(pid, SIGKILL)
            done.wait()
        }
        let s = box.get()
        return ((s & 0x7F) == 0 ? (s >> 8) & 0xFF : 128 + (s & 0x7F), timedOut)
    }

    /// Not atomic with `pipe` (Glibc's `pipe2` is not visible from Swift); good enough for tests.
    static func cloexec(_ fds: [Int32]) -> Bool { fds.allSatisfy { fcntl($0, F_SETFD, FD_CLOEXEC) == 0 } }

    static func drain(_ fd: Int32) -> Data {
        var data = Data()
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = read(fd, &buffer, buffer.count)
            if n > 0 { data.append(contentsOf: buffer[0..<n]) } else if n < 0 && errno == EINTR { continue } else { break }
        }
        close(fd)
        return data
    }

    static func withCStrings<R>(_ strings: [String], _ body: (UnsafePointer<UnsafeMutablePointer<CChar>?>) -> R) -> R {
        let pointers = strings.map { strdup($0) } + [nil]
        defer { for p in pointers { free(p) } }
        return pointers.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { preconditionFailure("an array with a nil terminator is never empty") }
            return body(base)
        }
    }

    /// A value written by one thread and read by another once it is done.
    public final class Slot<T: Sendable>: Sendable {
        private let value: Mutex<T>
        public init(_ initial: T) { value = Mutex(initial) }
        public func set(_ v: T) { value.withLock { $0 = v } }
        public func get() -> T { value.withLock { $0 } }
    }
}
