import Foundation
import PreflightKit

/// A one-line live progress indicator on stderr, only when stderr is a terminal.
enum Progress {
    static func show(_ events: AsyncStream<AuditEvent>) async {
        let tty = isatty(2) == 1
        for await event in events where tty {
            switch event {
            case .started(let phase): line(phase.activity)
            case .step(_, let step): line(step)
            case .finished: clear()
            }
        }
    }

    static func line(_ text: String) { FileHandle.standardError.write(Data("\r\u{1B}[2K[preflight] \(text)…".utf8)) }
    static func clear() { FileHandle.standardError.write(Data("\r\u{1B}[2K".utf8)) }
}
