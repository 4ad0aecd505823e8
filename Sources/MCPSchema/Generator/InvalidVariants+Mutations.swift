import PreflightCore

extension InvalidVariants {
    func objectMutations(_ flat: JSONValue, members: [(String, JSONValue)], path: [PathStep], into out: inout [Mutation]) {
        let present = Set(members.map(\.0))
        for name in flat["required"]?.arrayValue?.compactMap(\.stringValue) ?? [] where present.contains(name) {
            let display = PathStep.display(path + [.key(name)])
            out.append(
                Mutation(
                    violation: .missingRequired, path: path + [.key(name)], value: nil,
                    label: "missing required property \"\(display)\"", keywords: ["required"]))
        }
        if flat["additionalProperties"] == .bool(false) {
            let declared = Set(flat.members("properties").map(\.0))
            let patterns = flat.members("patternProperties").map(\.0)
            let name = ["unexpected_property", "zz_unexpected", "x-unexpected-1"].first { candidate in
                !declared.contains(candidate) && !present.contains(candidate)
                    && !patterns.contains { PatternMatcher.matches($0, candidate) == .match }
            }
            if let name {
                let display = PathStep.display(path + [.key(name)])
                out.append(
                    Mutation(
                        violation: .additionalProperty, path: path + [.key(name)], value: .string("x"),
                        label: "unexpected property \"\(display)\" (additionalProperties is false)",
                        keywords: ["additionalProperties"]))
            }
        }
    }

    func arrayMutations(_ flat: JSONValue, items: [JSONValue], path: [PathStep], into out: inout [Mutation]) {
        let display = PathStep.display(path)
        if let max = flat.count("maxItems"), max < 1000 {
            let filler = items.last ?? .string("x")
            var longer = items
            var i = 0
            while longer.count <= max {
                longer.append(ValueBuilder.vary(filler, longer.count + i))
                i += 1
            }
            out.append(
                Mutation(
                    violation: .tooManyItems, path: path, value: .array(longer),
                    label: "\"\(display)\" has \(longer.count) items, over maxItems \(max)", keywords: ["maxItems"]))
        }
        if let min = flat.count("minItems"), min > 0, items.count >= min {
            out.append(
                Mutation(
                    violation: .tooFewItems, path: path, value: .array(Array(items.prefix(min - 1))),
                    label: "\"\(display)\" has \(min - 1) items, under minItems \(min)", keywords: ["minItems"]))
        }
    }

    func scalarMutations(_ flat: JSONValue, value: JSONValue, path: [PathStep], into out: inout [Mutation]) {
        let display = PathStep.display(path)
        func add(_ violation: Violation, _ replacement: JSONValue, _ label: String, _ keywords: Set<String>) {
            out.append(Mutation(violation: violation, path: path, value: replacement, label: label, keywords: keywords))
        }
        if let types = flat.schemaTypes, let wrong = Self.wrongTypeValue(for: types) {
            let expected = types.map(\.rawValue).joined(separator: " or ")
            add(
                .wrongType, wrong, "\"\(display)\" is \(JSONType.name(of: wrong)) \(Self.preview(wrong)), expected \(expected)",
                ["type"])
        }
        if let options = flat["enum"]?.arrayValue, let outside = Self.outside(options, like: value) {
            add(.enumViolation, outside, "\"\(display)\" is \(Self.preview(outside)), not one of the enum values", ["enum"])
        }
        if let constant = flat["const"], let other = Self.outside([constant], like: constant) {
            add(
                .constViolation, other, "\"\(display)\" is \(Self.preview(other)), not the const \(Self.preview(constant))",
                ["const"])
        }
        if case .number = value { boundMutations(flat, path: path, into: &out) }
        if case .string(let text) = value { stringMutations(flat, text: text, path: path, into: &out) }
    }

