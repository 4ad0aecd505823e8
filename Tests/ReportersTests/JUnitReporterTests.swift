import Foundation
import PreflightCore
import Testing

@testable import Reporters

#if canImport(FoundationXML)
    import FoundationXML
#endif

@Suite struct JUnitReporterTests {
    let xml = JUnitReporter().render(SampleReport.report)

    func document() throws -> XMLDocument { try XMLDocument(xmlString: xml, options: []) }

    func attribute(_ element: XMLElement?, _ name: String) -> String? { element?.attribute(forName: name)?.stringValue }

    func testcase(_ id: String) throws -> XMLElement {
        let nodes = try document().nodes(forXPath: "//testcase[@name='\(id)']")
        return try #require(nodes.first as? XMLElement)
    }

    @Test func parsesAsXML() throws {
        let root = try #require(try document().rootElement())
        #expect(root.name == "testsuites")
        #expect(xml.hasPrefix("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"))
    }

    @Test func rootCountsMatchTheElements() throws {
        let root = try #require(try document().rootElement())
        #expect(attribute(root, "tests") == "8")
        #expect(attribute(root, "failures") == "2")
        #expect(attribute(root, "errors") == "1")
        // skip + manual + the suppressed fail
        #expect(attribute(root, "skipped") == "3")
        #expect(attribute(root, "time") == "1.234")
        let doc = try document()
        #expect(try doc.nodes(forXPath: "//testcase").count == 8)
        #expect(try doc.nodes(forXPath: "//failure").count == 2)
        #expect(try doc.nodes(forXPath: "//error").count == 1)
        #expect(try doc.nodes(forXPath: "//skipped").count == 3)
    }

    @Test func oneSuitePerPresentSectionInChecklistOrder() throws {
        let suites = try document().nodes(forXPath: "/testsuites/testsuite").compactMap { $0 as? XMLElement }
        #expect(suites.map { attribute($0, "name") } == ["Docker", "Security (source)", "Operations", "Project files"])
        let docker = try #require(suites.first)
        #expect(attribute(docker, "tests") == "4")
        #expect(attribute(docker, "failures") == "1")
        #expect(attribute(docker, "errors") == "0")
        #expect(attribute(docker, "skipped") == "1")
        let project = try #require(suites.last)
        #expect(attribute(project, "failures") == "1")
        #expect(attribute(project, "errors") == "1")
    }

    @Test func failureCarriesMessageLocationsAndFix() throws {
        let c = try testcase("docker.non-root-user")
        #expect(attribute(c, "classname") == "preflight.docker")
        let failure = try #require(c.elements(forName: "failure").first)
        #expect(attribute(failure, "type") == "fail")
        // Control characters XML 1.0 cannot carry become U+FFFD; everything else survives exactly.
        let expected = SampleReport.hostile.replacingOccurrences(of: "\u{01}", with: "\u{FFFD}")
            .replacingOccurrences(of: "\u{1B}", with: "\u{FFFD}").replacingOccurrences(of: "\u{0B}", with: "\u{FFFD}")
        #expect(attribute(failure, "message") == expected)
        let body = try #require(failure.stringValue)
        #expect(body.contains("at Dockerfile:24\nat docker/dev file #1.Dockerfile\nfix: fix `docker.non-root-user`"))
    }

    @Test func errorWarnAndSkips() throws {
        let crashed = try testcase("project.files-parse")
        #expect(attribute(crashed.elements(forName: "error").first, "message") == "checker crashed")
        let warned = try testcase("docker.healthcheck")
        #expect(warned.elements(forName: "failure").isEmpty)
        #expect(warned.elements(forName: "system-out").first?.stringValue?.hasPrefix("warning: no HEALTHCHECK") == true)
        let skipped = try testcase("docker.multi-stage")
        #expect(attribute(skipped.elements(forName: "skipped").first, "message") == "no Dockerfile <here>")
        let manual = try testcase("ops.team-trained")
        #expect(attribute(manual.elements(forName: "skipped").first, "message")?.hasPrefix("manual: ") == true)
        let suppressed = try testcase("security.hardcoded-secret")
        #expect(suppressed.elements(forName: "failure").isEmpty)
        #expect(
            attribute(suppressed.elements(forName: "skipped").first, "message") == "suppressed (fail): test key | \"fake\" <ok>")
        let passed = try testcase("docker.ignore")
        #expect(passed.childCount == 0)
    }

    @Test func escapingDropsWhatXMLForbids() {
        let escaped = JUnitReporter.attr("<&>\"'\u{00}\u{1F}\u{FFFE}\n")
        #expect(escaped == "&lt;&amp;&gt;&quot;&apos;\u{FFFD}\u{FFFD}\u{FFFD}&#10;")
        #expect(JUnitReporter.text("a]]>b\r\n") == "a]]&gt;b&#13;\n")
    }

    @Test func deterministic() {
        #expect(JUnitReporter().render(SampleReport.report) == xml)
    }
}
