import PreflightCore

/// Operations documentation may live in README, docs/ or dedicated files (RUNBOOK.md).
enum OpsDocs {
    static func find(_ project: Project, headingWords: [String], fileStems: [String]) -> String? {
        if let (doc, h) = DocsSupport.heading(project, headingWords) {
            return "\(doc.path) has a \"\(h.text)\" section (line \(h.line))"
        }
        let file = project.files.first { path in
            let lower = path.lowercased()
            guard lower.hasSuffix(".md") || lower.hasSuffix(".rst") || lower.hasSuffix(".txt") else { return false }
            let name = lower.lastIndex(of: "/").map { lower[lower.index(after: $0)...] } ?? lower[...]
            let stem = name.split(separator: ".").first ?? name
            return fileStems.contains { stem.contains($0) } && !ProjectPaths.isTestPath(path)
        }
        return file.map { "\($0) exists" }
    }
}
