import Doctor
import Foundation
import Processes
import Synchronization
import TestSupport

#if canImport(Glibc)
    import Glibc
#endif

/// A temporary machine for doctor: a HOME with client configurations, a project folder, a shell
/// PATH and a desktop PATH, each made of real folders with real programs.
final class DoctorHarness: @unchecked Sendable {
    let root: URL
    var home: String { root.appendingPathComponent("home").path }
    var project: String { root.appendingPathComponent("project").path }
    /// Folders for the shell's PATH and the desktop's PATH.
    var shellBin: String { root.appendingPathComponent("shell-bin").path }
    var desktopBin: String { root.appendingPathComponent("desktop-bin").path }

    static let venvBin = Fixtures.repoRoot.appendingPathComponent(".test-env/bin").path
    static var python: String {
        let venv = venvBin + "/python"
        return FileManager.default.isExecutableFile(atPath: venv) ? venv : "/usr/bin/python3"
    }
    static let miniMCP = Fixtures.root.appendingPathComponent("servers/mini_mcp.py").path

    init() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("preflight-doctor-\(UUID().uuidString)")
        for dir in [home, project, shellBin, desktopBin] {
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        }
        // Both PATHs find python3; only the shell's finds what a user installed in their home.
        try FileManager.default.createSymbolicLink(atPath: desktopBin + "/python3", withDestinationPath: Self.python)
        try FileManager.default.createSymbolicLink(atPath: shellBin + "/python3", withDestinationPath: Self.python)
    }

    deinit { try? FileManager.default.removeItem(at: root) }

    /// Writes `text` at `path` (absolute, or relative to the root); `executable` makes it a program.
    @discardableResult
    func write(_ path: String, _ text: String, executable: Bool = false) throws -> String {
        let full = path.hasPrefix("/") ? path : root.appendingPathComponent(path).path
        try FileManager.default.createDirectory(
            atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try Data(text.utf8).write(to: URL(fileURLWithPath: full))
        if executable { try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: full) }
        return full
    }

    /// A JSON string literal.
    static func q(_ s: String) -> String {
        let data = try? JSONSerialization.data(withJSONObject: [s], options: [.withoutEscapingSlashes])
        return data.map { String(decoding: $0.dropFirst().dropLast(), as: UTF8.self) } ?? "\"\(s)\""
    }

    var environment: [String: String] {
        [
            "HOME": home, "PATH": shellBin + ":/usr/bin:/bin", "USER": "tester", "LANG": "C.UTF-8",
            "DOCTOR_LEAK_PROBE": "set-in-the-shell", "SHELL_SECRET_TOKEN": "shellTokenValue9876543210",
        ]
    }

    func request(timeout: Duration = .seconds(90), files: [String] = [], client: MCPClient? = nil, fix: Bool = true)
        -> DoctorRequest
    {
        var r = DoctorRequest(environment: environment, workingDirectory: project)
        r.desktopPATH = desktopBin
        r.timeout = timeout
        r.files = files
        r.client = client
        r.fix = fix
        return r
    }

    func run(_ request: DoctorRequest) async -> DoctorReport { await Doctor().run(request) }
}

extension DoctorReport {
    func server(_ name: String) -> ServerResult? { servers.first { $0.name == name } }
}

extension ServerResult {
    var causes: [Diagnosis.Cause] { diagnoses.map(\.cause) }
    var everything: String {
        ([summary, fixedEntry ?? ""] + diagnoses.flatMap { [$0.summary, $0.fix] + $0.details } + (launch?.argv ?? []))
            .joined(separator: "\n")
    }
}

/// The HTTP fixture servers of `Tests/Fixtures/http` as real processes: each prints `LISTENING <port>`.
enum HTTPServers {
    static let directory = Fixtures.root.appendingPathComponent("http").path

    static func with<T: Sendable>(_ script: String, _ args: [String] = [], _ body: @Sendable (Int) async throws -> T)
        async throws -> T
    {
        let port = Mutex<Int?>(nil)
        let seen = AsyncStream<Int?>.makeStream()
        let output = ChildOutput(
            stdout: { chunks in for await _ in chunks {} },
            stderr: { chunks in
                var buffer = ""
                for await bytes in chunks {
                    buffer += String(decoding: bytes, as: UTF8.self)
                    if port.withLock({ $0 }) == nil,
                        let line = buffer.split(separator: "\n").first(where: { $0.hasPrefix("LISTENING ") }),
                        let p = Int(line.dropFirst(10))
                    {
                        port.withLock { $0 = p }
                        seen.continuation.yield(p)
                    }
                    if buffer.count > 1 << 16 { buffer = String(buffer.suffix(4096)) }
                }
                seen.continuation.yield(nil)
            })
        var env = ProcessInfo.processInfo.environment
        env["PATH"] = DoctorHarness.venvBin + ":" + (env["PATH"] ?? "/usr/bin:/bin")
        let launch = ChildLaunch(
            argv: [DoctorHarness.python, "-u", "\(directory)/\(script)", "--port", "0"] + args, cwd: directory, environment: env)
        let (result, _) = try await ChildSession.run(
            launch, label: "fixture \(script)", output: output, shutdownGrace: .seconds(3)
        ) {
            process -> Result<T, any Error> in
            defer { process.signal(SIGTERM) }
            let timer = Task {
                try? await Task.sleep(for: .seconds(90))
                seen.continuation.yield(nil)
            }
            defer { timer.cancel() }
            var iterator = seen.stream.makeAsyncIterator()
            guard let first = await iterator.next(), let p = first else { return .failure(FixtureError.noPort(script)) }
            do { return .success(try await body(p)) } catch { return .failure(error) }
        }
        return try result.get()
    }

    enum FixtureError: Error { case noPort(String) }

    /// A port nothing listens on: bound, read, released.
    static func freePort() -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) } }
        _ = withUnsafeMutablePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        return Int(UInt16(bigEndian: addr.sin_port))
    }
}
