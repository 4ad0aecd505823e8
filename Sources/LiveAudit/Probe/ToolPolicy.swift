import PreflightCore

/// Which tools Preflight may call: never one that may change the world unless the user allowed it.
/// By default only tools annotated `readOnlyHint: true`; `[tools] allow`, `--allow-tool` and
/// `--allow-all-tools` widen that.
struct ToolPolicy {
    let options: LiveOptions

    func mayCall(_ tool: JSONValue) -> Bool {
        let name = tool["name"]?.stringValue ?? ""
        if options.allowAllTools || options.allowedTools.contains(name) { return true }
        return tool["annotations"]?["readOnlyHint"]?.boolValue == true
    }

    func reason(_ tool: JSONValue) -> String {
        guard let annotations = tool["annotations"] else { return "no annotations: not known to be read-only" }
        if annotations["readOnlyHint"]?.boolValue == false { return "annotated readOnlyHint: false" }
        return "not annotated readOnlyHint: true"
    }
}
