import PreflightCore
import PropertyBased
import Testing

enum TOMLGen {
    static let fragments = [
        "[project]", "name = \"mcp-server\"", "version = \"0.1.0\"", "requires-python = \">=3.11\"", "dependencies = [",
        "  \"mcp[cli]>=1.2,<2\",", "  \"httpx==0.27.0\",", "]", "[project.scripts]", "server = \"server:main\"",
        "[tool.uv]", "dev-dependencies = [\"pytest\"]", "[dependency-groups]", "dev = [\"ruff\"]", "[[tool.uv.index]]",
        "url = 'https://pypi.org/simple'", "[build-system]", "requires = [\"hatchling\"]", "inline = { a = 1, b = [1, 2] }",
        "date = 1979-05-27T07:32:00-08:00", "time = 07:32:00", "float = 6.626e-34", "inf = -inf", "nan = nan",
        "hex = 0xDEADBEEF", "big = 99999999999999999999", "multi = \"\"\"", "line \\", "\"\"\"", "lit = '''raw'''",
        "\"quoted key\" = 1", "a.b.c = 2", "a.b = 3", "dup = 1", "dup = 2", "[project]", "[[project]]", "bad = ",
        "= value", "key = \"unterminated", "key = [1, \"mixed\"]", "nested = [[[[[[[[1]]]]]]]]", "# comment", "",
        "[preflight]", "failure-threshold = \"warning\"", "fail-on-warn = true", "disable = [\"ops.monitoring\"]",
        "[severity]", "\"docker.healthcheck\" = \"info\"", "[thresholds]", "p95-ms = 100", "[env]", "required = [\"API_KEY\"]",
        "[tools]", "allow = [\"get_time\"]", "allow-all = false", "[tools.examples.get_time]", "timezone = \"Europe/Paris\"",
        "[[attest]]", "id = \"ops.team-trained\"", "by = \"alice@example.com\"", "date = \"2026-11-01\"",
        "evidence = \"https://wiki.example.com\"",
    ]

    static func text(_ r: inout RNG) -> String {
        if Noise.chance(0.1, &r) {
            let depth = Noise.int(1...2_000, &r)
            let open = Noise.pick(["[", "{a=", "[{x=["], &r)
            return "v = " + String(repeating: open, count: depth) + "1"
        }
        return Fragments.lines(fragments, count: 0...40, &r)
    }

    /// A TOML basic string with every character TOML requires escaped.
    static func quoted(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }

    static func string(_ r: inout RNG) -> String {
        // NUL cannot survive TOMLKit's C strings; TOMLDocument refuses raw NUL, escaped NUL is out of scope.
        Noise.unicode(16, &r).replacing("\0", with: "")
    }

    static func key(_ r: inout RNG) -> String {
        Noise.chance(0.6, &r) ? JSONGen.digits(1...1, &r) + "k" + JSONGen.digits(0...3, &r) : string(&r)
    }

    static func value(_ r: inout RNG) -> JSONValue {
        switch Noise.int(0...3, &r) {
        case 0: return .string(string(&r))
        case 1: return .int(Int.random(in: Int.min...Int.max, using: &r))
        case 2: return .bool(Noise.chance(0.5, &r))
        default: return .array((0..<Noise.int(0...4, &r)).map { _ in .string(string(&r)) })
        }
    }

    static func render(_ value: JSONValue) -> String {
        switch value {
        case .string(let s): return quoted(s)
        case .array(let items): return "[" + items.map(render).joined(separator: ", ") + "]"
        case .bool(let b): return b ? "true" : "false"
        case .number(let n): return n
        default: return "\"\""
        }
    }

    static func keyText(_ key: String) -> String {
        key.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == "-") } && !key.isEmpty
            ? key : quoted(key)
    }
}

@Suite("Fuzz: TOML")
struct TOMLFuzzTests {
    @Test func documentParserIsTotal() async {
        await fuzz(input: Gen<String>.hostileText(TOMLGen.text)) { text throws(FuzzFailure) in
            let lineCount = text.utf8.count { $0 == 0x0A } + 1
            let value: JSONValue
            do throws(TOMLDocumentError) { value = try TOMLDocument.parse(text) } catch {
                try require(error.line >= 1 && error.line <= lineCount + 1, "error line \(error.line) outside 1...\(lineCount)")
                return
            }
            try require(value.objectValue != nil, "a TOML document is a table")
        }
    }

