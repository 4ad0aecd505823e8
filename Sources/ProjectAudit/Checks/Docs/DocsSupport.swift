import Foundation
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

    /// How a message names a README: the repository's, when the package has none of its own.
    static func name(_ readme: MarkdownDocument) -> String {
        readme.path.hasPrefix("../") ? "\(readme.path) (the repository's README)" : readme.path
    }

    /// Commands in code blocks and inline code, with their lines: what a reader would type.
    static func commands(_ doc: MarkdownDocument) -> [(words: [String], line: Int)] {
        var out: [(words: [String], line: Int)] = []
        for block in doc.codeBlocks {
            for (offset, line) in block.text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                out += CIShell.split(String(line)).map { (stripPrompt($0.words), block.line + 1 + offset) }
            }
        }
        let lines = doc.text.split(separator: "\n", omittingEmptySubsequences: false)
        for (index, line) in lines.enumerated() where line.contains("`") {
            // Inline code spans: `pip install demo`.
            let parts = line.split(separator: "`", omittingEmptySubsequences: false)
            for (i, part) in parts.enumerated() where i % 2 == 1 && i < parts.count - 1 {
                out += CIShell.split(String(part)).map { (stripPrompt($0.words), index + 1) }
            }
        }
        return out.filter { !$0.words.isEmpty }
    }

    /// `$ pip install x` and `> uvx x`: the prompt is not part of the command.
    static func stripPrompt(_ words: [String]) -> [String] {
        var w = words
        while let first = w.first, ["$", ">", "%", "#", "PS>"].contains(first) { w.removeFirst() }
        return w
    }

    /// A command that installs or starts the server the way users do.
    static func isInstallOrRun(_ words: [String]) -> Bool {
        guard let program = words.first.map(CICommandLine.program) else { return false }
        let sub = words.dropFirst().first { !$0.hasPrefix("-") }
        switch program {
        case "pip", "pip3", "pipx", "poetry", "conda", "brew", "npm", "pnpm", "yarn", "bun":
            return ["install", "i", "add", "run", "dlx", "ci", "x"].contains(sub ?? "")
        case "uv":
            return ["add", "sync", "pip", "tool", "run"].contains(sub ?? "")
        case "uvx", "npx", "bunx", "pnpx": return sub != nil
        case "docker", "podman":
            return ["run", "pull"].contains(sub ?? "")
        case "python", "python3":
            return words.count > 3 && words[1] == "-m" && ["pip", "uv"].contains(words[2])
        default: return isClientRegistration(words)
        }
    }

    /// `claude mcp add`, `codex mcp add`, `gemini mcp add`, `mcp install`, `fastmcp install`, `code --add-mcp`.
    static func isClientRegistration(_ words: [String]) -> Bool {
        guard let program = words.first.map(CICommandLine.program) else { return false }
        let rest = Array(words.dropFirst())
        switch program {
        case "claude", "codex", "gemini", "goose", "qwen": return rest.first == "mcp" && rest.dropFirst().first == "add"
        case "mcp", "fastmcp": return rest.first == "install"
        case "code", "code-insiders", "cursor": return rest.contains { $0.hasPrefix("--add-mcp") }
        default: return false
        }
    }

    /// A client configuration whose server is started by a package launcher (`uvx`, `npx`, `docker`,
    /// `pipx`): pasting it is the whole installation. One that runs `uv --directory /path` needs setup first.
    static func selfInstallingConfig(_ doc: MarkdownDocument) -> Int? {
        let launcher = #"(uvx|npx|pipx|bunx|docker|podman|pnpx)"#
        let patterns = [
            #""command"\s*:\s*"([^"]*/)?"# + launcher + #"(\.exe)?""#, #"(?m)^\s*-?\s*command:\s*"# + launcher + #"\b"#,
            #"(?m)^\s*command\s*=\s*"([^"]*/)?"# + launcher + #"""#,
        ]
        return doc.codeBlocks.first { block in
            patterns.contains { block.text.range(of: $0, options: .regularExpression) != nil }
        }?.line
    }

    /// A client configuration example: a server entry (`command` with `args`, or `url`) with or without
    /// its `mcpServers`/`servers`/`mcp_servers`/`context_servers` wrapper, in JSON(C), YAML or TOML, or a
    /// client's registration command. Returns the line and a short description.
    static func configExample(_ doc: MarkdownDocument) -> (line: Int, what: String)? {
        for block in doc.codeBlocks {
            let t = block.text
            let wrapped = ["\"mcpServers\"", "mcpServers:", "[mcp_servers", "\"mcp_servers\"", "\"context_servers\""].contains {
                t.contains($0)
            }
            let vsCode = t.contains("\"servers\"") && (t.contains("\"command\"") || t.contains("\"url\""))
            let bareJSON = t.contains("\"command\"") && (t.contains("\"args\"") || t.contains("\"env\""))
            let bareYAML =
                t.range(of: #"(?m)^\s*-?\s*command:\s*\S"#, options: .regularExpression) != nil
                && t.range(of: #"(?m)^\s*args:"#, options: .regularExpression) != nil
            let bareTOML =
                t.range(of: #"(?m)^\s*command\s*=\s*""#, options: .regularExpression) != nil
                && t.range(of: #"(?m)^\s*args\s*="#, options: .regularExpression) != nil
            if wrapped || vsCode || bareJSON || bareYAML || bareTOML {
                return (block.line, "a client configuration")
            }
        }
        if let hit = commands(doc).first(where: { isClientRegistration($0.words) }) {
            return (hit.line, "`\(hit.words.prefix(4).joined(separator: " "))`")
        }
        return nil
    }
}
