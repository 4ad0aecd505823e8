import Foundation
import MCPWire
import Processes
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// The HTTP fixture servers of `Tests/Fixtures/http`, started as real processes through the
/// project's child-process layer; each prints `LISTENING <port>` on stderr once it accepts.
public enum HTTPFixture {
    public static let repoRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    public static let directory = repoRoot.appendingPathComponent("Tests/Fixtures/http").path
    public static let venvBin = repoRoot.appendingPathComponent(".test-env/bin").path

    public static var python: String {
        let venv = venvBin + "/python"
        return FileManager.default.isExecutableFile(atPath: venv) ? venv : "/usr/bin/python3"
    }

    public static var environment: [String: String] {
        var env = ProcessInfo.processInfo.environment
        env["PATH"] = venvBin + ":" + (env["PATH"] ?? "/usr/bin:/bin")
        env["PYTHONUNBUFFERED"] = "1"
        return env
    }

    public static func launch(_ script: String, _ args: [String]) -> ChildLaunch {
        ChildLaunch(argv: [python, "-u", "\(directory)/\(script)"] + args, cwd: directory, environment: environment)
    }

    public struct Running: Sendable {
        public let port: Int
        public let process: RunningChild
        public let stderr: LineLog
        public var scheme = "http"
        public func url(_ path: String = "/mcp") -> String { "\(scheme)://127.0.0.1:\(port)\(path)" }
        public func target(_ path: String = "/mcp") throws -> HTTPTarget { try HTTPTarget(url(path)) }
    }

    public enum Failure: Error, CustomStringConvertible {
        case noListeningLine(String)
        public var description: String {
            switch self {
            case .noListeningLine(let tail): return "the fixture did not print LISTENING in time: \(tail)"
            }
        }
    }

    /// Starts `script args`, waits (bounded) for its port, runs `body`, then stops it: SIGTERM, and
    /// the child session kills whatever is left.
    public static func with<T: Sendable>(
        _ script: String, _ args: [String] = [], startTimeout: Duration = .seconds(60),
        _ body: @Sendable (Running) async throws -> T
    ) async throws -> T {
        let log = LineLog()
        let output = ChildOutput(
            stdout: { chunks in for await _ in chunks {} },
            stderr: { chunks in
                for await bytes in chunks { log.append(bytes) }
                log.close()
            })
        let (result, _) = try await ChildSession.run(
            launch(script, args + ["--port", "0"]), label: "fixture \(script)", output: output, shutdownGrace: .seconds(3)
        ) { process -> Result<T, any Error> in
            defer { process.signal(SIGTERM) }
            guard let port = await log.port(timeout: startTimeout) else {
                return .failure(Failure.noListeningLine(log.tail))
            }
            do {
                let scheme = args.contains("--tls") ? "https" : "http"
                return .success(try await body(Running(port: port, process: process, stderr: log, scheme: scheme)))
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }

    /// A port nothing listens on right now (bound, read, released).
    public static func freePort() -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        addr.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) } }
        _ = withUnsafeMutablePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        return Int(UInt16(bigEndian: addr.sin_port))
    }
}

/// A child's stderr, line by line (bounded), and the port of its `LISTENING` line once printed.
public final class LineLog: Sendable {
    private struct State {
        var partial: [UInt8] = []
        var lines: [String] = []
        var port: Int?
        var closed = false
        var waiters: [CheckedContinuation<Int?, Never>] = []
    }

    private let state = Mutex(State())

    public init() {}

    public func append(_ bytes: [UInt8]) {
        let wake: ([CheckedContinuation<Int?, Never>], Int?) = state.withLock { s in
            s.partial += bytes
            while let newline = s.partial.firstIndex(of: 0x0A) {
                let line = String(decoding: s.partial[..<newline], as: UTF8.self)
                s.partial.removeSubrange(...newline)
                if s.lines.count < 5_000 { s.lines.append(line) }
                if s.port == nil, line.hasPrefix("LISTENING "), let port = Int(line.dropFirst(10)) { s.port = port }
            }
            guard s.port != nil else { return ([], nil) }
            defer { s.waiters = [] }
            return (s.waiters, s.port)
        }
        for w in wake.0 { w.resume(returning: wake.1) }
    }

    public func close() {
        let waiters = state.withLock { s in
            s.closed = true
            defer { s.waiters = [] }
            return s.waiters
        }
        for w in waiters { w.resume(returning: nil) }
    }

    public var lines: [String] { state.withLock { $0.lines } }
    public var tail: String { lines.suffix(20).joined(separator: "\n") }

    /// Whether the lines come to satisfy `condition` within `timeout`: a server logs a request after
    /// answering it, and its stderr is read by another task, so the last lines may still be on the way.
    public func eventually(within timeout: Duration, _ condition: ([String]) -> Bool) async -> Bool {
        let end = ContinuousClock.now + timeout
        while ContinuousClock.now < end {
            if condition(lines) { return true }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return condition(lines)
    }

    public func port(timeout: Duration) async -> Int? {
        let timer = Task {
            try? await Task.sleep(for: timeout)
            if !Task.isCancelled { self.close() }
        }
        defer { timer.cancel() }
        return await withCheckedContinuation { continuation in
            let ready: Int?? = state.withLock { s in
                if let port = s.port { return .some(port) }
                if s.closed { return .some(nil) }
                s.waiters.append(continuation)
                return nil
            }
            if let ready { continuation.resume(returning: ready) }
        }
    }
}
