import PreflightCore

/// Operations documentation may live in README, docs/ or dedicated files (RUNBOOK.md).
enum OpsDocs {
    static func find(_ project: Project, headingWords: [String], fileStems: [String]) -> String? {
        if let (doc, h) = DocsSupport.heading(project, headingWords) {
            return "\(doc.path) has a \"\(h.text)\" section (line \(h.line))"
        }
        let file = project.files.first { path in
            let name = (path.split(separator: "/").last.map(String.init) ?? path).lowercased()
            let stem = name.split(separator: ".").first.map(String.init) ?? name
            return !ProjectPaths.isTestPath(path) && fileStems.contains { stem.contains($0) }
                && (name.hasSuffix(".md") || name.hasSuffix(".rst") || name.hasSuffix(".txt"))
        }
        return file.map { "\($0) exists" }
    }
}
