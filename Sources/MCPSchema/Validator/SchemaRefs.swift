import PreflightCore

/// Resolves local `$ref`s: JSON pointers (`#/$defs/x`, `#/definitions/x`, `#`) and plain-name
/// anchors (`#name` via `$anchor` or a draft-07 `$id: "#name"`). Remote references are unresolvable.
enum SchemaRefs {
    static func resolve(_ ref: String, in root: JSONValue) -> (JSONValue, String)? {
        guard let fragment = JSONPointer.fromLocalRef(ref) else { return nil }
        if fragment.isEmpty || fragment.hasPrefix("/") {
            return JSONPointer.resolve(fragment, in: root).map { ($0, fragment) }
        }
        var budget = 10_000
        return findAnchor(fragment, in: root, path: "", depth: 0, budget: &budget)
    }

    private static func findAnchor(
        _ name: String, in schema: JSONValue, path: String, depth: Int, budget: inout Int
    ) -> (JSONValue, String)? {
        budget -= 1
        guard budget > 0, depth < 64 else { return nil }
        switch schema {
        case .object(let members):
            if schema["$anchor"]?.stringValue == name || schema["$id"]?.stringValue == "#" + name {
                return (schema, path)
            }
            for (key, value) in members where key != "enum" && key != "const" && key != "default" && key != "examples" {
                if let hit = findAnchor(name, in: value, path: JSONPointer.append(path, key), depth: depth + 1, budget: &budget) {
                    return hit
                }
            }
        case .array(let items):
            for (i, item) in items.enumerated() {
                if let hit = findAnchor(name, in: item, path: JSONPointer.append(path, i), depth: depth + 1, budget: &budget) {
                    return hit
                }
            }
        default: break
        }
        return nil
    }
}
