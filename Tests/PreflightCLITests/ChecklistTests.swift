import Foundation
import PreflightCore
import PreflightKit
import TestSupport
import Testing

/// The checklist mapping is data; these tests hold it to the checklist's text and to the catalogue.
@Suite struct ChecklistMappingTests {
    let document = ChecklistDocument.bundled

    @Test func everyItemIsMappedAndEveryKeyIsAnItem() {
        let checkboxes = document.items.filter(\.checkbox)
        #expect(checkboxes.count > 150, "the bundled checklist was not read")
        for item in checkboxes {
            #expect(ChecklistMapping.lines[item.key] != nil, "unmapped checklist line: \(item.key)")
        }
        let keys = Set(document.items.map(\.key))
        for key in ChecklistMapping.lines.keys { #expect(keys.contains(key), "mapped line not in the checklist: \(key)") }
    }

    @Test func everyCheckIDMapsToALineAndEveryAutomatableLineHasAChecks() {
        var mapped: Set<CheckID> = []
        for (key, coverage) in ChecklistMapping.lines {
            switch coverage {
            case .checks(let ids):
                #expect(!ids.isEmpty, "\(key) is automatable but names no check")
                for id in ids {
                    #expect(Catalog.ids.contains(id), "\(key): \(id) is not in the catalogue")
                    mapped.insert(id)
                }
            case .sections(let sections):
                for s in sections { #expect(document.sections.contains(s), "\(key): no section \(s)") }
            case .human(let reason):
                #expect(!reason.isEmpty, "\(key): a line left to a person says why")
            }
        }
        let unmapped = Catalog.ids.subtracting(mapped).map(\.rawValue).sorted()
        #expect(unmapped.isEmpty, "checks on no checklist line: \(unmapped)")
    }

    @Test func successCriteriaAreComputedFromTheChecklist() {
        #expect(document.criteria.count == 8)
        for text in document.criteria {
            let coverage = ChecklistMapping.criteria[text]
            #expect(coverage != nil, "no rule for the criterion \(text)")
            if case .sections(let sections) = coverage {
                for s in sections { #expect(document.sections.contains(s)) }
            }
        }
    }

    /// The markdown form is the checklist itself: without Preflight's notes it is the text, line for line.
    @Test func markdownKeepsTheChecklistWords() throws {
        let empty = Report(
            toolVersion: "test", target: Target(project: "."), startedAt: "", durationMs: 0, checks: [], config: PreflightConfig()
        )
        let markdown = ChecklistRenderer.markdown(ChecklistReport(source: AuditStatusSource(report: empty), passed: true))
        let original = String(decoding: try #require(ChecklistDocument.resourceText.data(using: .utf8)), as: UTF8.self)
        var lines = markdown.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        lines.removeAll { $0.hasPrefix("> Statuses from") }
        lines = lines.map { line in
            var l = line
            // Preflight's notes start with " — " or " <sub>", words the checklist never uses.
            for marker in [" — ", " <sub>"] { if let r = l.range(of: marker) { l = String(l[..<r.lowerBound]) } }
            if l.hasPrefix("- [x] ") { l = "- [ ] " + l.dropFirst(6) }
            for mark in ["⬜ ", "➖ ", "❌ "] where l.hasPrefix(mark) { l = "✅ " + l.dropFirst(mark.count) }
            return l
        }
        let expected = original.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let kept = lines.filter { !$0.isEmpty }
        let want = expected.filter { !$0.isEmpty }
        #expect(kept == want)
    }
}

/// How a line's checks decide it.
@Suite struct ChecklistStatusTests {
    struct Fixed: ChecklistStatusSource {
        var list: [CheckResult]
        func results() -> [CheckID: CheckResult] { Dictionary(list.map { ($0.id, $0) }) { a, _ in a } }
        var provenance: String { "test" }
    }

    func result(_ id: CheckID, _ status: Status, kind: CheckKind = .static, message: String = "m") -> CheckResult {
        CheckResult(
            id: id, status: status, severity: .error, title: "t", section: .codeQuality, kind: kind, message: message,
            remediation: "r")
    }

    func status(_ text: String, _ results: [CheckResult]) throws -> ChecklistReport.Status {
        let report = ChecklistReport(source: Fixed(list: results), passed: true)
        let line = try #require(report.lines.first { $0.item.text == text })
        return line.status
    }

    @Test func combination() throws {
        let tests = "All tests passing (`uv run pytest`)"
        #expect(try status(tests, [result("code.tests-present", .pass), result("code.tests-pass", .pass, kind: .run)]) == .pass)
        #expect(try status(tests, [result("code.tests-present", .pass), result("code.tests-pass", .fail, kind: .run)]) == .fail)
        #expect(try status(tests, [result("code.tests-present", .warn), result("code.tests-pass", .pass, kind: .run)]) == .warn)
        // Not run: not decided, never a pass.
        #expect(try status(tests, [result("code.tests-present", .pass), result("code.tests-pass", .skip, kind: .run)]) == .skip)
        // A static check with nothing to look at does not hold the line back.
        let secrets = "All secrets via environment variables"
        #expect(try status(secrets, [result("docker.no-secrets", .pass), result("k8s.secrets", .skip)]) == .pass)
        #expect(try status(secrets, [result("docker.no-secrets", .skip), result("k8s.secrets", .skip)]) == .notApplicable)
        #expect(try status("Team trained on operations", [result("ops.team-trained", .manual, kind: .attest)]) == .manual)
        #expect(try status("Test with Claude Desktop locally", []) == .open)
    }

    /// A live check of another transport or era does not apply; one that was not run is not decided.
    @Test func liveChecksOfAnotherTransportDoNotHoldTheLineBack() throws {
        let https = "HTTPS for HTTP transport"
        let overStdio = result(
            "http.tls", .skip, kind: .live, message: SkipReasons.overStdio + ": HTTP transport checks need --url URL")
        #expect(try status(https, [overStdio]) == .notApplicable)
        let notRun = result("http.tls", .skip, kind: .live, message: "needs a running server: pass --server \"CMD\" or --url URL")
        #expect(try status(https, [notRun]) == .skip)
        let drain = "Test graceful shutdown (SIGTERM/SIGINT)"
        let stdio = ["lifecycle.sigterm", "lifecycle.sigint", "lifecycle.stdin-close"].map {
            result(CheckID($0), .pass, kind: .live)
        }
        #expect(
            try status(drain, stdio + [result("http.graceful-drain", .skip, kind: .live, message: SkipReasons.overStdio)])
                == .pass)
    }

    @Test func sectionsAndCriteria() throws {
        let ids = ChecklistMapping.lines.filter { $0.key.hasPrefix("Pre-Deployment") }.values.flatMap { coverage -> [CheckID] in
            if case .checks(let ids) = coverage { return ids } else { return [] }
        }
        let all = Set(ids).map { result($0, .pass, kind: .run) }
        let report = ChecklistReport(source: Fixed(list: all), passed: true)
        #expect(report.lines.first { $0.item.text == "All pre-deployment checks passed" }?.status == .pass)
        let failing = all.map { $0.id == "config.lockfile" ? result($0.id, .fail) : $0 }
        let broken = ChecklistReport(source: Fixed(list: failing), passed: false)
        #expect(broken.lines.first { $0.item.text == "All pre-deployment checks passed" }?.status == .fail)
        #expect(report.criteria.first { $0.text == "All tests passing" }?.status == .skip, "ci.tests is not in this report")
    }
}
