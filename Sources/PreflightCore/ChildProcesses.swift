import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// What every place that starts a child process needs, kept in one spot.
public enum ChildProcesses {
    /// `KEY=VALUE` entries, sorted, each ending with the NUL that `strdup` needs (swift-subprocess
    /// copies raw entries with it: without the NUL a child may read garbage past the value).
    public static func rawEnvironment(_ variables: [String: String]) -> [[UInt8]] {
        variables.sorted { $0.key < $1.key }.map { Array("\($0.key)=\($0.value)\0".utf8) }
    }

    /// A write to a child that has exited must be an EPIPE error, not a SIGPIPE that kills Preflight.
    public static func ignoreBrokenPipes() { _ = ignoreOnce }

    /// Whether the pid no longer names our session leader: gone, or reused by a process that does
    /// not lead its own session (a recycled pid of a new leader is indistinguishable, and rare).
    public static func isReaped(_ pid: Int32) -> Bool {
        guard let fields = statFields(pid), fields.count >= 4 else { return true }
        return fields[3] != Substring(String(pid))
    }

    /// The fields of `/proc/PID/stat` after the command name: state, ppid, pgrp, session, ... The
    /// name may contain spaces and parentheses, so the fields start after the last ')'.
    public static func statFields(_ pid: Int32) -> [Substring]? {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let close = text.lastIndex(of: ")")
        else { return nil }
        return text[text.index(after: close)...].split(separator: " ")
    }

    private static let ignoreOnce: Void = { signal(SIGPIPE, SIG_IGN) }()
}
