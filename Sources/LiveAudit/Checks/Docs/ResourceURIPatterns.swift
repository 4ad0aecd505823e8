import PreflightCore

struct ResourceURIPatterns: LiveCheck {
    static let description = CheckDescription(
        id: "docs.resource-uri-patterns", title: "Resource URI templates are documented", section: .documentation,
        kind: .live, severity: .info,
        rationale:
            "Users and client authors need to know which resource URIs exist and what their parameters mean (checklist: resource URI patterns documented).",
        remediation: "List every URI template (e.g. `notes://{id}`) with its parameters in README.",
        failing: [.server("docs.resource-uri-patterns", files: ["README.md": "# Mini\n\nResources: `notes://{id}`.\n"])],
        passing: [.server(files: ["README.md": "# Mini\n\nResources: `notes://{id}`.\n"])])

    func run(_ f: LiveFacts, _ context: LiveContext) -> CheckOutput {
        if let skip = LiveSkip.step(f, "listing") { return skip }
        let templates = f.templates.items.compactMap { $0["uriTemplate"]?.stringValue }
        guard !templates.isEmpty else { return .skip("the server lists no resource templates") }
        guard let project = context.project else { return .skip("no project folder to look for documentation in") }
        let docs = project.documentation.map(\.text).joined(separator: "\n")
        // No documentation at all is docs.readme-setup's finding; here there is nothing to compare with.
        guard !docs.isEmpty else { return .skip("the project has no README or docs to look for the URI patterns in") }
        let missing = templates.filter { !docs.contains($0) }
        let findings = missing.map { Finding("resource template `\($0)` is not in README or docs/") }
        return .from(findings, pass: "all \(templates.count) resource templates appear in the documentation")
    }
}
