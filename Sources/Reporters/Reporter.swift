import PreflightCore

/// Renders the one `Report` into a format. Reporters format facts; they never compute them.
public protocol Reporter: Sendable {
    func render(_ report: Report) -> String
}

public enum OutputFormat: String, CaseIterable, Sendable {
    case text, json, sarif, junit, markdown, html

    public func reporter(color: Bool, verbose: Bool = false) -> any Reporter {
        switch self {
        case .text: return TextReporter(color: color, verbose: verbose)
        case .json: return JSONReporter()
        case .sarif: return SARIFReporter()
        case .junit: return JUnitReporter()
        case .markdown: return MarkdownReporter()
        case .html: return HTMLReporter()
        }
    }
}
