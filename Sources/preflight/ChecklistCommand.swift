import ArgumentParser
import Foundation
import PreflightCore
import PreflightKit

struct ChecklistCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "checklist",
        abstract: "The whole production checklist, in its own order and words, each line with its status from the checks.",
        discussion: """
            Runs the same audit as `check` (add --server to decide the live lines, --run-tools for the tool lines), \
            then shows every line of the checklist with the status of the checks it maps to. Process items pass \
            with an attestation (`preflight attest`). `--format markdown` writes it with ticked boxes, for a \
            release pull request.
            """)

    enum Format: String, CaseIterable, ExpressibleByArgument { case text, markdown, json }

    @Argument(help: "The project folder (default: the current folder).")
    var path: String?

    @Option(name: .long, help: "text, markdown or json.")
    var format: Format = .text

    @Option(name: .long, help: "Write to this file instead of stdout.")
    var output: String?

    @OptionGroup var audit: AuditOptions

    func run() async throws {
        let request = try audit.request(path: path ?? ".")
        let outcome = try await audit.audit(request)
        let checklist = ChecklistReport(source: AuditStatusSource(report: outcome.report), passed: outcome.report.passed)
        let rendered: String
        switch format {
        case .text: rendered = ChecklistRenderer.text(checklist)
        case .markdown: rendered = ChecklistRenderer.markdown(checklist)
        case .json: rendered = ChecklistRenderer.json(checklist)
        }
        if let output { try Output.write(rendered, to: output) } else { print(rendered, terminator: "") }
        if !outcome.report.passed { throw ExitCode(1) }
    }
}

struct AttestCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "attest",
        abstract: "Record an attestation of a process item in preflight.toml (appends an [[attest]] table).")

    @Argument(help: "The check id (see `preflight rules`; ops.* items).")
    var id: String

    @Option(name: .long, help: "Who attests (name or e-mail).")
    var by: String

    @Option(name: .long, help: "A link to the evidence (ticket, recording, dashboard).")
    var evidence: String?

    @Option(name: .long, help: "YYYY-MM-DD (default: today, UTC).")
    var date: String?

    @Option(name: .long, help: "The configuration file (default: ./preflight.toml); created when missing.")
    var config: String?

    func run() async throws {
        let path = config ?? "preflight.toml"
        let fm = FileManager.default
        var existing = ""
        if fm.fileExists(atPath: path) {
            guard let data = fm.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
                throw UsageError("\(path): cannot read the configuration as UTF-8 text")
            }
            existing = text
        }
        let attestation = Attestor.Attestation(id: id, by: by, date: date ?? Attestor.today(), evidence: evidence)
        let text = try Attestor.appended(attestation, to: existing, source: path)
        try Output.write(text, to: path)
        print("\(path): recorded \(id), attested by \(by) on \(attestation.date)\(evidence.map { " (\($0))" } ?? "")")
    }
}
