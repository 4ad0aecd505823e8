import Foundation
import PreflightCore

/// A JSON number compared by value, as JSON Schema requires (`1.0` is the integer 1).
/// Decimal keeps `0.1`-style literals exact; Double covers exponents Decimal cannot hold.
struct SchemaNumber: Comparable {
    let double: Double
    let decimal: Decimal?

    init?(_ text: String) {
        guard let d = Double(text) else { return nil }
        double = d
        decimal = d.isFinite ? Decimal(string: text, locale: Locale(identifier: "en_US_POSIX")) : nil
    }

    init?(_ value: JSONValue) {
        guard case .number(let text) = value else { return nil }
        self.init(text)
    }

    init(_ value: Double) {
        double = value
        // Via the shortest round-trip text, so 0.1 stays 0.1 rather than its binary expansion.
        decimal = value.isFinite ? Decimal(string: String(value), locale: Locale(identifier: "en_US_POSIX")) : nil
    }

    var isInteger: Bool {
        if var d = decimal {
            var rounded = Decimal()
            NSDecimalRound(&rounded, &d, 0, .plain)
            return rounded == d
        }
        return double.isFinite ? double == double.rounded() : true
    }

    static func < (lhs: SchemaNumber, rhs: SchemaNumber) -> Bool {
        if let a = lhs.decimal, let b = rhs.decimal { return a < b }
        return lhs.double < rhs.double
    }

    static func == (lhs: SchemaNumber, rhs: SchemaNumber) -> Bool {
        if let a = lhs.decimal, let b = rhs.decimal { return a == b }
        return lhs.double == rhs.double
    }

    /// Whether `self` is an integer multiple of `divisor` (divisor > 0).
    func isMultiple(of divisor: SchemaNumber) -> Bool {
        if let a = decimal, let b = divisor.decimal, b != 0 {
            var quotient = a / b
            var rounded = Decimal()
            NSDecimalRound(&rounded, &quotient, 0, .plain)
            return rounded == quotient
        }
        guard divisor.double != 0, double.isFinite else { return false }
        let q = double / divisor.double
        guard q.isFinite else { return false }
        return abs(q - q.rounded()) <= 1e-9 * max(1, abs(q))
    }

    /// Stable text for messages and generated values.
    var text: String {
        if let d = decimal { return "\(d)" }
        return String(double)
    }

    var jsonValue: JSONValue {
        if let d = decimal {
            let t = "\(d)"
            if Double(t) != nil { return .number(t) }
        }
        return .double(double, digits: 6)
    }
}
