import ArgumentParser
import PreflightKit
import Reporters

struct RulesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rules", abstract: "List every check with its id, section, kind, severity and remediation.")

    enum Format: String, CaseIterable, ExpressibleByArgument { case text, json, markdown }

    @Option(name: .long, help: "markdown is docs/checks.md.")
    var format: Format = .text

    func run() async throws {
        switch format {
        case .text: print(RulesRenderer.text(Catalog.all), terminator: "")
        case .json: print(RulesRenderer.json(Catalog.all), terminator: "")
        case .markdown: print(RulesRenderer.markdown(Catalog.all), terminator: "")
        }
    }
}
