import PreflightCore

public struct SARIFReporter: Reporter {
    public init() {}
    public func render(_ report: Report) -> String { "" }
}