    /// Tables of strings, integers, booleans and string arrays come back exactly (keys sorted).
    @Test func generatedTablesRoundTrip() async {
        let tables = Generator<[(String, [(String, JSONValue)])], Shrink.None<[(String, [(String, JSONValue)])]>>(run: { r in
            var sections: [String: [String: JSONValue]] = [:]
            for _ in 0..<Noise.int(1...4, &r) {
                var members: [String: JSONValue] = [:]
                for _ in 0..<Noise.int(0...5, &r) { members[TOMLGen.key(&r)] = TOMLGen.value(&r) }
                sections["s" + JSONGen.digits(1...3, &r)] = members
            }
            return sections.map { ($0.key, $0.value.map { ($0.key, $0.value) }) }
        })
        await fuzz(input: tables, preview: { String(describing: $0).debugDescription }) { sections throws(FuzzFailure) in
            var text = ""
            for (name, members) in sections {
                text += "[\(name)]\n"
                for (key, value) in members { text += "\(TOMLGen.keyText(key)) = \(TOMLGen.render(value))\n" }
            }
            let parsed: JSONValue
            do { parsed = try TOMLDocument.parse(text) } catch {
                throw FuzzFailure(description: "valid TOML refused: \(error)\n\(text.prefix(400))")
            }
            let expected = JSONValue.object(
                sections.sorted { $0.0 < $1.0 }.map { name, members in
                    (name, .object(members.sorted { $0.0.utf8.lexicographicallyPrecedes($1.0.utf8) }))
                })
            try require(parsed == expected, "round trip differs:\n\(JSONWriter.encode(parsed).prefix(400))\n\(text.prefix(400))")
        }
    }

    @Test func preflightConfigIsTotal() async {
        let known: Set<CheckID> = ["ops.monitoring", "docker.healthcheck", "ops.team-trained"]
        await fuzz(input: Gen<String>.hostileText(TOMLGen.text)) { text throws(FuzzFailure) in
            let config: PreflightConfig
            do throws(ConfigError) {
                config = try PreflightConfig.parse(text, source: "preflight.toml", knownChecks: known)
            } catch {
                try require(error.message.hasPrefix("preflight.toml: "), "error without its source: \(error.message.prefix(200))")
                return
            }
            try require(config.disabled.isSubset(of: known), "an unknown check id was accepted")
            try require(config.attestations.keys.allSatisfy(known.contains), "an unknown attestation id was accepted")
        }
    }

    /// A config assembled from valid settings reads back as those settings.
    @Test func preflightConfigReadsWhatWasWritten() async {
        let configs = zip(
            Gen.element(of: Severity.allCases), Gen.bool,
            Gen.element(of: ["ops.monitoring", "docker.healthcheck"]).array(of: 0...3),
            Gen.int(in: 0...100_000),
            Generator<[String], Shrink.None<[String]>>(run: { r in
                (0..<Noise.int(0...3, &r)).map { _ in TOMLGen.string(&r) }
            }))
        await fuzz(input: configs) { input throws(FuzzFailure) in
            let (severity, failOnWarn, disabled, p95, required) = input
            let text = """
                [preflight]
                failure-threshold = \(TOMLGen.quoted(severity?.rawValue ?? "info"))
                fail-on-warn = \(failOnWarn)
                disable = [\(disabled.compactMap { $0 }.map(TOMLGen.quoted).joined(separator: ", "))]
                [thresholds]
                p95-ms = \(p95)
                [env]
                required = [\(required.map(TOMLGen.quoted).joined(separator: ", "))]
                """
            let config: PreflightConfig
            do {
                config = try PreflightConfig.parse(text, source: "p.toml", knownChecks: ["ops.monitoring", "docker.healthcheck"])
            } catch {
                throw FuzzFailure(description: "valid config refused: \(error)\n\(text)")
            }
            try require(config.failureThreshold == severity ?? .info, "failure-threshold not read back")
            try require(config.failOnWarn == failOnWarn, "fail-on-warn not read back")
            try require(config.disabled == Set(disabled.compactMap { $0.map { CheckID($0) } }), "disable not read back")
            try require(config.thresholds.p95Ms == Double(p95), "threshold not read back")
            try require(config.requiredEnv == required, "env.required not read back: \(config.requiredEnv)")
        }
    }
}
