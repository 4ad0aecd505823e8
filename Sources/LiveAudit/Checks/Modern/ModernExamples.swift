import PreflightCore

/// Fixtures shared by the 2026-07-28 checks' examples: one deviant server carries the defects that do
/// not interfere with each other, so each check fails on its own defect without a probe per defect.
enum ModernExamples {
    static let dataDefects = Example.deviant(
        "no-result-type", "no-cache-fields", "no-server-info-meta", "nondeterministic-tools", "resource-not-found-32002",
        "invalid-x-mcp-header", "log-without-opt-in", "no-header-mismatch",
        note: "independent defects, one per 2026-07-28 check")
    static let sdk = Example.http("sdk_server.py")
    static let sdkStdio = Example.stdio("sdk_server.py")
}
