/// zlib streams (RFC 1950) without a zlib library: written with stored deflate blocks, read with a
/// complete inflater (RFC 1951: stored, fixed and dynamic Huffman blocks), so histograms compressed
/// by HdrHistogram's other implementations decode too.
enum Zlib {
    static func stored(_ data: [UInt8]) -> [UInt8] {
        var out: [UInt8] = [0x78, 0x01]
        out.reserveCapacity(data.count + data.count / 65_535 * 5 + 11)
        var start = 0
        repeat {
            let end = min(start + 65_535, data.count)
            let length = UInt16(end - start)
            out.append(end == data.count ? 1 : 0)  // BFINAL, BTYPE 00; the rest of the byte is padding
            out.append(UInt8(length & 0xFF))
            out.append(UInt8(length >> 8))
            out.append(UInt8(~length & 0xFF))
            out.append(UInt8(~length >> 8))
            out += data[start..<end]
            start = end
        } while start < data.count
        out.append(bigEndian: adler32(data))
        return out
    }

    static func adler32(_ data: [UInt8]) -> UInt32 {
        var a: UInt32 = 1
        var b: UInt32 = 0
        var i = 0
        while i < data.count {
            // 5552 bytes keep the sums below 2^32 between reductions.
            let end = min(i + 5552, data.count)
            while i < end {
                a += UInt32(data[i])
                b += a
                i += 1
            }
            a %= 65_521
            b %= 65_521
        }
        return b << 16 | a
    }
}

struct InflateError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// A small inflater after Mark Adler's `puff.c`: canonical Huffman decoding a bit at a time.
/// Fast enough for histograms (kilobytes), bounded by `limit` bytes of output.
struct Inflater {
    private let input: [UInt8]
    private var position = 0
    private var bitBuffer: UInt32 = 0
    private var bitCount = 0
    private var output: [UInt8] = []
    private let limit: Int

    private init(_ input: [UInt8], limit: Int) {
        self.input = input
        self.limit = limit
    }

    static func zlib(_ data: [UInt8], limit: Int) throws(InflateError) -> [UInt8] {
        guard data.count >= 6 else { throw InflateError("too short") }
        let cmf = data[0]
        let flg = data[1]
        guard cmf & 0x0F == 8, (UInt16(cmf) << 8 | UInt16(flg)) % 31 == 0 else { throw InflateError("not a zlib header") }
        guard flg & 0x20 == 0 else { throw InflateError("preset dictionaries are not supported") }
        var inflater = Inflater(Array(data[2...]), limit: limit)
        try inflater.run()
        let trailer = inflater.position
        guard trailer + 4 <= inflater.input.count else { throw InflateError("no Adler-32 trailer") }
        let t = inflater.input[trailer..<(trailer + 4)].reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
        guard t == Zlib.adler32(inflater.output) else { throw InflateError("Adler-32 mismatch") }
        return inflater.output
    }

    private mutating func run() throws(InflateError) {
        var last = false
        while !last {
            last = try bits(1) == 1
            switch try bits(2) {
            case 0: try stored()
            case 1: try codes(Self.fixed.lengths, Self.fixed.distances)
            case 2:
                let (lengths, distances) = try dynamicTables()
                try codes(lengths, distances)
            default: throw InflateError("invalid block type")
            }
        }
        // The trailer starts at the next whole byte.
        bitBuffer = 0
        bitCount = 0
    }

    private mutating func bits(_ need: Int) throws(InflateError) -> Int {
        var value = bitBuffer
        while bitCount < need {
            guard position < input.count else { throw InflateError("truncated") }
            value |= UInt32(input[position]) << UInt32(bitCount)
            position += 1
            bitCount += 8
        }
        bitBuffer = value >> UInt32(need)
        bitCount -= need
        return Int(value & ((1 << UInt32(need)) - 1))
    }

    private mutating func stored() throws(InflateError) {
        bitBuffer = 0
        bitCount = 0
        guard position + 4 <= input.count else { throw InflateError("truncated stored block") }
        let length = Int(input[position]) | Int(input[position + 1]) << 8
        let check = Int(input[position + 2]) | Int(input[position + 3]) << 8
        guard length == ~check & 0xFFFF else { throw InflateError("stored block length check") }
        position += 4
        guard position + length <= input.count else { throw InflateError("truncated stored block") }
        guard output.count + length <= limit else { throw InflateError("output over \(limit) bytes") }
        output += input[position..<(position + length)]
        position += length
    }

