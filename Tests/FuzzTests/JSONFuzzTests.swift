import PreflightCore
import PropertyBased
import Testing

@testable import ProjectAudit

/// Random JSON values with the awkward parts: number spellings, duplicate keys, hostile strings.
enum JSONGen {
    static func digits(_ range: ClosedRange<Int>, _ r: inout RNG) -> String {
        String((0..<Noise.int(range, &r)).map { _ in Character(String(Noise.int(0...9, &r))) })
    }

    /// RFC 8259 number text, kept verbatim by the parser (`1.50`, `-0`, `1E+400`, 60-digit integers).
    static func number(_ r: inout RNG) -> String {
        var text = Noise.chance(0.3, &r) ? "-" : ""
        text += Noise.chance(0.2, &r) ? "0" : String(Noise.int(1...9, &r)) + digits(0...(Noise.chance(0.1, &r) ? 60 : 4), &r)
        if Noise.chance(0.3, &r) { text += "." + digits(1...6, &r) }
        if Noise.chance(0.2, &r) {
            text += Noise.pick(["e", "E"], &r) + Noise.pick(["", "+", "-"], &r) + digits(1...3, &r)
        }
        return text
    }

    static func string(_ r: inout RNG) -> String {
        Noise.chance(0.5, &r)
            ? Noise.pick(["", "a", "key", "jsonrpc", "id", "2.0", "\u{2028}", "\0"], &r) : Noise.unicode(24, &r)
    }

    static func value(depth: Int, _ r: inout RNG) -> JSONValue {
        let kind = Noise.int(0...(depth > 0 ? 6 : 4), &r)
        switch kind {
        case 0: return .null
        case 1: return .bool(Noise.chance(0.5, &r))
        case 2: return .number(number(&r))
        case 3, 4: return .string(string(&r))
        case 5: return .array((0..<Noise.int(0...5, &r)).map { _ in value(depth: depth - 1, &r) })
        default:
            let keys = (0..<Noise.int(0...5, &r)).map { _ in string(&r) }
            // Duplicate keys are legal JSON; the parser must keep them in order.
            let withDuplicate = keys.isEmpty || Noise.chance(0.8, &r) ? keys : keys + [keys[0]]
            return .object(withDuplicate.map { ($0, value(depth: depth - 1, &r)) })
        }
    }

    static let values = Generator<JSONValue, Shrink.None<JSONValue>>(run: { r in value(depth: Noise.int(0...6, &r), &r) })
}

@Suite("Fuzz: JSON")
struct JSONFuzzTests {
    @Test func writeThenParseIsIdentity() async {
        await fuzz(input: zip(JSONGen.values, Gen.bool)) { input throws(FuzzFailure) in
            let (value, pretty) = input
            let text = JSONWriter.encode(value, pretty: pretty)
            let parsed: JSONValue
            do { parsed = try JSONParser.parse(text) } catch {
                throw FuzzFailure(description: "writer output does not parse: \(error)\n\(text.prefix(400))")
            }
            try require(parsed == value, "round trip changed the value (number text or key order lost)")
            try require(JSONWriter.encode(parsed, pretty: pretty) == text, "re-encoding is not byte-stable")
            try require(!text.unicodeScalars.contains { $0 == "\u{2028}" || $0 == "\u{2029}" }, "raw U+2028/2029 in output")
        }
    }

    @Test func hostileBytesNeverCrash() async {
        let seeds = Generator<[UInt8], Shrink.None<[UInt8]>>(run: { r in
            switch Noise.int(0...4, &r) {
            case 0: return Noise.bytes(600, &r)
            case 1:
                let depth = Noise.int(1...5_000, &r)
                let open = Noise.pick(["[", "{\"a\":", "[{\"\":"], &r)
                return Array(String(repeating: open, count: depth).utf8) + Array("1".utf8)
            default:
                let text = JSONWriter.encode(JSONGen.value(depth: 4, &r), pretty: Noise.chance(0.5, &r))
                return Noise.chance(0.3, &r) ? Noise.bytes(8, &r) + Array(text.utf8) : Array(Noise.mutate(text, &r).utf8)
            }
        })
        await fuzz(input: seeds) { bytes throws(FuzzFailure) in
            do {
                let value = try JSONParser.parse(bytes)
                let again = try JSONParser.parse(JSONWriter.encode(value))
                try require(again == value, "accepted input does not survive a write/parse round trip")
            } catch let error as JSONParseError {
                let lines = bytes.count { $0 == 0x0A } + 1
                try require(error.line >= 1 && error.line <= lines, "error line \(error.line) outside 1...\(lines)")
                try require(error.column >= 1 && error.column <= bytes.count + 1, "error column \(error.column) out of range")
            } catch let failure as FuzzFailure {
                throw failure
            } catch {
                throw FuzzFailure(description: "unexpected error type: \(error)")
            }
        }
    }

