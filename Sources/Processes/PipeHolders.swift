import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Who holds a child's pipes. A descendant that left the child's session (double fork and
/// `setsid`) is no longer in its process group or tree, but it still holds the pipes it
/// inherited: while it does, reading them never ends. Found by what they hold, it can be killed.
public enum PipeHolders {
    static var platform: any ProcessPlatform { Platform.current }

    /// The pipes on a just-started child's stdin, stdout and stderr (`pipe:[inode]`). Until it has
    /// exec'd, a forked child still holds copies of Preflight's own descriptors: wait (at most a
    /// second) for the exec, and never name a pipe of Preflight's own stdio, whose other holders
    /// are not the child's.
    public static func pipes(of pid: Int32) -> Set<String> {
        let ownExecutable = platform.executable(of: getpid())
        let end = ContinuousClock.now + .seconds(1)
        while ContinuousClock.now < end, let exe = platform.executable(of: pid), exe == ownExecutable { usleep(1_000) }
        let ownFDs = platform.descriptors(of: getpid())
        let own = Set((0...2).compactMap { ownFDs[Int32($0)] })
        let fds = platform.descriptors(of: pid)
        return Set((0...2).compactMap { fds[Int32($0)] }.filter { $0.hasPrefix("pipe:") }).subtracting(own)
    }

    /// `pipes(of:)` without blocking a cooperative thread while the child execs (there are as many
    /// of those as cores, and a busy machine can make exec slow).
    public static func pipesAfterExec(of pid: Int32) async -> Set<String> {
        await withCheckedContinuation { continuation in
            DispatchQueue.global().async { continuation.resume(returning: pipes(of: pid)) }
        }
    }

    /// Processes holding any of these pipes open: descendants that escaped the session by double
    /// fork and `setsid` are found by what they hold, not by who their parent is.
    public static func holders(of pipes: Set<String>, excluding: Set<Int32>) -> [Int32] {
        guard !pipes.isEmpty else { return [] }
        // A fork of Preflight that has not exec'd yet (another spawn in progress) holds copies of
        // every descriptor for a moment: it is not the child's, and killing it would break that spawn.
        let ownExecutable = platform.executable(of: getpid())
        return platform.pids().filter { pid in
            guard !excluding.contains(pid), platform.executable(of: pid) != ownExecutable else { return false }
            return platform.descriptors(of: pid).values.contains(where: pipes.contains)
        }
    }

    /// SIGKILL to every other process holding these pipes; Preflight itself is never one of them.
    public static func kill(holding pipes: Set<String>) {
        for holder in holders(of: pipes, excluding: [getpid()]) { Glibc.kill(holder, SIGKILL) }
    }
}
