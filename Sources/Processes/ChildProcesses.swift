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

    private static let ignoreOnce: Void = { signal(SIGPIPE, SIG_IGN) }()
}
