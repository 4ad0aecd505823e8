import Foundation
import PreflightCore
import Testing

@testable import Reporters

@Suite struct SARIFReporterTests {
    let sarif = SARIFReporter().render(SampleReport.report)

    func parsed() throws -> JSONValue {
        let root = try JSONParser.parse(sarif)
        return try #require(root["runs"]?.arrayValue?.first)
    }

    @Test func passesTheOfficialSchemaAndGitHubRules() throws {
        let python = SampleReport.repoRoot.appendingPathComponent(".test-env/bin/python")
        let validator = SampleReport.repoRoot.appendingPathComponent("Tests/Support/validate_sarif.py")
        guard FileManager.default.isExecutableFile(atPath: python.path) else {
            Issue.record("\(python.path) is missing: run `bash scripts/test-env.sh` to create the test environment")
            return
        }
        let file = try SampleReport.temporaryFile(sarif, ext: "sarif")
        defer { try? FileManager.default.removeItem(at: file) }
        let (status, output) = try SampleReport.run(python, [validator.path, file.path])
        #expect(status == 0, "validate_sarif.py rejected the SARIF:\n\(output)")
        #expect(output.trimmingCharacters(in: .whitespacesAndNewlines) == "ok")
    }

    @Test func headerAndDriver() throws {
        let root = try JSONParser.parse(sarif)
        #expect(root["$schema"]?.stringValue == "https://json.schemastore.org/sarif-2.1.0.json")
        #expect(root["version"]?.stringValue == "2.1.0")
        #expect(root["runs"]?.arrayValue?.count == 1)
        let run = try parsed()
        let driver = try #require(run["tool"]?["driver"])
        #expect(driver["name"]?.stringValue == "preflight")
        #expect(driver["version"]?.stringValue == "0.1.0")
        #expect(driver["informationUri"]?.stringValue == SARIFReporter.informationURI)
        #expect(run["invocations"]?.arrayValue?.first?["executionSuccessful"]?.boolValue == true)
        #expect(run["originalUriBaseIds"]?["%SRCROOT%"] != nil)
    }

