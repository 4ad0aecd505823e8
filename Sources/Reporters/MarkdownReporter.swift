import PreflightCore

public struct MarkdownReporter: Reporter {
    public init() {}
    public func render(_ report: Report) -> String { "" }
}
