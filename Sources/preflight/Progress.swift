import Foundation

/// A one-line live progress indicator on stderr (only when stderr is a terminal).
enum Progress {
    @Sendable static func line(_ phase: String) {
        FileHandle.standardError.write(Data("\r\u{1B}[2K[preflight] \(phase)…".utf8))
    }

    static func clear() {
        if isatty(2) == 1 { FileHandle.standardError.write(Data("\r\u{1B}[2K".utf8)) }
    }
}
