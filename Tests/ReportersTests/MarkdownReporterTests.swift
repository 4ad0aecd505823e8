import PreflightCore
import Testing

@testable import Reporters

@Suite struct MarkdownReporterTests {
    let md = MarkdownReporter().render(SampleReport.report)
    var lines: [Substring] { md.split(separator: "\n", omittingEmptySubsequences: false) }

    /// Column separators GitHub would see: `|` not preceded by a backslash.
    func columns(_ line: Substring) -> Int {
        var count = 0
        var previous: Character = " "
        for c in line {
            if c == "|", previous != "\\" { count += 1 }
            previous = c
        }
        return count - 1
    }

    @Test func verdictScoreAndCounts() {
        #expect(md.hasPrefix("## ❌ Preflight: NOT READY\n"))
        #expect(md.contains("Score **\(SampleReport.report.summary.score)/100**"))
        #expect(md.contains("project ./my &lt;server&gt;"))
        #expect(md.contains("Fails the run: `docker.non-root-user`, `project.files-parse`\n"))
        #expect(md.contains("| ✅ pass | ❌ fail | ⚠️ warn | ⏭️ skip | 📝 manual | 💥 error | score |"))
        #expect(md.contains("| 1 | 3 | 1 | 1 | 1 | 1 | \(SampleReport.report.summary.score) |"))
        let ready = MarkdownReporter().render(SampleReport.passingReport)
        #expect(ready.hasPrefix("## ✅ Preflight: READY\n"))
        #expect(ready.contains("No failing or warning checks."))
        #expect(!ready.contains("### Suppressed"))
    }

    @Test func problemsTableWorstFirstWithoutSuppressed() throws {
        let start = try #require(lines.firstIndex(of: "### Failing and warning checks"))
        let rows = lines[(start + 4)...].prefix { $0.hasPrefix("|") }
        #expect(rows.count == 4)
        #expect(
            rows.map { $0.split(separator: "`")[1] } == [
                "project.files-parse", "docker.non-root-user", "project.license", "docker.healthcheck",
            ])
        let first = try #require(rows.dropFirst().first)
        #expect(first.hasPrefix("| ❌ | `docker.non-root-user` | error | "))
        #expect(first.hasSuffix(" | `Dockerfile:24` (+1 more) |"))
    }

    @Test func hostileTextStaysInsideItsCell() throws {
        let row = try #require(lines.first { $0.contains("`docker.non-root-user` | error") })
        #expect(row.contains("a \\| b &lt;script&gt;&amp;amp; \"q\" 'q'<br>line2<br>naïve 日本 🚀 ctl:\u{FFFD}\u{FFFD}\u{FFFD}end"))
        #expect(!md.contains("<script"))
        #expect(!md.contains("\u{1B}"))
        // Every table row has exactly the columns of its header.
        var expected = 0
        for line in lines {
            guard line.hasPrefix("|") else {
                expected = 0
                continue
            }
            if expected == 0 { expected = columns(line) }
            #expect(columns(line) == expected, "row has the wrong column count: \(line)")
        }
    }

    @Test func suppressedTable() throws {
        let start = try #require(lines.firstIndex(of: "### Suppressed"))
        let rows = lines[(start + 4)...].prefix { $0.hasPrefix("|") }
        #expect(
            rows == [
                "| ❌ | `security.hardcoded-secret` | error | test key \\| \"fake\" &lt;ok&gt; | `src/app.py:3` |"
            ])
    }

    @Test func collapsibleSectionPerPresentSection() {
        let summaries = lines.filter { $0.hasPrefix("<summary>") }
        #expect(
            summaries == [
                "<summary>Docker — 1 ✅ 1 ❌ 1 ⚠️ 1 ⏭️</summary>",
                "<summary>Security (source) — 1 ❌</summary>",
                "<summary>Operations — 1 📝</summary>",
                "<summary>Project files — 1 ❌ 1 💥</summary>",
            ])
        #expect(lines.filter { $0 == "<details>" }.count == 4)
        #expect(lines.filter { $0 == "</details>" }.count == 4)
        #expect(md.contains("| ❌ (suppressed) | `security.hardcoded-secret` |"))
        #expect(md.contains("| ⏭️ | `docker.multi-stage` | Title of docker.multi-stage | no Dockerfile &lt;here&gt; |"))
    }

    @Test func codeSpansInMessagesStayLiteral() {
        // GitHub shows a code span as typed, so `<` inside one must not become `&lt;`.
        #expect(MarkdownReporter.cell("use `a<b> | c` not <b>") == "use `a<b> \\| c` not &lt;b&gt;")
        // An unmatched backtick opens no span: what follows is still escaped.
        #expect(MarkdownReporter.cell("a ` <b>") == "a ` &lt;b&gt;")
        #expect(MarkdownReporter.cell("``x`<y``") == "``x`<y``")
    }

    @Test func codeSpans() {
        #expect(MarkdownReporter.code("a|b\nc") == "`a\\|b c`")
        #expect(MarkdownReporter.code("x`y``z") == "``` x`y``z ```")
        #expect(MarkdownReporter.code("<&>") == "`<&>`")
    }

    @Test func deterministic() {
        #expect(MarkdownReporter().render(SampleReport.report) == md)
    }
}
