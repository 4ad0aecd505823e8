import Foundation
import PreflightCore

#if canImport(Glibc)
    import Glibc
#endif

/// Process facts built on `Platform.current`: exit without reaping, descendants, sessions, RSS, CPU.
public enum ProcessInspector {
    public typealias Stat = ProcessStat

    static var platform: any ProcessPlatform { Platform.current }

    public static func stat(_ pid: Int32) -> Stat? { platform.stat(pid) }

    public static func allStats() -> [Stat] { platform.pids().compactMap(platform.stat) }

    /// Live (non-zombie) processes whose session is `session`: what a server left behind.
    public static func liveMembers(ofSession session: Int32, excluding: Set<Int32> = []) -> [Stat] {
        allStats().filter { $0.session == session && !$0.isGone && !excluding.contains($0.pid) }
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

    /// Resident memory and CPU time of a whole process tree at one moment.
    public struct TreeSample: Sendable, Equatable {
        public var rssBytes: Int
        public var cpuSeconds: Double
        public var processes: Int
    }

    public static func sample(tree root: Int32) -> TreeSample {
        let members = tree(root)
        let ticks = Double(max(1, platform.clockTicksPerSecond))
        return TreeSample(
            rssBytes: members.reduce(0) { $0 + $1.rssPages * platform.pageSize },
            cpuSeconds: members.reduce(0.0) { $0 + Double($1.userTicks + $1.systemTicks) / ticks },
            processes: members.count)
    }

    /// Resident memory of the whole process tree, in bytes.
    public static func treeRSS(_ root: Int32) -> Int { sample(tree: root).rssBytes }

    /// This process's peak resident memory (`VmHWM`), in bytes.
    public static func peakRSSBytes() -> Int? { platform.ownPeakRSSBytes() }

    /// Whether the process has exited (a zombie not yet reaped counts as exited).
    public static func hasExited(_ pid: Int32) -> Bool { stat(pid)?.isGone ?? true }

    /// Whether the pid no longer names our session leader: gone, or reused by a process that does
    /// not lead its own session (a recycled pid of a new leader is indistinguishable, and rare).
    public static func isReaped(_ pid: Int32) -> Bool {
        guard let s = stat(pid) else { return true }
        return s.session != pid
    }

    /// Waits for the process to exit, up to `timeout`, without reaping it (its owner reaps).
    /// A blocking wait on its own thread makes this an event, not a poll loop.
    public static func waitForExit(_ pid: Int32, timeout: Duration) async -> Bool {
        if hasExited(pid) { return true }
        let once = OnceFlag()
        let platform = self.platform
        return await withCheckedContinuation { continuation in
            let thread = Thread {
                // When it cannot wait (not our child, or children not waitable), /proc is the
                // fallback: its state says when the process is done.
                _ = platform.blockUntilExit(pid)
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

    /// Exit code or signal from a zombie's wait status.
    public static func describe(waitStatus: Int32?) -> (exitCode: Int32?, signal: Int32?) {
        guard let status = waitStatus else { return (nil, nil) }
        let signal = status & 0x7F
        if signal == 0 { return ((status >> 8) & 0xFF, nil) }
        return (nil, signal)
    }
}