    @Test func depthLimitIsExact() async {
        await fuzz(input: zip(Gen.int(in: 1...40), Gen.int(in: 0...45), Gen.bool)) { input throws(FuzzFailure) in
            let (maxDepth, nesting, objects) = input
            let open = objects ? "{\"k\":" : "["
            let close = objects ? "}" : "]"
            let text = String(repeating: open, count: nesting) + "0" + String(repeating: close, count: nesting)
            let accepted = (try? JSONParser.parse(text, maxDepth: maxDepth)) != nil
            try require(accepted == (nesting < maxDepth), "nesting \(nesting), maxDepth \(maxDepth): accepted = \(accepted)")
        }
    }

    /// JSONC (VS Code / Cursor configs): stripping comments and trailing commas gives back the value.
    @Test func jsoncStripKeepsTheValue() async {
        let commented = Generator<(JSONValue, String), Shrink.None<(JSONValue, String)>>(run: { r in
            let value = JSONGen.value(depth: 4, &r)
            let lines = JSONWriter.encode(value, pretty: true).split(separator: "\n", omittingEmptySubsequences: false)
            var out: [String] = []
            for (i, line) in lines.enumerated() {
                var l = String(line)
                let nextCloses = i + 1 < lines.count && (lines[i + 1].trimmed.first.map { "]}".contains($0) } ?? false)
                if nextCloses, !l.hasSuffix("["), !l.hasSuffix("{"), Noise.chance(0.5, &r) { l += "," }
                if Noise.chance(0.3, &r) { l += " // " + Noise.pick(["note", "\"quoted\"", "/* nested", "url: http://x"], &r) }
                if Noise.chance(0.2, &r) { l = "/* c\n */ " + l }
                out.append(l)
            }
            return (value, out.joined(separator: "\n"))
        })
        await fuzz(input: commented, preview: { describeInput($0.1) }) { pair throws(FuzzFailure) in
            let (value, text) = pair
            let plain = JSONWriter.encode(value)
            try require(JSONC.strip(plain) == plain, "strip changed comment-free JSON")
            let parsed = try? JSONParser.parse(JSONC.strip(text))
            try require(parsed == value, "JSONC with comments/trailing commas does not parse back to the value")
        }
    }

    @Test func clientConfigsNeverCrash() async {
        let configs = Gen<String>.hostileText { r in
            let servers = (0..<Noise.int(0...4, &r)).map { i in
                "\"srv\(i)\": {\"command\": \"uv\", \"args\": [\"run\", \"server.py\"], \"env\": {\"API_KEY\": \"${KEY}\"}, \"cwd\": \"/app\"}"
            }
            let table = Noise.pick(["mcpServers", "servers"], &r)
            return "// comment\n{\n  \"\(table)\": {\n    " + servers.joined(separator: ",\n    ") + ",\n  }\n}\n"
        }
        await fuzz(input: zip(configs, Gen.element(of: ClientConfigFile.knownPaths))) { input throws(FuzzFailure) in
            let (text, path) = input
            let file = path ?? ".mcp.json"
            guard let config = try? ClientConfigFile.parse(path: file, text: text, explicit: false) else { return }
            let lines = text.utf8.count { $0 == 0x0A } + 1
            try require(config.servers.count <= text.utf8.count, "more servers than bytes")
            try require(config.servers.allSatisfy { $0.line >= 1 && $0.line <= lines }, "server line out of range")
        }
    }
}
