import Foundation
import TestSupport
import Testing

@testable import Load

/// The exported histogram: HdrHistogram's V2 compressed encoding, lossless to its precision.
@Suite struct HistogramCodecTests {
    static func sample(seed: UInt64, count: Int) -> LatencyHistogram {
        var h = LatencyHistogram()
        var state = seed
        for _ in 0..<count {
            // xorshift: a spread from nanoseconds to seconds, reproducible.
            state ^= state << 13
            state ^= state >> 7
            state ^= state << 17
            h.record(1 + state % (1 << (10 + state % 24)))
        }
        return h
    }

    @Test func roundTripKeepsEveryBucket() throws {
        let h = Self.sample(seed: 42, count: 50_000)
        let text = HistogramCodec.encode(h)
        let back = try HistogramCodec.decode(text)
        #expect(back.count == h.count)
        #expect(back.histogram == h.histogram)
        #expect(HistogramCodec.encode(back) == text)
        for p in [0.0, 1, 50, 90, 95, 99, 99.9, 99.99, 100] {
            #expect(back.equivalent(back.percentileNs(p), h.percentileNs(p)), "p\(p)")
        }
    }

    @Test func emptyAndSingleValueHistogramsRoundTrip() throws {
        let empty = LatencyHistogram()
        #expect(try HistogramCodec.decode(HistogramCodec.encode(empty)).count == 0)
        var one = LatencyHistogram()
        one.record(123_456)
        let back = try HistogramCodec.decode(HistogramCodec.encode(one))
        #expect(back.count == 1 && back.equivalent(back.percentileNs(50), 123_456))
    }

    @Test func mergingDecodedHistogramsEqualsMergingTheOriginals() throws {
        let a = Self.sample(seed: 1, count: 20_000)
        let b = Self.sample(seed: 2, count: 30_000)
        var original = a
        original.merge(b)
        var decoded = try HistogramCodec.decode(HistogramCodec.encode(a))
        decoded.merge(try HistogramCodec.decode(HistogramCodec.encode(b)))
        #expect(decoded.histogram == original.histogram)
        #expect(decoded.count == 50_000)
    }

    /// A histogram compressed with real deflate (as HdrHistogram's Java, C and Python libraries
    /// write it) decodes: Python's zlib compresses our plain encoding.
    @Test func decodesDeflateCompressedHistograms() throws {
        let h = Self.sample(seed: 7, count: 10_000)
        let plain = Data(HistogramCodec.uncompressed(h)).base64EncodedString()
        let script = """
            import base64, struct, sys, zlib
            plain = base64.b64decode(sys.argv[1])
            body = zlib.compress(plain, 9)
            sys.stdout.write(base64.b64encode(struct.pack(">ii", 0x1c849314, len(body)) + body).decode())
            """
        let result = try Spawn.run([LoadFixture.python, "-c", script, plain], timeout: 60)
        #expect(result.status == 0)
        let compressed = String(decoding: result.stdout, as: UTF8.self)
        let back = try HistogramCodec.decode(compressed)
        #expect(back.histogram == h.histogram)
    }

    /// Python's HdrHistogram-compatible reader (pure Python, below) reads what we write: the
    /// cookies, the header and the ZigZag LEB128 counts follow the reference encoding.
    @Test func anIndependentDecoderReadsOurEncoding() throws {
        var h = LatencyHistogram()
        for v: UInt64 in [1, 2, 2, 3, 1000, 2047, 2048, 2049, 1_000_000, 1_000_000, 3_000_000_000] { h.record(v) }
        let script = """
            import base64, struct, sys, zlib
            raw = base64.b64decode(sys.argv[1])
            cookie, length = struct.unpack(">ii", raw[:8])
            assert cookie == 0x1c849314, hex(cookie)
            plain = zlib.decompress(raw[8:8 + length])
            cookie, payload, offset, digits, lowest, highest, ratio = struct.unpack(">iiiiqqd", plain[:40])
            assert cookie == 0x1c849313 and offset == 0 and ratio == 1.0, (hex(cookie), offset, ratio)
            data = plain[40:40 + payload]
            counts, i, index = {}, 0, 0
            while i < len(data):
                value, shift = 0, 0
                for k in range(9):
                    b = data[i]; i += 1
                    if k == 8:
                        value |= b << 56; break
                    value |= (b & 0x7F) << shift
                    if not b & 0x80: break
                    shift += 7
                n = (value >> 1) ^ -(value & 1)
                if n < 0: index += -n
                else:
                    if n: counts[index] = n
                    index += 1
            print(digits, lowest, highest, sum(counts.values()), sorted(counts.items()))
            """
        let result = try Spawn.run([LoadFixture.python, "-c", script, HistogramCodec.encode(h)], timeout: 60)
        let out = String(decoding: result.stdout, as: UTF8.self)
        #expect(result.status == 0, "\(String(decoding: result.stderr, as: UTF8.self))")
        // 3 digits, lowest 1, an hour in ns; 11 values; 2048 and 2049 share a bucket above 2047.
        #expect(out.hasPrefix("3 1 3600000000000 11 "))
        #expect(out.contains("(1, 1), (2, 2), (3, 1), (1000, 1), (2047, 1), (2048, 2)"))
    }

    @Test func garbageNeverCrashes() {
        let inputs = [
            "", "AAAA", "not base64 at all!", Data([0x1c, 0x84, 0x93, 0x14, 0x7f, 0xff, 0xff, 0xff]).base64EncodedString(),
            Data([0x1c, 0x84, 0x93, 0x13, 0, 0, 0, 5, 0, 0, 0, 0, 0, 0, 0, 3] + [UInt8](repeating: 0xFF, count: 40))
                .base64EncodedString(),
            Data([0x1c, 0x84, 0x93, 0x14, 0, 0, 0, 6, 0x78, 0x9c, 0xff, 0xff, 0xff, 0xff]).base64EncodedString(),
        ]
        for input in inputs { #expect(throws: HistogramCodec.DecodeError.self) { try HistogramCodec.decode(input) } }
    }

    @Test func zigZagMatchesTheReference() {
        // Values and encodings from HdrHistogram's ZigZagEncoding.
        let cases: [(Int64, [UInt8])] = [
            (0, [0]), (-1, [1]), (1, [2]), (63, [0x7E]), (64, [0x80, 0x01]), (-65, [0x81, 0x01]),
            (Int64.max, [0xFE, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF]),
        ]
        for (value, bytes) in cases {
            var out: [UInt8] = []
            ZigZag.put(value, into: &out)
            #expect(out == bytes, "\(value)")
            var reader = ByteReader(bytes)
            #expect((try? ZigZag.get(&reader)) == value)
        }
    }
}
