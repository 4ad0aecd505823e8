import PreflightCore

/// Replaces or removes the value at a path, keeping member order (for invalid variants).
enum JSONEdit {
    static func set(_ value: JSONValue, at path: ArraySlice<PathStep>, to replacement: JSONValue?) -> JSONValue {
        guard let step = path.first else { return replacement ?? .null }
        let rest = path.dropFirst()
        switch (step, value) {
        case (.key(let key), .object(var members)):
            if let i = members.firstIndex(where: { $0.0 == key }) {
                if rest.isEmpty, replacement == nil {
                    members.remove(at: i)
                } else {
                    members[i].1 = set(members[i].1, at: rest, to: replacement)
                }
            } else if rest.isEmpty, let replacement {
                members.append((key, replacement))
            }
            return .object(members)
        case (.index(let i), .array(var items)) where i >= 0 && i < items.count:
            if rest.isEmpty, replacement == nil {
                items.remove(at: i)
            } else {
                items[i] = set(items[i], at: rest, to: replacement)
            }
            return .array(items)
        default:
            return value
        }
    }
}
