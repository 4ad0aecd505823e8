import Foundation

/// HdrHistogram's standard "V2 compressed" encoding, base64: the form HdrHistogram's own libraries
/// (Java, C, Go, Python, Rust) and its log tools read and write, so histograms from several machines,
/// or from another tool, merge. hdrhistogram-swift has no codec; this one follows the reference:
///
/// - compressed: int32 cookie `0x1c849314`, int32 length, then a zlib stream of the encoding below
///   (written with stored deflate blocks: the counts are already run-length encoded);
/// - encoding: int32 cookie `0x1c849313`, int32 payload length, int32 normalizing index offset (0),
///   int32 significant digits, int64 lowest discernible value, int64 highest trackable value,
///   float64 integer-to-double ratio (1.0), all big-endian; then the counts array by index, each
///   count ZigZag LEB128 (at most 9 bytes), a run of N > 1 empty buckets written as -N.
///
/// Values are nanoseconds.
public enum HistogramCodec {
    static let encodingCookie: UInt32 = 0x1c84_9313
    static let compressedCookie: UInt32 = 0x1c84_9314
    static let cookieBase: UInt32 = 0x1c84_9303
    static let compressedCookieBase: UInt32 = 0x1c84_9304
    /// A decoded histogram may not claim more buckets than this (a hostile header is not an allocation).
    static let maxCountsLength = 1 << 22

    public struct DecodeError: Error, Sendable, Equatable, CustomStringConvertible {
        public var description: String
        init(_ description: String) { self.description = description }
    }

    public static func encode(_ histogram: LatencyHistogram) -> String {
        Data(compressed(histogram)).base64EncodedString()
    }

    public static func decode(_ base64: String) throws(DecodeError) -> LatencyHistogram {
        guard let data = Data(base64Encoded: base64, options: .ignoreUnknownCharacters) else {
            throw DecodeError("not base64")
        }
        return try decode(bytes: [UInt8](data))
    }

    // MARK: Encoding

    static func compressed(_ histogram: LatencyHistogram) -> [UInt8] {
        let plain = uncompressed(histogram)
        let zlib = Zlib.stored(plain)
        var out: [UInt8] = []
        out.reserveCapacity(zlib.count + 8)
        out.append(bigEndian: compressedCookie)
        out.append(bigEndian: UInt32(zlib.count))
        out += zlib
        return out
    }

    static func uncompressed(_ histogram: LatencyHistogram) -> [UInt8] {
        let layout = Layout(lowest: 1, significantDigits: LatencyHistogram.significantDigits)
        var payload: [UInt8] = []
        var next = 0
        for bucket in histogram.buckets {
            let index = layout.index(of: bucket.value)
            let zeros = index - next
            if zeros == 1 {
                ZigZag.put(0, into: &payload)
            } else if zeros > 1 {
                ZigZag.put(-Int64(zeros), into: &payload)
            }
            ZigZag.put(Int64(clamping: bucket.count), into: &payload)
            next = index + 1
        }
        var out: [UInt8] = []
        out.reserveCapacity(payload.count + 40)
        out.append(bigEndian: encodingCookie)
        out.append(bigEndian: UInt32(payload.count))
        out.append(bigEndian: UInt32(0))
        out.append(bigEndian: UInt32(LatencyHistogram.significantDigits))
        out.append(bigEndian: UInt64(1))
        out.append(bigEndian: LatencyHistogram.highestTrackableNanoseconds)
        out.append(bigEndian: (1.0 as Double).bitPattern)
        out += payload
        return out
    }

    // MARK: Decoding

    /// Either form (compressed or not), any layout: buckets are re-recorded into ours.
    static func decode(bytes: [UInt8]) throws(DecodeError) -> LatencyHistogram {
        var reader = ByteReader(bytes)
        let cookie = try reader.uint32()
        switch cookie & ~0xF0 {
        case compressedCookieBase:
            let length = Int(try reader.uint32())
            guard length <= reader.remaining else { throw DecodeError("compressed length \(length) past the end") }
            let inflated: [UInt8]
            do {
                inflated = try Inflater.zlib(Array(bytes[reader.offset..<(reader.offset + length)]), limit: 64 << 20)
            } catch {
                throw DecodeError("bad zlib stream: \(error)")
            }
            return try decodePlain(inflated)
        case cookieBase:
            return try decodePlain(bytes)
        default:
            throw DecodeError("not an HdrHistogram V2 encoding (cookie 0x\(String(cookie, radix: 16)))")
        }
    }

