import Foundation
import PreflightCore

/// Operations documentation may live in README, docs/ or dedicated files (RUNBOOK.md); only user
/// documentation counts (see `ProjectPaths.isUserDocumentation`), not CI, agent or example files.
enum OpsDocs {
    static func find(_ project: Project, headingWords: [String], fileStems: [String]) -> String? {
        if let (doc, h) = DocsSupport.heading(project, headingWords) {
            return "\(doc.path) has a \"\(h.text)\" section (line \(h.line))"
        }
        let file = project.files.first { path in
            let name = (path.split(separator: "/").last.map(String.init) ?? path).lowercased()
            let stem = name.split(separator: ".").first.map(String.init) ?? name
            return fileStems.contains { stem.contains($0) } && (ProjectPaths.isDocument(path) || name.hasSuffix(".txt"))
                && ProjectPaths.isUserDocumentationPlace(path, in: project)
        }
        return file.map { "\($0) exists" }
    }

    static let troubleshootingWords = [
        "troubleshooting", "troubleshoot", "common issues", "known issues", "common problems", "faq", "common errors",
    ]

    /// A troubleshooting section that pairs at least two symptoms with their fixes (`**Error X**: do Y`,
    /// `**Problem:** … **Solution:** …`, or one subsection per symptom): a runbook's common issues.
    static func symptomFixList(_ project: Project) -> String? {
        for doc in project.documentation {
            for heading in doc.headings where MarkdownDocument.matches(heading.text, troubleshootingWords) {
                let items = symptomCount(doc, under: heading)
                if items >= 2 {
                    return
                        "\(doc.path) has a \"\(heading.text)\" section with \(items) symptoms and their fixes (line \(heading.line))"
                }
            }
        }
        return nil
    }

    static func symptomCount(_ doc: MarkdownDocument, under heading: MarkdownDocument.Heading) -> Int {
        let next = doc.headings.first { $0.line > heading.line && $0.level <= heading.level }?.line ?? Int.max
        let subsections = doc.headings.filter { $0.line > heading.line && $0.line < next && $0.level > heading.level }.count
        var leads = 0
        var problems = 0
        for line in doc.section(under: heading).split(separator: "\n") {
            let t = line.trimmed
            // Without the list marker (`- `, `* `, `1. `).
            let body = t.replacingOccurrences(of: #"^([-*+]|\d+[.)])\s+"#, with: "", options: .regularExpression)
            let lower = body.lowercased()
            if ["**problem", "**symptom", "**issue", "**error", "problem:", "symptom:", "issue:", "q:", "**q:"].contains(where: {
                lower.hasPrefix($0)
            }) {
                problems += 1
            } else if body.range(of: #"^(\*\*|__|`)+[^*_`].*?(\*\*|__|`)+\s*[:–—-]\s*\S"#, options: .regularExpression) != nil {
                leads += 1
            }
        }
        return max(subsections, leads, problems)
    }
}
