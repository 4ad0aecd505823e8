import PreflightCore

public struct JUnitReporter: Reporter {
    public init() {}
    public func render(_ report: Report) -> String { "" }
}
