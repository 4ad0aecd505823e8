import Synchronization

/// What several checks derive from the same project, derived once per audit instead of once per check
/// (the CI pipeline is read by eight checks; on a large monorepo that was a quarter of the static time).
/// A project that changes gets a new memo (`Project`'s stored properties replace it on every change),
/// so a value here always belongs to the project it was derived from.
final class ProjectMemo: Sendable {
    private let pipeline = Mutex<CIPipeline?>(nil)
    private let serverPython = Mutex<[PythonFile]?>(nil)

    func pipeline(_ make: () -> CIPipeline) -> CIPipeline {
        pipeline.withLock { value in
            if let value { return value }
            let made = make()
            value = made
            return made
        }
    }

    func serverPython(_ make: () -> [PythonFile]) -> [PythonFile] {
        serverPython.withLock { value in
            if let value { return value }
            let made = make()
            value = made
            return made
        }
    }
}
