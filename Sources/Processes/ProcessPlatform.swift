import Foundation

#if canImport(Glibc)
    import Glibc
#else
    #error("Preflight's process layer is implemented for Linux only (see README, Platforms)")
#endif

/// One process as the operating system describes it.
public struct ProcessStat: Sendable, Equatable {
    public var pid: Int32
    /// `R`, `S`, `D`, `Z` (exited, not yet reaped), `X` (dead), ...
    public var state: Character
    public var ppid: Int32
    public var pgrp: Int32
    public var session: Int32
    public var rssPages: Int
    /// CPU time in clock ticks, user and system.
    public var userTicks: Int
    public var systemTicks: Int
    /// The wait status of an exited (zombie) process.
    public var exitCode: Int32?

    public var isGone: Bool { state == "Z" || state == "X" }
}

/// What Preflight needs to know about processes from the operating system: the only place that
/// reads `/proc` or calls process APIs beyond POSIX. Everything above it is platform-neutral.
public protocol ProcessPlatform: Sendable {
    /// Every process id visible now.
    func pids() -> [Int32]
    func stat(_ pid: Int32) -> ProcessStat?
    /// What the process's descriptors point at (`pipe:[123]`, `/dev/null`, ...), by descriptor number.
    func descriptors(of pid: Int32) -> [Int32: String]
    /// The process's executable, to tell a fork that has not exec'd yet from the program it will run.
    func executable(of pid: Int32) -> String?
    /// This process's peak resident memory in bytes.
    func ownPeakRSSBytes() -> Int?
    var pageSize: Int { get }
    var clockTicksPerSecond: Int { get }
    /// Blocks the calling thread until the child exits, without reaping it; false when it cannot wait.
    func blockUntilExit(_ pid: Int32) -> Bool
}

/// Linux: `/proc/PID/stat`, `/proc/PID/fd`, `/proc/self/status` and `waitid(WNOWAIT)`.
public struct LinuxProcessPlatform: ProcessPlatform {
    public init() {}

    public func pids() -> [Int32] {
        ((try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []).compactMap(Int32.init)
    }

    public func stat(_ pid: Int32) -> ProcessStat? {
        guard let fields = Self.statFields(pid), fields.count > 22, let state = fields[0].first else { return nil }
        let exitCode = fields.count > 49 ? Int32(fields[49].trimmingCharacters(in: .whitespacesAndNewlines)) : nil
        return ProcessStat(
            pid: pid, state: state, ppid: Int32(fields[1]) ?? 0, pgrp: Int32(fields[2]) ?? 0, session: Int32(fields[3]) ?? 0,
            rssPages: Int(fields[21]) ?? 0, userTicks: Int(fields[11]) ?? 0, systemTicks: Int(fields[12]) ?? 0,
            exitCode: exitCode)
    }

    /// The fields of `/proc/PID/stat` after the command name: state, ppid, pgrp, session, ... The
    /// name may contain spaces and parentheses, so the fields start after the last ')'.
    static func statFields(_ pid: Int32) -> [Substring]? {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let close = text.lastIndex(of: ")")
        else { return nil }
        return text[text.index(after: close)...].split(separator: " ")
    }

    public func descriptors(of pid: Int32) -> [Int32: String] {
        let dir = pid == getpid() ? "/proc/self/fd" : "/proc/\(pid)/fd"
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: dir) else { return [:] }
        var out: [Int32: String] = [:]
        for name in names {
            if let fd = Int32(name), let target = Self.link("\(dir)/\(name)") { out[fd] = target }
        }
        return out
    }

    public func executable(of pid: Int32) -> String? {
        Self.link(pid == getpid() ? "/proc/self/exe" : "/proc/\(pid)/exe")
    }

    public func ownPeakRSSBytes() -> Int? {
        guard let text = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
            let line = text.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
            let kib = Int(line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "")
        else { return nil }
        return kib * 1024
    }

    public var pageSize: Int { Int(sysconf(Int32(_SC_PAGESIZE))) }
    public var clockTicksPerSecond: Int { Int(sysconf(Int32(_SC_CLK_TCK))) }

    public func blockUntilExit(_ pid: Int32) -> Bool {
        var info = siginfo_t()
        while true {
            if waitid(P_PID, id_t(pid), &info, WEXITED | WNOWAIT) == 0 { return true }
            if errno != EINTR { return false }
        }
    }

    static func link(_ path: String) -> String? {
        var buffer = [CChar](repeating: 0, count: 256)
        let n = readlink(path, &buffer, buffer.count - 1)
        guard n > 0 else { return nil }
        return String(decoding: buffer[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}

public enum Platform {
    /// The implementation in use; Linux is the only one today.
    public static let current: any ProcessPlatform = LinuxProcessPlatform()
}
