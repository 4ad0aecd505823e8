import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Who holds a child's pipes. A descendant that left the child's session (double fork and
/// `setsid`) is no longer in its process group or tree, but it still holds the pipes it
/// inherited: while it does, reading them never ends. Found by what they hold, it can be killed.
public enum PipeHolders {
    /// The pipes on a just-started child's stdin, stdout and stderr (`pipe:[inode]`). Until it has
    /// exec'd, a forked child still holds copies of Preflight's own descriptors: wait (at most a
    /// second) for the exec, and never name a pipe of Preflight's own stdio, whose other holders
    /// are not the child's.
    public static func pipes(of pid: Int32) -> Set<String> {
        let ownExecutable = link("/proc/self/exe")
        let end = ContinuousClock.now + .seconds(1)
        while ContinuousClock.now < end, let exe = link("/proc/\(pid)/exe"), exe == ownExecutable { usleep(1_000) }
        let own = Set((0...2).compactMap { link("/proc/self/fd/\($0)") })
        return Set((0...2).compactMap { link("/proc/\(pid)/fd/\($0)") }.filter { $0.hasPrefix("pipe:") })
            .subtracting(own)
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
        guard !pipes.isEmpty, let names = try? FileManager.default.contentsOfDirectory(atPath: "/proc") else { return [] }
        // A fork of Preflight that has not exec'd yet (another spawn in progress) holds copies of
        // every descriptor for a moment: it is not the child's, and killing it would break that spawn.
        let ownExecutable = link("/proc/self/exe")
        return names.compactMap { Int32($0) }.filter { pid in
            guard !excluding.contains(pid), link("/proc/\(pid)/exe") != ownExecutable,
                let fds = try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/fd")
            else { return false }
            return fds.contains { fd in link("/proc/\(pid)/fd/\(fd)").map(pipes.contains) ?? false }
        }
    }

    static func link(_ path: String) -> String? {
        var buffer = [CChar](repeating: 0, count: 256)
        let n = readlink(path, &buffer, buffer.count - 1)
        guard n > 0 else { return nil }
        return String(decoding: buffer[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// SIGKILL to every other process holding these pipes; Preflight itself is never one of them.
    public static func kill(holding pipes: Set<String>) {
        for holder in holders(of: pipes, excluding: [getpid()]) { Glibc.kill(holder, SIGKILL) }
    }
}
