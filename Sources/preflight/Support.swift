import ArgumentParser
import Foundation
import PreflightCore
import PreflightKit
import Reporters

extension OutputFormat: ExpressibleByArgument {}
extension Severity: ExpressibleByArgument {}

/// `--format`, `--output`, colour and verbosity: how a report is rendered and where it goes.
struct OutputOptions: ParsableArguments {
    @Option(name: .long, help: "Output format. Repeat for several; pairs with --output in order.")
    var format: [OutputFormat] = []

    @Option(name: .long, help: "Write the matching --format to this file instead of stdout. Repeatable.")
    var output: [String] = []

    @Flag(name: .long, help: "No colour in text output (NO_COLOR is honoured too).")
    var noColor = false

    @Flag(name: .shortAndLong, help: "Text output: every location, the evidence, passing checks' details and phase timings.")
    var verbose = false

    func plan() throws -> OutputPlan {
        let formats = format.isEmpty ? [OutputFormat.text] : format
        guard output.count <= formats.count else {
            throw UsageError("\(output.count) --output for \(formats.count) --format: give a --format for each --output")
        }
        let targets = formats.enumerated().map { i, f in (f, i < output.count ? output[i] : nil) }
        if targets.filter({ $0.1 == nil }).count > 1 {
            throw UsageError("only one format can go to stdout: give --output for the others")
        }
        let environmentAllows = ProcessInfo.processInfo.environment["NO_COLOR"].map(\.isEmpty) ?? true
        return OutputPlan(targets: targets, color: !noColor && environmentAllows && isatty(1) == 1, verbose: verbose)
    }
}

/// Where each rendered format goes; the report is already redacted by the engine.
struct OutputPlan {
    var targets: [(format: OutputFormat, path: String?)]
    var color: Bool
    var verbose: Bool

    /// `charts`: what the HTML report draws besides the report (histograms, memory, trends).
    func write(_ report: Report, charts: HTMLCharts = HTMLCharts()) throws {
        for (format, path) in targets {
            let reporter =
                format == .html ? HTMLReporter(charts: charts) : format.reporter(color: color && path == nil, verbose: verbose)
            let rendered = reporter.render(report)
            if let path { try Output.write(rendered, to: path) } else { FileHandle.standardOutput.write(Data(rendered.utf8)) }
        }
    }
}

enum Output {
    static func write(_ text: String, to path: String) throws {
        do {
            try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        } catch {
            throw UsageError("cannot write \(path): \(error.localizedDescription)")
        }
    }
}
