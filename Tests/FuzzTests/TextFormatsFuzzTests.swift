import PreflightCore
import PropertyBased
import Testing

@testable import ProjectAudit

enum TextGen {
    static let envFragments = [
        "API_KEY=", "# Required: your API key", "# optional: defaults to info", "LOG_LEVEL=info", "export TOKEN=abc",
        "QUOTED=\"a b # not a comment\"", "SINGLE='x'", "UNCLOSED=\"abc", "SPACED = value # trailing", "BAD LINE",
        "=nokey", "KEY.WITH-DOTS=1", "ÜNICODE=ok", "URL=https://example.com/#frag", "", "#", "export ", "A==b",
    ]

    static let markdownFragments = [
        "# MCP Server", "## Installation", "### Configuration ###", "####### too deep", "#NoSpace", "Title", "=====",
        "Subtitle", "---", "```bash", "```", "~~~python", "~~~", "````", "  ```json", "uv run server.py", "{\"mcpServers\": {}}",
        "Some prose with `code` and [a link](http://x).", "- item", "> quote", "", "   ", "| a | b |", "<!-- comment -->",
    ]

    static let suppressionFragments = [
        "# preflight: ignore[docker.healthcheck] stdio only", "// preflight: ignore-file[ops.monitoring,docker.user] vendored",
        "RUN x # preflight: ignore[] no ids", "# preflight: ignore[a, b ,,c]", "# preflight: ignore[unclosed reason",
        "preflight: ignore[x] no comment marker", "# preflight:ignore[x]", "#preflight: ignore-file[", "code line", "",
    ]
}

@Suite("Fuzz: .env, Markdown, suppressions")
struct TextFormatsFuzzTests {
    @Test func dotEnvIsTotalAndAccountsForEveryLine() async {
        await fuzz(input: Gen<String>.hostileText { r in Fragments.lines(TextGen.envFragments, count: 0...30, &r) }) {
            text throws(FuzzFailure) in
            let lineCount = text.utf8.count { $0 == 0x0A } + 1
            let file = DotEnvFile(path: ".env.example", text: text)
            try require(file.entries.count + file.malformedLines.count <= lineCount, "more entries than lines")
            let lines = file.entries.map(\.line) + file.malformedLines
            try require(Set(lines).count == lines.count, "a line is both an entry and malformed (or counted twice)")
            try require(lines.allSatisfy { $0 >= 1 && $0 <= lineCount }, "line number out of range")
            try require(file.entries.allSatisfy { !$0.key.isEmpty && !$0.key.contains("=") }, "empty or '=' key")
        }
    }

    /// `KEY=value` lines with simple keys and quoted values read back exactly.
    @Test func dotEnvReadsBackGeneratedEntries() async {
        let entries = Generator<[(String, String)], Shrink.None<[(String, String)]>>(run: { r in
            (0..<Noise.int(0...12, &r)).map { i in
                // A leading letter keeps a combining mark from fusing with the quote into one Character.
                ("K\(i)_" + JSONGen.digits(0...3, &r), "v" + Noise.unicode(20, &r).filter { $0 != "\"" && !$0.isNewline })
            }
        })
        await fuzz(input: entries, preview: { String(describing: $0).debugDescription }) { entries throws(FuzzFailure) in
            let text = entries.map { "\($0.0)=\"\($0.1)\"" }.joined(separator: "\n")
            let file = DotEnvFile(path: ".env.example", text: text)
            try require(file.malformedLines.isEmpty, "well-formed lines reported malformed: \(file.malformedLines)")
            try require(file.entries.map(\.key) == entries.map(\.0), "keys differ")
            try require(file.entries.map(\.value) == entries.map(\.1), "values differ: \(file.entries.map(\.value))")
        }
    }

    @Test func markdownIsTotalAndBounded() async {
        await fuzz(input: Gen<String>.hostileText { r in Fragments.lines(TextGen.markdownFragments, count: 0...40, &r) }) {
            text throws(FuzzFailure) in
            let lineCount = text.utf8.count { $0 == 0x0A } + 1
            let doc = MarkdownDocument(path: "README.md", text: text)
            try require(doc.headings.count <= lineCount, "more headings than lines")
            try require(
                doc.headings.allSatisfy { (1...6).contains($0.level) && (1...lineCount).contains($0.line) }, "bad heading")
            try require(doc.codeBlocks.allSatisfy { (1...lineCount).contains($0.line) }, "code block line out of range")
            let blockBytes = doc.codeBlocks.reduce(0) { $0 + $1.text.utf8.count }
            try require(blockBytes + doc.prose.utf8.count <= text.utf8.count, "prose and code blocks exceed the text")
            for heading in doc.headings.prefix(50) {
                try require(doc.section(under: heading).utf8.count <= text.utf8.count, "section larger than the text")
            }
            _ = doc.heading(matching: ["install", "configuration", "quick start"])
        }
    }

