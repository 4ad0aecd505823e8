/// One validation or schema-structure problem.
public struct SchemaError: Sendable, Hashable, CustomStringConvertible {
    /// JSON pointer into the validated document ("" is the root).
    public var path: String
    /// JSON pointer to the schema keyword that failed, e.g. `/properties/days/maximum`.
    public var schemaPath: String
    public var message: String

    public init(path: String, schemaPath: String, message: String) {
        self.path = path
        self.schemaPath = schemaPath
        self.message = message
    }

    public var description: String { "\(path.isEmpty ? "/" : path): \(message)" }
}