    struct Huffman {
        var counts = [Int](repeating: 0, count: 16)
        var symbols: [Int]

        /// Canonical code from code lengths; incomplete codes are allowed only where deflate allows them.
        init(lengths: [Int]) {
            symbols = [Int](repeating: 0, count: lengths.count)
            for l in lengths { counts[l] += 1 }
            var offsets = [Int](repeating: 0, count: 16)
            for l in 1..<15 { offsets[l + 1] = offsets[l] + counts[l] }
            for (symbol, l) in lengths.enumerated() where l != 0 {
                symbols[offsets[l]] = symbol
                offsets[l] += 1
            }
        }
    }

    private mutating func decode(_ h: Huffman) throws(InflateError) -> Int {
        var code = 0
        var first = 0
        var index = 0
        for length in 1...15 {
            code |= try bits(1)
            let count = h.counts[length]
            if code - count < first { return h.symbols[index + (code - first)] }
            index += count
            first += count
            first <<= 1
            code <<= 1
        }
        throw InflateError("invalid Huffman code")
    }

    static let lengthBase = [
        3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258,
    ]
    static let lengthExtra = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0]
    static let distanceBase = [
        1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145,
        8193, 12289, 16385, 24577,
    ]
    static let distanceExtra = [0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13]

    static let fixed: (lengths: Huffman, distances: Huffman) = {
        var lengths = [Int](repeating: 8, count: 288)
        for i in 144..<256 { lengths[i] = 9 }
        for i in 256..<280 { lengths[i] = 7 }
        return (Huffman(lengths: lengths), Huffman(lengths: [Int](repeating: 5, count: 30)))
    }()

    private mutating func codes(_ lengths: Huffman, _ distances: Huffman) throws(InflateError) {
        while true {
            let symbol = try decode(lengths)
            if symbol < 256 {
                guard output.count < limit else { throw InflateError("output over \(limit) bytes") }
                output.append(UInt8(symbol))
                continue
            }
            if symbol == 256 { return }
            let s = symbol - 257
            guard s < 29 else { throw InflateError("invalid length symbol") }
            let length = Self.lengthBase[s] + (try bits(Self.lengthExtra[s]))
            let d = try decode(distances)
            guard d < 30 else { throw InflateError("invalid distance symbol") }
            let distance = Self.distanceBase[d] + (try bits(Self.distanceExtra[d]))
            guard distance <= output.count else { throw InflateError("distance too far back") }
            guard output.count + length <= limit else { throw InflateError("output over \(limit) bytes") }
            let start = output.count - distance
            for i in 0..<length { output.append(output[start + i]) }
        }
    }

    private mutating func dynamicTables() throws(InflateError) -> (Huffman, Huffman) {
        let literalCount = try bits(5) + 257
        let distanceCount = try bits(5) + 1
        let codeCount = try bits(4) + 4
        guard literalCount <= 286, distanceCount <= 30 else { throw InflateError("bad counts") }
        let order = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15]
        var codeLengths = [Int](repeating: 0, count: 19)
        for i in 0..<codeCount { codeLengths[order[i]] = try bits(3) }
        let lengthCode = Huffman(lengths: codeLengths)
        var lengths: [Int] = []
        while lengths.count < literalCount + distanceCount {
            let symbol = try decode(lengthCode)
            if symbol < 16 {
                lengths.append(symbol)
                continue
            }
            var repeated = 0
            var times: Int
            if symbol == 16 {
                guard let previous = lengths.last else { throw InflateError("repeat with no previous length") }
                repeated = previous
                times = 3 + (try bits(2))
            } else if symbol == 17 {
                times = 3 + (try bits(3))
            } else {
                times = 11 + (try bits(7))
            }
            guard lengths.count + times <= literalCount + distanceCount else { throw InflateError("too many lengths") }
            lengths += [Int](repeating: repeated, count: times)
        }
        guard lengths[256] != 0 else { throw InflateError("no end-of-block code") }
        return (Huffman(lengths: Array(lengths[0..<literalCount])), Huffman(lengths: Array(lengths[literalCount...])))
    }
}