    /// Code blocks hold exactly their body lines; headings outside fences are found.
    @Test func markdownFencesAndHeadingsAreFound() async {
        let docs = Generator<[(String, [String])], Shrink.None<[(String, [String])]>>(run: { r in
            (0..<Noise.int(0...6, &r)).map { _ in
                let title = "T" + JSONGen.digits(1...4, &r)
                let body = (0..<Noise.int(0...4, &r)).map { _ in "x " + Noise.unicode(10, &r).filter { !$0.isNewline } }
                return (title, body)
            }
        })
        await fuzz(input: docs, preview: { String(describing: $0).debugDescription }) { sections throws(FuzzFailure) in
            let text = sections.map { title, body in
                "## \(title)\n\n```sh\n" + body.map { $0 + "\n" }.joined() + "```\n"
            }.joined(separator: "\n")
            let doc = MarkdownDocument(path: "README.md", text: text)
            try require(doc.headings.map(\.text) == sections.map(\.0), "headings: \(doc.headings.map(\.text))")
            try require(doc.codeBlocks.map(\.text) == sections.map { $0.1.joined(separator: "\n") }, "code block bodies differ")
            try require(doc.codeBlocks.allSatisfy { $0.info == "sh" }, "info string lost")
        }
    }

    @Test func suppressionScanIsTotal() async {
        await fuzz(input: Gen<String>.hostileText { r in Fragments.lines(TextGen.suppressionFragments, count: 0...20, &r) }) {
            text throws(FuzzFailure) in
            let lineCount = text.utf8.count { $0 == 0x0A } + 1
            let found = Suppression.scan(text, path: "Dockerfile")
            try require(found.count <= lineCount, "more suppressions than lines")
            try require(found.allSatisfy { (1...lineCount).contains($0.line) }, "suppression line out of range")
            try require(found.allSatisfy { $0.ids.allSatisfy { !$0.rawValue.isEmpty } }, "empty check id")
        }
    }

    /// A generated suppression comment is read back with its ids, reason and scope.
    @Test func suppressionReadsBackWhatWasWritten() async {
        let comments = zip(
            Gen.element(of: ["docker.healthcheck", "ops.monitoring", "a.b-c_d"]).array(of: 1...4), Gen.bool, Gen.bool,
            Generator<String, Shrink.None<String>>(run: { r in "r" + Noise.unicode(30, &r).filter { !$0.isNewline } }),
            Gen.int(in: 0...5))
        await fuzz(input: comments) { input throws(FuzzFailure) in
            let (ids, wholeFile, slashes, reason, line) = input
            let names = ids.compactMap { $0 }
            let marker = slashes ? "//" : "#"
            let directive = wholeFile ? "ignore-file" : "ignore"
            let comment = "code \(marker) preflight: \(directive)[\(names.joined(separator: ", "))] \(reason)"
            let text = String(repeating: "x\n", count: line) + comment + "\nafter"
            let found = Suppression.scan(text, path: "f")
            try require(found.count == 1, "found \(found.count) suppressions")
            guard let s = found.first else { return }
            try require(s.line == line + 1, "line \(s.line), expected \(line + 1)")
            try require(s.ids.map(\.rawValue) == names, "ids \(s.ids)")
            try require(s.wholeFile == wholeFile, "scope lost")
            try require(s.reason == reason.trimmed, "reason \(s.reason.debugDescription)")
        }
    }
}

/// Windows line endings: `"\r\n"` is one Character, and files written on Windows must parse like LF ones.
@Suite("Fuzz: CRLF line endings")
struct LineEndingFuzzTests {
    static let documents = Generator<String, Shrink.None<String>>(run: { r in
        switch Noise.int(0...2, &r) {
        case 0: return DockerfileGen.text(&r)
        case 1: return Fragments.lines(TextGen.markdownFragments, count: 0...30, &r)
        default: return Fragments.lines(TextGen.envFragments, count: 0...30, &r)
        }
    })

    @Test func crlfParsesLikeLF() async {
        await fuzz(input: Self.documents) { text throws(FuzzFailure) in
            let crlf = text.replacing("\n", with: "\r\n")
            let docker = (try? Dockerfile.parse(text, path: "D"))?.instructions.map { "\($0.line) \($0.keyword) \($0.arguments)" }
            let dockerCRLF = (try? Dockerfile.parse(crlf, path: "D"))?.instructions.map {
                "\($0.line) \($0.keyword) \($0.arguments)"
            }
            try require(docker == dockerCRLF, "Dockerfile differs with CRLF")
            let md = MarkdownDocument(path: "R", text: text)
            let mdCRLF = MarkdownDocument(path: "R", text: crlf)
            try require(
                md.headings.map { "\($0.line) \($0.text)" } == mdCRLF.headings.map { "\($0.line) \($0.text)" }, "headings differ")
            try require(md.codeBlocks.map(\.text) == mdCRLF.codeBlocks.map(\.text), "code blocks differ with CRLF")
            let env = DotEnvFile(path: "E", text: text)
            let envCRLF = DotEnvFile(path: "E", text: crlf)
            try require(
                env.entries.map { "\($0.line) \($0.key)=\($0.value)" }
                    == envCRLF.entries.map { "\($0.line) \($0.key)=\($0.value)" }, ".env differs")
            try require(env.malformedLines == envCRLF.malformedLines, ".env malformed lines differ with CRLF")
        }
    }
}
