import MCPWire
import PreflightCore
import PropertyBased
import Testing

enum WireGen {
    static func message(_ r: inout RNG) -> JSONValue {
        var members: [(String, JSONValue)] = [("jsonrpc", .string("2.0"))]
        switch Noise.int(0...3, &r) {
        case 0: members += [("id", .int(Noise.int(0...9, &r))), ("method", .string("tools/list"))]
        case 1: members += [("method", .string("notifications/progress")), ("params", JSONGen.value(depth: 2, &r))]
        case 2: members += [("id", .int(Noise.int(0...9, &r))), ("result", JSONGen.value(depth: 3, &r))]
        default: members += [("id", .string("x")), ("error", .object([("code", .int(-32601)), ("message", .string("no"))]))]
        }
        return .object(members.shuffled(using: &r))
    }

    /// A stdout stream: JSON-RPC lines, CRLF, blank lines, junk, U+2028 inside strings, long lines, no final newline.
    static func stream(_ r: inout RNG) -> [UInt8] {
        var out: [UInt8] = []
        for _ in 0..<Noise.int(0...12, &r) {
            switch Noise.int(0...9, &r) {
            case 0: out += Noise.bytes(60, &r)
            case 1: out += Array(Noise.longLine(&r).utf8)
            case 2: out += Array("\u{FEFF}".utf8)
            default: out += Array(JSONWriter.encode(message(&r)).utf8)
            }
            out += Noise.pick([[0x0A], [0x0D, 0x0A], [0x0A, 0x0A], [0x0D], []], &r)
        }
        return out
    }

    /// What the framer must produce, written independently: split on 0x0A, drop one trailing 0x0D.
    static func expectedFrames(_ bytes: [UInt8], maxLineBytes: Int) -> [LineFramer.Frame] {
        var pieces = bytes.split(separator: 0x0A, omittingEmptySubsequences: false).map(Array.init)
        if pieces.last?.isEmpty == true { pieces.removeLast() }
        return pieces.map { piece in
            if piece.count > maxLineBytes {
                return .oversized(length: piece.count, prefix: Array(piece.prefix(min(256, maxLineBytes))))
            }
            return .line(piece.last == 0x0D ? Array(piece.dropLast()) : piece)
        }
    }
}

@Suite("Fuzz: MCP wire")
struct WireFuzzTests {
    /// Any chunking of the same bytes gives the same frames, and they match an independent model.
    @Test func framesDoNotDependOnChunkBoundaries() async {
        let input = zip(
            Generator<[UInt8], Shrink.None<[UInt8]>>(run: { r in WireGen.stream(&r) }),
            Gen.int(in: 1...300).array(of: 1...40), Gen.element(of: [1, 2, 7, 64, 256, 4_096, 16 << 20]))
        await fuzz(input: input, preview: { describeInput($0.0) }) { input throws(FuzzFailure) in
            let (bytes, cuts, limit) = input
            let maxLineBytes = limit ?? 16 << 20
            var whole = LineFramer(maxLineBytes: maxLineBytes)
            var expected = whole.push(bytes)
            if let last = whole.finish() { expected.append(last) }
            var chunked = LineFramer(maxLineBytes: maxLineBytes)
            var frames: [LineFramer.Frame] = []
            var offset = 0
            var cutIndex = 0
            while offset < bytes.count {
                let size = cuts[cutIndex % cuts.count]
                cutIndex += 1
                frames += chunked.push(bytes[offset..<min(bytes.count, offset + size)])
                offset += size
            }
            if let last = chunked.finish() { frames.append(last) }
            try require(frames == expected, "chunked framing differs from whole framing")
            try require(
                expected == WireGen.expectedFrames(bytes, maxLineBytes: maxLineBytes), "frames differ from the line model")
            for case .line(let line) in frames {
                try require(line.count <= maxLineBytes, "kept a line over the limit")
            }
        }
    }

    /// Each framed line is parsed and classified; built messages classify as what they were built as.
    @Test func classificationMatchesConstruction() async {
        await fuzz(input: Generator<JSONValue, Shrink.None<JSONValue>>(run: { r in WireGen.message(&r) })) {
            message throws(FuzzFailure) in
            var framer = LineFramer()
            let frames = framer.push(
                JSONRPCRequest.encodeNotification(method: "x", params: nil) + Array(JSONWriter.encode(message).utf8) + [0x0A])
            try require(frames.count == 2, "one line per message, got \(frames.count) frames")
            guard case .line(let bytes) = frames[1], let parsed = try? JSONParser.parse(bytes) else {
                throw FuzzFailure(description: "framed message does not parse")
            }
            try require(parsed == message, "framing changed the message")
            let classified = JSONRPCMessage.classify(parsed)
            switch classified {
            case .request(let id, let method, _):
                try require(message["id"] == id && message["method"]?.stringValue == method, "request fields")
            case .notification(let method, _):
                try require(message["id"] == nil && message["method"]?.stringValue == method, "notification fields")
            case .response(let id, let result):
                try require(message["id"] == id && message["result"] == result, "response fields")
            case .error(let id, let code, _, _):
                try require(message["id"] == id && message["error"]?["code"]?.intValue == code, "error fields")
            case .invalid(_, let reason):
                throw FuzzFailure(description: "well-formed message classified invalid: \(reason)")
            }
        }
    }

    @Test func classifyIsTotalOnAnyJSON() async {
        await fuzz(input: JSONGen.values) { value throws(FuzzFailure) in
            switch JSONRPCMessage.classify(value) {
            case .request, .notification, .response, .error:
                try require(value["jsonrpc"]?.stringValue == "2.0", "classified without jsonrpc 2.0")
            case .invalid(let raw, _):
                try require(raw == value, "invalid keeps the raw value")
            }
        }
    }
}
