import Foundation
import Load
import PreflightCore
import Processes
import Testing

@testable import Reporters

/// Headless Chromium, run through the child-process layer (own session, killed at the deadline).
enum Chromium {
    static let path: String? = ["chromium", "chromium-browser", "google-chrome"].lazy.compactMap { CommandRunner.which($0) }
        .first

    struct Page {
        var dom: String
        /// Every console message, uncaught error and blocked load (CSP), as Chromium logs them.
        var console: [String]
    }

    /// Loads `html` from a file and returns the DOM after its scripts ran, and the console.
    static func load(_ html: String) async throws -> Page {
        let browser = try #require(path)
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("chromium-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("report.html")
        try Data(html.utf8).write(to: file)
        let result = try await CommandRunner.run(
            browser,
            [
                "--headless", "--disable-gpu", "--no-sandbox", "--no-first-run", "--disable-extensions",
                "--enable-logging=stderr", "--v=0", "--user-data-dir=\(dir.appendingPathComponent("profile").path)",
                "--dump-dom", file.absoluteString,
            ], timeout: .seconds(120))
        #expect(!result.timedOut, "chromium did not finish in 120 s")
        #expect(result.exitCode == 0, "chromium exited \(String(describing: result.exitCode)): \(result.stderrText.suffix(600))")
        let console = result.stderrText.split(separator: "\n").filter { $0.contains(":CONSOLE") }.map(String.init)
        return Page(dom: result.stdoutText, console: console)
    }
}

@Suite(
    .serialized,
    .enabled(
        if: Chromium.path != nil,
        "chromium is not installed: `apt-get install -y chromium` (scripts/test.sh installs it)"))
struct ChromiumTests {
    @Test func theDetectorSeesConsoleErrors() async throws {
        // Without this the tests below could pass by never hearing anything.
        let page = try await Chromium.load(
            "<!DOCTYPE html><html><body><p>x</p><script>console.error('seen'); missing();</script></body></html>")
        #expect(page.console.contains { $0.contains("\"seen\"") })
        #expect(page.console.contains { $0.contains("Uncaught ReferenceError") })
    }

    @Test func theCheckReportLoadsWithoutAConsoleMessage() async throws {
        let html = HTMLReporter(charts: HTMLReporterTests.charts).render(HTMLReporterTests.report)
        let page = try await Chromium.load(html)
        #expect(page.console.isEmpty, "\(page.console)")
        #expect(page.dom.contains("<footer>"))
        #expect(page.dom.contains("<section id=\"trends\">"))
        // The hostile strings stayed text: no element came out of them.
        #expect(!page.dom.contains("<img"))
        #expect(page.dom.components(separatedBy: "<script").count == 2)
    }

    @Test func theLoadReportLoadsWithoutAConsoleMessage() async throws {
        let report = try LoadHTMLRendererTests.report()
        let page = try await Chromium.load(LoadHTMLRenderer(charts: LoadHTMLRendererTests.charts(report)).render(report))
        #expect(page.console.isEmpty, "\(page.console)")
        #expect(page.dom.contains("<section id=\"latency\">"))
        #expect(!page.dom.contains("<img"))
    }
}