    private func boundMutations(_ flat: JSONValue, path: [PathStep], into out: inout [Mutation]) {
        let display = PathStep.display(path)
        let integer = flat.schemaTypes == [.integer]
        if let low = flat.number("exclusiveMinimum") ?? flat.number("minimum") {
            let exclusive = flat["exclusiveMinimum"] != nil && flat["exclusiveMinimum"]?.boolValue != false
            let below = exclusive ? low.double : (integer ? (low.double - 1).rounded(.down) : low.double - 1)
            let value = SchemaNumber(below).jsonValue
            out.append(
                Mutation(
                    violation: .belowMinimum, path: path, value: value,
                    label:
                        "\"\(display)\" = \(Self.preview(value)), below the minimum \(low.text)\(exclusive ? " (exclusive)" : "")",
                    keywords: ["minimum", "exclusiveMinimum"]))
        }
        if let high = flat.number("exclusiveMaximum") ?? flat.number("maximum") {
            let exclusive = flat["exclusiveMaximum"] != nil && flat["exclusiveMaximum"]?.boolValue != false
            let above = exclusive ? high.double : (integer ? (high.double + 1).rounded(.up) : high.double + 1)
            let value = SchemaNumber(above).jsonValue
            out.append(
                Mutation(
                    violation: .aboveMaximum, path: path, value: value,
                    label:
                        "\"\(display)\" = \(Self.preview(value)), above the maximum \(high.text)\(exclusive ? " (exclusive)" : "")",
                    keywords: ["maximum", "exclusiveMaximum"]))
        }
    }

    private func stringMutations(_ flat: JSONValue, text: String, path: [PathStep], into out: inout [Mutation]) {
        let display = PathStep.display(path)
        if let max = flat.count("maxLength"), max < 100_000 {
            let long = ValueBuilder.fit(text.isEmpty ? "x" : text, minLength: max + 1, maxLength: nil, padOK: true)
            out.append(
                Mutation(
                    violation: .tooLong, path: path, value: .string(long),
                    label: "\"\(display)\" is \(long.codePointCount) characters, over maxLength \(max)", keywords: ["maxLength"]))
        }
        if let min = flat.count("minLength"), min > 0 {
            let short = String(String.UnicodeScalarView(text.unicodeScalars.prefix(min - 1)))
            out.append(
                Mutation(
                    violation: .tooShort, path: path, value: .string(short),
                    label: "\"\(display)\" is \(min - 1) characters, under minLength \(min)", keywords: ["minLength"]))
        }
        if let pattern = flat["pattern"]?.stringValue {
            let length = max(flat.count("minLength") ?? 1, 1)
            for candidate in ["!", "~", " ", "0", "a"] {
                let probe = String(repeating: candidate, count: min(length, 1000))
                guard PatternMatcher.matches(pattern, probe) == .noMatch else { continue }
                out.append(
                    Mutation(
                        violation: .patternMismatch, path: path, value: .string(probe),
                        label: "\"\(display)\" is \(Self.preview(.string(probe))), not matching pattern /\(pattern)/",
                        keywords: ["pattern"]))
                break
            }
        }
    }

    /// A value whose JSON type none of `types` accepts, and that no lax validator coerces into one
    /// (pydantic's lax mode takes "yes" and 1 for a boolean, "12" for a number, and some validators
    /// turn numbers into strings): a server that rejects it validates its input.
    static func wrongTypeValue(for types: [JSONType]) -> JSONValue? {
        let probes: [JSONValue] = [
            .string("not-a-number"), .object([]), .array([]), .string("not-a-boolean"),
        ]
        let ordered: [JSONValue]
        switch types.first {
        case .string?: ordered = [.object([("preflight", .string("not-a-string"))])] + probes
        case .boolean?: ordered = [.string("not-a-boolean")] + probes
        case .array?, .object?: ordered = [.string("not-a-container")] + probes
        default: ordered = probes
        }
        return ordered.first { probe in !types.contains { $0.matches(probe) } }
    }

    /// A value of the same JSON type as `like` that equals none of `values`.
    static func outside(_ values: [JSONValue], like: JSONValue) -> JSONValue? {
        let probes: [JSONValue]
        switch like {
        case .string(let s): probes = [.string("not-a-valid-option"), .string(s + "-invalid"), .string("zz-invalid-option")]
        case .number:
            let largest = values.compactMap { SchemaNumber($0)?.double }.max() ?? 0
            probes = [SchemaNumber(largest + 1).jsonValue, .int(-987_654)]
        case .bool(let b): probes = [.bool(!b)]
        default: probes = [.string("not-a-valid-option")]
        }
        return probes.first { probe in !values.contains { JSONEquality.equal($0, probe) } }
    }

    static func preview(_ value: JSONValue) -> String { Evaluation.preview(value) }
}
