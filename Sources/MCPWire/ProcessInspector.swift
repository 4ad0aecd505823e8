import Foundation
import PreflightCore

#if canImport(Glibc)
    import Glibc
#endif

/// Linux process facts from /proc and pidfd: exit without reaping, descendants, RSS.
public enum ProcessInspector {
    public struct Stat: Sendable {
        public var pid: Int32
        public var state: Character
        public var ppid: Int32
        public var pgrp: Int32
        public var session: Int32
        public var rssPages: Int
        /// The wait status of an exited (zombie) process (`exit_code` field, Linux >= 3.5).
        public var exitCode: Int32?
    }

    public static func stat(_ pid: Int32) -> Stat? {
        guard let fields = ChildProcesses.statFields(pid), fields.count > 22, let state = fields[0].first else { return nil }
        let exitCode = fields.count > 49 ? Int32(fields[49].trimmingCharacters(in: .whitespacesAndNewlines)) : nil
        return Stat(
            pid: pid, state: state, ppid: Int32(fields[1]) ?? 0, pgrp: Int32(fields[2]) ?? 0, session: Int32(fields[3]) ?? 0,
            rssPages: Int(fields[21]) ?? 0, exitCode: exitCode)
    }

    public static func allStats() -> [Stat] {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: "/proc") else { return [] }
        return names.compactMap { Int32($0) }.compactMap(stat)
    }

    /// Live (non-zombie) processes whose session is `session`: what a server left behind.
    public static func liveMembers(ofSession session: Int32, excluding: Set<Int32> = []) -> [Stat] {
        allStats().filter { $0.session == session && $0.state != "Z" && $0.state != "X" && !excluding.contains($0.pid) }
    }

    /// The process and all its descendants (by parent pid), alive.
    public static func tree(_ root: Int32) -> [Stat] {
        let stats = allStats()
        var children: [Int32: [Stat]] = [:]
        for s in stats { children[s.ppid, default: []].append(s) }
        var out: [Stat] = []
        var stack = stats.filter { $0.pid == root }
        while let s = stack.popLast() {
            guard s.state != "Z" else { continue }
            out.append(s)
            stack += children[s.pid] ?? []
        }
        return out
    }

    /// Resident memory of the whole process tree, in bytes.
    public static func treeRSS(_ root: Int32) -> Int {
        let page = Int(sysconf(Int32(_SC_PAGESIZE)))
        return tree(root).reduce(0) { $0 + $1.rssPages * page }
    }

    /// This process's peak resident memory (`VmHWM`), in bytes.
    public static func peakRSSBytes() -> Int? {
        guard let text = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
            let line = text.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
            let kib = Int(line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "")
        else { return nil }
        return kib * 1024
    }

    /// Whether the process has exited (a zombie not yet reaped counts as exited).
    public static func hasExited(_ pid: Int32) -> Bool {
        guard let s = stat(pid) else { return true }
        return s.state == "Z" || s.state == "X"
    }

    /// Waits for the process to exit, up to `timeout`, without reaping it (its owner reaps).
    /// A blocking `waitid(WNOWAIT)` on its own thread makes this an event, not a poll loop.
    public static func waitForExit(_ pid: Int32, timeout: Duration) async -> Bool {
        if hasExited(pid) { return true }
        let once = OnceFlag()
        return await withCheckedContinuation { continuation in
            let thread = Thread {
                var info = siginfo_t()
                // Returns when the child exits. When it cannot wait (not our child, or SIGCHLD set up so
                // that children are not waitable), /proc is the fallback: its state says when it is done.
                while waitid(P_PID, id_t(pid), &info, WEXITED | WNOWAIT) != 0 && errno == EINTR {}
                while !hasExited(pid) && !once.isClaimed { usleep(2_000) }
                if once.claim() { continuation.resume(returning: true) }
            }
            thread.start()
            Task {
                try? await Task.sleep(for: timeout)
                if once.claim() { continuation.resume(returning: hasExited(pid)) }
            }
        }
    }

    /// "exit 0", "killed by SIGTERM", from a zombie's wait status.
    public static func describe(waitStatus: Int32?) -> (exitCode: Int32?, signal: Int32?) {
        guard let status = waitStatus else { return (nil, nil) }
        let signal = status & 0x7F
        if signal == 0 { return ((status >> 8) & 0xFF, nil) }
        return (nil, signal)
    }
}

/// Process groups Preflight started, killed on exit (also on Ctrl-C) so nothing is left behind.
public final class ProcessGroupRegistry: @unchecked Sendable {
    public static let shared = ProcessGroupRegistry()
    private let lock = NSLock()
    private var groups: Set<Int32> = []

    public func add(_ pgid: Int32) { lock.withLock { _ = groups.insert(pgid) } }
    public func remove(_ pgid: Int32) { lock.withLock { _ = groups.remove(pgid) } }

    public func killAll() {
        let all = lock.withLock { groups }
        for g in all { kill(-g, SIGKILL) }
    }
}
