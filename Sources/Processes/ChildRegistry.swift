import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// Every child Preflight has running, whatever started it (a server, one of the project's tools,
/// git, the Python analyser): each leads its own session, so killing its group kills its
/// descendants, and its pipes name those that escaped the session. On Ctrl-C, all of them go.
public final class ChildRegistry: Sendable {
    public struct Child: Sendable, Equatable {
        public var pid: Int32
        public var label: String
        public var pipes: Set<String>
    }

    public static let shared = ChildRegistry()
    private let children = Mutex<[Int32: Child]>([:])

    public init() {}

    public func add(_ pid: Int32, label: String, pipes: Set<String> = []) {
        children.withLock { $0[pid] = Child(pid: pid, label: label, pipes: pipes) }
    }

    public func remove(_ pid: Int32) { _ = children.withLock { $0.removeValue(forKey: pid) } }

    public var live: [Child] { children.withLock { Array($0.values) }.sorted { $0.pid < $1.pid } }

    /// SIGKILL to every registered group, to whatever holds their pipes, and to every descendant of
    /// this process: a child is registered by a task that runs after the spawn, so on a busy machine a
    /// server can have started (and started helpers of its own) before it is in the registry.
    public func killAll() {
        let all = live
        for child in all {
            kill(-child.pid, SIGKILL)
            kill(child.pid, SIGKILL)
        }
        let own = getpid()
        for member in ProcessInspector.tree(own) where member.pid != own {
            kill(-member.pid, SIGKILL)  // each child leads its own session and group
            kill(member.pid, SIGKILL)
        }
        let pipes = all.reduce(into: Set<String>()) { $0.formUnion($1.pipes) }
        if !pipes.isEmpty { PipeHolders.kill(holding: pipes) }
    }
}

/// Ctrl-C and SIGTERM end Preflight at any phase, and take every child with it.
public enum Interrupts {
    private static let installed = Mutex(false)
    /// Signal sources must live as long as the process; written once, under `installed`'s guard.
    nonisolated(unsafe) private static var sources: [any DispatchSourceSignal] = []

    /// Installs the handlers once, at start-up; `message` goes to stderr before exiting 130 (SIGINT)
    /// or 143 (SIGTERM), the shell's convention.
    public static func install(message: String = "preflight: interrupted; child processes stopped") {
        let first = installed.withLock { done in
            defer { done = true }
            return !done
        }
        guard first else { return }
        for sig in [SIGINT, SIGTERM] {
            signal(sig, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: sig, queue: .global())
            source.setEventHandler {
                ChildRegistry.shared.killAll()
                FileHandle.standardError.write(Data("\n\(message)\n".utf8))
                exit(128 + sig)
            }
            source.resume()
            sources.append(source)
        }
    }
}
