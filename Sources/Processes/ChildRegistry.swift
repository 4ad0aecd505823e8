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
    /// Set by `killAll`: Preflight is ending, and no child may start or outlive it.
    private let closing = Mutex(false)

    public init() {}

    /// Whether Preflight is ending (Ctrl-C): spawn paths start nothing more.
    public var isClosing: Bool { closing.withLock { $0 } }

    public func add(_ pid: Int32, label: String, pipes: Set<String> = []) {
        children.withLock { $0[pid] = Child(pid: pid, label: label, pipes: pipes) }
        // Spawned while Preflight was ending (a restart racing the interrupt): it goes at once.
        if isClosing {
            kill(-pid, SIGKILL)
            kill(pid, SIGKILL)
        }
    }

    public func remove(_ pid: Int32) { _ = children.withLock { $0.removeValue(forKey: pid) } }

    public var live: [Child] { children.withLock { Array($0.values) }.sorted { $0.pid < $1.pid } }

    /// SIGKILL to every registered group, to whatever holds their pipes, and to every descendant of
    /// this process: a child is registered by a task that runs after the spawn, so on a busy machine a
    /// server can have started (and started helpers of its own) before it is in the registry.
    /// The other threads keep running until the process exits: a live audit that sees its server die
    /// may start another (a restart), so spawning stops first (`isClosing`), and a second sweep takes a
    /// fork that had already passed that test.
    public func killAll() {
        closing.withLock { $0 = true }
        sweep()
        usleep(100_000)  // bounded grace for a fork already under way, not a synchronisation
        sweep()
    }

    private func sweep() {
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
    /// Called before Preflight exits on its own: while an interrupt is being handled, the handler is the
    /// one to exit (130 or 143, after every child is gone), not a run that finished meanwhile.
    public static func holdIfEnding() {
        guard ChildRegistry.shared.isClosing else { return }
        for _ in 0..<100 { usleep(100_000) }  // bounded: the handler exits within its sweeps
    }

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
