import Foundation
import PreflightCore

/// RFC 6901 JSON pointers: used for error locations and for resolving local `$ref`s.
public enum JSONPointer {
    /// Escapes one reference token (`~` → `~0`, `/` → `~1`).
    public static func escape(_ token: String) -> String {
        token.replacingOccurrences(of: "~", with: "~0").replacingOccurrences(of: "/", with: "~1")
    }

    public static func append(_ pointer: String, _ token: String) -> String { pointer + "/" + escape(token) }
    public static func append(_ pointer: String, _ index: Int) -> String { pointer + "/" + String(index) }

    /// The value at `pointer` inside `document`, or nil when any step is missing.
    public static func resolve(_ pointer: String, in document: JSONValue) -> JSONValue? {
        if pointer.isEmpty { return document }
        guard pointer.hasPrefix("/") else { return nil }
        var current = document
        for raw in pointer.dropFirst().split(separator: "/", omittingEmptySubsequences: false) {
            let token = String(raw).replacingOccurrences(of: "~1", with: "/").replacingOccurrences(of: "~0", with: "~")
            switch current {
            case .object(let members):
                guard let next = members.first(where: { $0.0 == token })?.1 else { return nil }
                current = next
            case .array(let items):
                guard let index = Int(token), index >= 0, index < items.count else { return nil }
                current = items[index]
            default:
                return nil
            }
        }
        return current
    }

    /// Decodes a `$ref` fragment (`#/$defs/A%20B`) into a pointer; nil for non-local references.
    static func fromLocalRef(_ ref: String) -> String? {
        guard ref.hasPrefix("#") else { return nil }
        let fragment = String(ref.dropFirst())
        return fragment.removingPercentEncoding ?? fragment
    }
}
