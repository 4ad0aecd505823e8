import PreflightCore

enum DocsSupport {
    /// The first documentation heading (README first, then docs/) whose words match.
    static func heading(_ project: Project, _ words: [String]) -> (document: MarkdownDocument, heading: MarkdownDocument.Heading)?
    {
        for doc in project.documentation {
            if let h = doc.heading(matching: words) { return (doc, h) }
        }
        return nil
    }

    static func missingReadme() -> CheckOutput {
        .fail("the project has no README", at: Location("README.md"))
    }
}
