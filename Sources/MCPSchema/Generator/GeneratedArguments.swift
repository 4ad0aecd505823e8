import PreflightCore

/// Where a generated value came from, in the generator's order of preference.
public enum ValueSource: String, Sendable, Hashable, CaseIterable {
    case callerExample = "from caller example"
    case schemaExample = "from schema examples"
    case schemaDefault = "from schema default"
    case constValue = "from const"
    case enumValue = "from enum"
    case descriptionExample = "from description example"
    case toolDescriptionExample = "from tool description example"
    case propertyName = "from property name"
    case format = "from format"
    case pattern = "generated from pattern"
    case typeDefault = "type default within bounds"
}

/// Why one generated value is what it is, so a report can explain its test call.
public struct ArgumentProvenance: Sendable, Hashable, CustomStringConvertible {
    /// Display path: `timezone`, `filter.op`, `files[0]`; `(arguments)` for the whole object.
    public var path: String
    public var source: ValueSource
    /// Extra context, e.g. the quoted example or why a value is uncertain.
    public var detail: String?

    public init(path: String, source: ValueSource, detail: String? = nil) {
        self.path = path
        self.source = source
        self.detail = detail
    }

    public var description: String { "\(path): \(source.rawValue)" + (detail.map { " (\($0))" } ?? "") }
}

/// One meaningful, schema-valid arguments object for a tool call.
public struct GeneratedArguments: Sendable, Hashable {
    public var arguments: JSONValue
    /// One note per generated value, e.g. `timezone: from description example (America/New_York)`.
    public var provenance: [String] { sources.map(\.description) }
    /// The same notes, structured.
    public var sources: [ArgumentProvenance]
    /// Display paths whose value is a guess (unsupported pattern, recursive `$ref`, unsatisfiable branch).
    public var uncertain: [String]
    /// Validation errors of `arguments` against the schema; empty when generation succeeded.
    public var problems: [SchemaError]

    public var isValid: Bool { problems.isEmpty }
}

/// The rule an invalid variant breaks.
public enum Violation: String, Sendable, Hashable, CaseIterable {
    case notAnObject = "not-an-object"
    case missingRequired = "missing-required"
    case wrongType = "wrong-type"
    case enumViolation = "enum-violation"
    case constViolation = "const-violation"
    case belowMinimum = "below-minimum"
    case aboveMaximum = "above-maximum"
    case tooLong = "too-long"
    case tooShort = "too-short"
    case patternMismatch = "pattern-mismatch"
    case tooManyItems = "too-many-items"
    case tooFewItems = "too-few-items"
    case additionalProperty = "additional-property"
}

/// Arguments a correct server must reject, labelled with the one rule they break.
public struct InvalidArguments: Sendable, Hashable, CustomStringConvertible {
    public var violation: Violation
    /// JSON pointer of the broken location inside the arguments ("" for the whole object).
    public var path: String
    public var arguments: JSONValue
    /// Human-readable, e.g. `missing required property "timezone"`.
    public var label: String

    public var description: String { "\(violation.rawValue): \(label)" }
}
