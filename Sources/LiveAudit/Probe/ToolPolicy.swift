import PreflightCore

/// Which tools Preflight may call: never one that may change the world unless the user allowed it.
/// By default only tools annotated `readOnlyHint: true`; `[tools] allow`, `--allow-tool` and
/// `--allow-all-tools` widen that. `check` and `load` both decide here.
public struct ToolPolicy: Sendable {
    public let allowed: Set<String>
    public let allowAll: Bool

    public init(allowed: Set<String>, allowAll: Bool) {
        self.allowed = allowed
        self.allowAll = allowAll
    }

    init(options: LiveOptions) { self.init(allowed: options.allowedTools, allowAll: options.allowAllTools) }

    public func mayCall(_ tool: JSONValue) -> Bool {
        let name = tool["name"]?.stringValue ?? ""
        if allowAll || allowed.contains(name) { return true }
        return tool["annotations"]?["readOnlyHint"]?.boolValue == true
    }

    public func reason(_ tool: JSONValue) -> String {
        guard let annotations = tool["annotations"] else { return "no annotations: not known to be read-only" }
        if annotations["readOnlyHint"]?.boolValue == false { return "annotated readOnlyHint: false" }
        return "not annotated readOnlyHint: true"
    }
}
