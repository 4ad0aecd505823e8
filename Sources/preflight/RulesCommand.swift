import ArgumentParser
import PreflightCore
import ProjectAudit
import Reporters

struct RulesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rules", abstract: "List every check with its id, section, kind, severity and remediation.")

    @Option(name: .long, help: "text, json or markdown (markdown is docs/checks.md).")
    var format: String = "text"

    func run() async throws {
        let catalog = FullCatalog.all
        switch format {
        case "text": print(RulesRenderer.text(catalog), terminator: "")
        case "json": print(RulesRenderer.json(catalog), terminator: "")
        case "markdown": print(RulesRenderer.markdown(catalog), terminator: "")
        default: throw UsageError("unknown rules format '\(format)' (text, json, markdown)")
        }
    }
}
