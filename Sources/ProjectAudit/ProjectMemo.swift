import Synchronization

/// What several checks derive from the same project, derived once per audit instead of once per check
/// (the CI pipeline is read by eight checks; on a large monorepo that was a quarter of the static time).
/// A project that changes gets a new memo (`Project`'s stored properties replace it on every change),
/// so a value here always belongs to the project it was derived from.
final class ProjectMemo: Sendable {
    private let pipeline = Mutex<CIPipeline?>(nil)
    private let serverPython = Mutex<[PythonFile]?>(nil)

    func pipeline(_ make: () -> CIPipeline) -> CIPipeline { Self.value(of: pipeline, make) }

    func serverPython(_ make: () -> [PythonFile]) -> [PythonFile] { Self.value(of: serverPython, make) }

    /// The slot's value, made by the first caller (holding the lock, so it is made once).
    private static func value<T: Sendable>(of slot: borrowing Mutex<T?>, _ make: () -> T) -> T {
        slot.withLock { value in
            if let value { return value }
            let made = make()
            value = made
            return made
        }
    }
}