    static func decodePlain(_ bytes: [UInt8]) throws(DecodeError) -> LatencyHistogram {
        var reader = ByteReader(bytes)
        guard try reader.uint32() & ~0xF0 == cookieBase else { throw DecodeError("not an HdrHistogram V2 encoding") }
        let payloadLength = Int(try reader.uint32())
        let normalizingOffset = try reader.uint32()
        let digits = Int(try reader.uint32())
        let lowest = try reader.uint64()
        _ = try reader.uint64()  // highest trackable: ours is an hour, larger values are clamped
        _ = try reader.uint64()  // integer-to-double ratio: integers only
        guard normalizingOffset == 0 else { throw DecodeError("shifted histograms (normalizing offset) are not supported") }
        guard (0...5).contains(digits), lowest >= 1, lowest < 1 << 40 else {
            throw DecodeError("unsupported layout: \(digits) significant digits, lowest value \(lowest)")
        }
        guard payloadLength <= reader.remaining else { throw DecodeError("payload length \(payloadLength) past the end") }
        let layout = Layout(lowest: lowest, significantDigits: digits)
        var histogram = LatencyHistogram()
        var payload = ByteReader(Array(bytes[reader.offset..<(reader.offset + payloadLength)]))
        var index = 0
        while payload.remaining > 0 {
            let count = try ZigZag.get(&payload)
            if count < 0 {
                guard count > -Int64(maxCountsLength) else { throw DecodeError("a run of \(-count) empty buckets") }
                index += Int(-count)
            } else {
                if count > 0 { histogram.record(layout.value(at: index), times: UInt64(count)) }
                index += 1
            }
            guard index <= maxCountsLength else { throw DecodeError("more than \(maxCountsLength) buckets") }
        }
        return histogram
    }

    /// HdrHistogram's bucket layout for a lowest discernible value and a precision.
    struct Layout {
        let unitMagnitude: Int
        let subBucketHalfCountMagnitude: Int
        let subBucketCountMagnitude: Int

        init(lowest: UInt64, significantDigits: Int) {
            unitMagnitude = 63 - lowest.leadingZeroBitCount
            var largest: UInt64 = 2
            for _ in 0..<significantDigits { largest *= 10 }
            // ceil(log2(largest))
            let magnitude = 64 - (largest - 1).leadingZeroBitCount
            subBucketCountMagnitude = magnitude
            subBucketHalfCountMagnitude = max(magnitude, 1) - 1
        }

        var subBucketHalfCount: Int { 1 << subBucketHalfCountMagnitude }

        func value(at index: Int) -> UInt64 {
            var bucket = (index >> subBucketHalfCountMagnitude) - 1
            var sub = (index & (subBucketHalfCount - 1)) + subBucketHalfCount
            if bucket < 0 {
                sub -= subBucketHalfCount
                bucket = 0
            }
            let shift = bucket + unitMagnitude
            guard shift + subBucketCountMagnitude <= 64 else { return UInt64.max }
            return UInt64(sub) << UInt64(shift)
        }

        func index(of value: UInt64) -> Int {
            let mask = UInt64((1 << subBucketCountMagnitude) - 1) << UInt64(unitMagnitude)
            let base = 64 - unitMagnitude - subBucketCountMagnitude
            let bucket = base - (value | mask).leadingZeroBitCount
            let sub = Int(value >> UInt64(bucket + unitMagnitude))
            return ((bucket + 1) << subBucketHalfCountMagnitude) + sub - subBucketHalfCount
        }
    }
}

/// ZigZag LEB128 as HdrHistogram writes it: 7 bits a byte for 8 bytes, the 9th carries 8 bits.
enum ZigZag {
    static func put(_ signed: Int64, into out: inout [UInt8]) {
        var v = UInt64(bitPattern: (signed << 1) ^ (signed >> 63))
        for _ in 0..<8 {
            if v >> 7 == 0 {
                out.append(UInt8(v))
                return
            }
            out.append(UInt8(v & 0x7F) | 0x80)
            v >>= 7
        }
        out.append(UInt8(truncatingIfNeeded: v))
    }

    static func get(_ reader: inout ByteReader) throws(HistogramCodec.DecodeError) -> Int64 {
        var v: UInt64 = 0
        var shift: UInt64 = 0
        for i in 0..<9 {
            let b = UInt64(try reader.byte())
            if i == 8 {
                v |= b << 56
                break
            }
            v |= (b & 0x7F) << shift
            if b & 0x80 == 0 { break }
            shift += 7
        }
        return Int64(bitPattern: v >> 1) ^ -Int64(bitPattern: v & 1)
    }
}

struct ByteReader {
    let bytes: [UInt8]
    var offset = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    var remaining: Int { bytes.count - offset }

    mutating func byte() throws(HistogramCodec.DecodeError) -> UInt8 {
        guard offset < bytes.count else { throw HistogramCodec.DecodeError("truncated") }
        defer { offset += 1 }
        return bytes[offset]
    }

    mutating func uint32() throws(HistogramCodec.DecodeError) -> UInt32 {
        var v: UInt32 = 0
        for _ in 0..<4 { v = v << 8 | UInt32(try byte()) }
        return v
    }

    mutating func uint64() throws(HistogramCodec.DecodeError) -> UInt64 {
        var v: UInt64 = 0
        for _ in 0..<8 { v = v << 8 | UInt64(try byte()) }
        return v
    }
}

extension [UInt8] {
    mutating func append<T: FixedWidthInteger>(bigEndian value: T) {
        Swift.withUnsafeBytes(of: value.bigEndian) { append(contentsOf: $0) }
    }
}
