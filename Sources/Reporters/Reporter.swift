import PreflightCore

/// Renders the one `Report` into a format. Reporters format facts; they never compute them.
public protocol Reporter: Sendable {
    func render(_ report: Report) -> String
}

public enum OutputFormat: String, CaseIterable, Sendable {
    case text, json, sarif, junit, markdown

    public func reporter(color: Bool) -> any Reporter {
        switch self {
        case .text: return TextReporter(color: color)
        case .json: return JSONReporter()
        case .sarif: return SARIFReporter()
        case .junit: return JUnitReporter()
        case .markdown: return MarkdownReporter()
        }
    }
}
