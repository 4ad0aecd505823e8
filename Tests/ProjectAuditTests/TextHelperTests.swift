import PreflightCore
import Testing

@testable import ProjectAudit

/// Helpers on hot paths, rewritten to avoid splitting strings: same answers as before.
@Suite struct TextHelperTests {
    @Test(arguments: [
        ("tests/test_a.py", true), ("src/Tests/a.py", true), ("pkg/test_x.py", true), ("e2e/x.ts", true),
        ("conftest.py", true), ("a/b/__tests__/c.js", true), ("FIXTURES/data.json", true), ("x_test.py", true),
        ("src/testing_utils.py", false), ("latest/x.py", false), ("src/app.py", false), ("tests", false),
        ("contest.py", false),
    ])
    func testPaths(_ path: String, _ expected: Bool) {
        #expect(ProjectPaths.isTestPath(path) == expected, "\(path)")
    }

    @Test func wholeWordMentions() {
        let doc = "Set `API_KEY` or OPENAI_BASE_URL.\nRegion — AWS_REGION—here, éLOCAL_ONLY, naïve_NAME\n"
        let words = EnvVarsDocumented.words(doc)
        for (name, expected) in [
            ("API_KEY", true), ("OPENAI_BASE_URL", true), ("BASE_URL", false), ("AWS_REGION", true), ("LOCAL_ONLY", false),
            ("NAME", false), ("KEY", false),
        ] {
            #expect(EnvVarsDocumented.mentions(doc, name, words: words) == expected, "\(name)")
        }
    }

    @Test func lineByNumber() {
        #expect(CIScriptLine.line(1, of: "a\nb\nc") == "a")
        #expect(CIScriptLine.line(3, of: "a\nb\nc") == "c")
        #expect(CIScriptLine.line(4, of: "a\nb\nc") == nil)
        #expect(CIScriptLine.line(2, of: "a\n\nc") == "")
        #expect(CIScriptLine.line(0, of: "a") == nil)
    }

    @Test func trimmed() {
        #expect("  a b \n".trimmed == "a b")
        #expect(" \t\n ".trimmed == "")
        #expect("x"[...].trimmed == "x")
    }
}
