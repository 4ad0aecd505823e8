import PreflightCore

extension ValueBuilder {
    /// A string meeting format, pattern and length bounds.
    mutating func buildString(_ flat: JSONValue, path: [PathStep]) -> JSONValue {
        let minLength = min(flat.count("minLength") ?? 0, 10_000)
        let maxLength = flat.count("maxLength")
        var attempts: [(String, ValueSource, String?)] = []
        if let format = flat["format"]?.stringValue, let sample = Formats.sample(format) {
            attempts.append((sample, .format, format))
        }
        var patternUnderstood = true
        if let pattern = flat["pattern"]?.stringValue {
            var extras = [0, 1, 2, 4, 8, minLength]
            extras = extras.filter { $0 <= max(minLength, 8) }
            let generated = extras.compactMap { PatternGenerator.generate(pattern, extra: $0) }
            patternUnderstood = !generated.isEmpty
            attempts += generated.map { ($0, .pattern, pattern) }
        }
        attempts.append(("example", .typeDefault, nil))
        let display = PathStep.display(path)
        for (text, source, detail) in attempts {
            let fitted = Self.fit(text, minLength: minLength, maxLength: maxLength, padOK: source != .pattern)
            if isValid(.string(fitted), flat) {
                provenance.append(ArgumentProvenance(path: display, source: source, detail: detail))
                return .string(fitted)
            }
        }
        if !patternUnderstood {
            markUncertain(path, "pattern not understood: \(flat["pattern"]?.stringValue ?? "")")
        }
        return .string(Self.fit("example", minLength: minLength, maxLength: maxLength, padOK: true))
    }

    /// Pads (with "x") or truncates to the length bounds, counted in code points.
    static func fit(_ text: String, minLength: Int, maxLength: Int?, padOK: Bool) -> String {
        var scalars = Array(text.unicodeScalars)
        if let maxLength, scalars.count > maxLength { scalars = Array(scalars.prefix(maxLength)) }
        if padOK, scalars.count < minLength { scalars += Array(repeating: "x", count: minLength - scalars.count) }
        return String(String.UnicodeScalarView(scalars))
    }

    /// A number within minimum/maximum (inclusive or exclusive) and multipleOf, near a preferred value.
    mutating func buildNumber(_ flat: JSONValue, integer: Bool, name: String?, path: [PathStep]) -> JSONValue {
        let hint = name.flatMap(NameHints.preferredNumber(for:))
        let value = Self.pick(preferred: hint ?? 1, in: flat, integer: integer)
        provenance.append(ArgumentProvenance(path: PathStep.display(path), source: hint == nil ? .typeDefault : .propertyName))
        return value
    }

    static func pick(preferred: Double, in flat: JSONValue, integer: Bool) -> JSONValue {
        var low = -Double.greatestFiniteMagnitude
        var high = Double.greatestFiniteMagnitude
        var lowOpen = false
        var highOpen = false
        if let m = flat.number("minimum")?.double {
            low = m
            lowOpen = flat["exclusiveMinimum"]?.boolValue == true
        }
        if let m = flat.number("exclusiveMinimum")?.double, m >= low {
            low = m
            lowOpen = true
        }
        if let m = flat.number("maximum")?.double {
            high = m
            highOpen = flat["exclusiveMaximum"]?.boolValue == true
        }
        if let m = flat.number("exclusiveMaximum")?.double, m <= high {
            high = m
            highOpen = true
        }
        let step = flat.number("multipleOf")?.double ?? 0
        var v = integer ? preferred.rounded() : preferred
        if integer {
            low = lowOpen ? (low + 1).rounded(.down) : low.rounded(.up)
            high = highOpen ? (high - 1).rounded(.up) : high.rounded(.down)
            v = min(max(v, low), high)
        } else {
            if v < low || (lowOpen && v == low) { v = lowOpen ? nudge(low, toward: high) : low }
            if v > high || (highOpen && v == high) { v = highOpen ? nudge(high, toward: low) : high }
        }
        if step > 0, step.isFinite {
            var k = (v / step).rounded(.up)
            if k * step > high || (highOpen && k * step == high) { k = (high / step).rounded(.down) }
            if lowOpen && k * step == low { k += 1 }
            v = k * step
        }
        guard v.isFinite else { return .int(0) }
        // JSONValue.double scales by 10^digits, which overflows for huge bounds.
        return abs(v) >= 1e15 ? .number(String(v)) : .double(v, digits: 6)
    }

    /// A value strictly inside an open bound: the next integer, or halfway to the other bound.
    private static func nudge(_ bound: Double, toward other: Double) -> Double {
        let next = bound < other ? bound + 1 : bound - 1
        if abs(other) < Double.greatestFiniteMagnitude, (bound < other ? next >= other : next <= other) {
            return (bound + other) / 2
        }
        return next
    }
}