    @Test func oneRulePerCheckSortedByID() throws {
        let rules = try #require(try parsed()["tool"]?["driver"]?["rules"]?.arrayValue)
        let ids = rules.compactMap { $0["id"]?.stringValue }
        #expect(ids == SampleReport.checks.map(\.id.rawValue).sorted())
        let rule = try #require(rules.first { $0["id"]?.stringValue == "docker.non-root-user" })
        #expect(rule["name"]?.stringValue == "DockerNonRootUser")
        #expect(rule["shortDescription"]?["text"]?.stringValue == "Title of docker.non-root-user")
        #expect(
            rule["fullDescription"]?["text"]?.stringValue
                == "Title of docker.non-root-user. fix `docker.non-root-user` by doing the thing")
        #expect(rule["help"]?["markdown"]?.stringValue == "fix `docker.non-root-user` by doing the thing")
        #expect(rule["defaultConfiguration"]?["level"]?.stringValue == "error")
        #expect(rule["properties"]?["tags"] == .strings(["docker", "static"]))
        let info = try #require(rules.first { $0["id"]?.stringValue == "ops.team-trained" })
        #expect(info["defaultConfiguration"]?["level"]?.stringValue == "note")
    }

    @Test func resultsForProblemsOnly() throws {
        let run = try parsed()
        let rules = try #require(run["tool"]?["driver"]?["rules"]?.arrayValue)
        let results = try #require(run["results"]?.arrayValue)
        let byID = Dictionary(uniqueKeysWithValues: results.compactMap { r in r["ruleId"]?.stringValue.map { ($0, r) } })
        #expect(
            Set(byID.keys) == [
                "docker.non-root-user", "docker.healthcheck", "project.files-parse", "security.hardcoded-secret",
                "project.license",
            ])
        for r in results {
            let index = try #require(r["ruleIndex"]?.intValue)
            #expect(rules[index]["id"] == r["ruleId"])
        }
        #expect(byID["docker.non-root-user"]?["level"]?.stringValue == "error")
        #expect(byID["docker.healthcheck"]?["level"]?.stringValue == "warning")
        #expect(byID["project.files-parse"]?["level"]?.stringValue == "error")
        #expect(byID["project.license"]?["level"]?.stringValue == "note")
        #expect(byID["docker.non-root-user"]?["message"]?["text"]?.stringValue == SampleReport.hostile)
    }

    @Test func suppressedResultsCarryTheReason() throws {
        let results = try #require(try parsed()["results"]?.arrayValue)
        let secret = try #require(results.first { $0["ruleId"]?.stringValue == "security.hardcoded-secret" })
        let suppression = try #require(secret["suppressions"]?.arrayValue?.first)
        #expect(suppression["kind"]?.stringValue == "inSource")
        #expect(suppression["justification"]?.stringValue == "test key | \"fake\" <ok>")
        let open = results.filter { $0["ruleId"]?.stringValue != "security.hardcoded-secret" }
        #expect(open.allSatisfy { $0["suppressions"] == nil })
    }

    @Test func locationsAreRelativeEncodedAndHaveALine() throws {
        let results = try #require(try parsed()["results"]?.arrayValue)
        func physical(_ id: String) throws -> [JSONValue] {
            let r = try #require(results.first { $0["ruleId"]?.stringValue == id })
            return try #require(r["locations"]?.arrayValue).compactMap { $0["physicalLocation"] }
        }
        let root = try physical("docker.non-root-user")
        #expect(
            root.map { $0["artifactLocation"]?["uri"]?.stringValue } == ["Dockerfile", "docker/dev%20file%20%231.Dockerfile"])
        #expect(root.map { $0["region"]?["startLine"]?.intValue } == [24, 1])
        #expect(root.allSatisfy { $0["artifactLocation"]?["uriBaseId"]?.stringValue == "%SRCROOT%" })
        // No location in the report: the documented placeholder, never an invented file.
        let license = try physical("project.license")
        #expect(license.count == 1)
        #expect(license.first?["artifactLocation"]?["uri"]?.stringValue == SARIFReporter.noLocationURI)
        #expect(license.first?["region"]?["startLine"]?.intValue == 1)
    }

    @Test func fingerprintsAreStableAndDistinct() throws {
        let results = try #require(try parsed()["results"]?.arrayValue)
        let hashes = results.compactMap { $0["partialFingerprints"]?["primaryLocationLineHash"]?.stringValue }
        #expect(hashes.count == results.count)
        #expect(Set(hashes).count == hashes.count)
        #expect(hashes.allSatisfy { $0.hasSuffix(":1") && $0.count == 18 })
        // FNV-1a 64 reference values, so the hash cannot drift between releases unnoticed.
        #expect(SARIFReporter.fingerprint("") == "cbf29ce484222325")
        #expect(SARIFReporter.fingerprint("a") == "af63dc4c8601ec8c")
    }

    @Test func namesAndTextLimits() {
        #expect(SARIFReporter.camelCase("ci-cd.lock_file2") == "CiCdLockFile2")
        let long = String(repeating: "é", count: 2000)
        let clipped = SARIFReporter.clipped(long)
        #expect(clipped.unicodeScalars.count == 1024)
        #expect(clipped.hasSuffix("…"))
        #expect(SARIFReporter.percentEncoded("a b/ü:%.py") == "a%20b/%C3%BC%3A%25.py")
    }

    @Test func emptyReportStillHasRulesAndResultsArrays() throws {
        let run = try #require(
            try JSONParser.parse(SARIFReporter().render(SampleReport.passingReport))["runs"]?.arrayValue?.first)
        #expect(run["results"]?.arrayValue?.isEmpty == true)
        #expect(run["tool"]?["driver"]?["rules"]?.arrayValue?.count == 1)
    }

    @Test func deterministic() {
        #expect(SARIFReporter().render(SampleReport.report) == SARIFReporter().render(SampleReport.report))
    }
}
