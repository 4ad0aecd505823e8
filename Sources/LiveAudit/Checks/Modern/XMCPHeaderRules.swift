import Foundation
import PreflightCore

/// The rules of `x-mcp-header` (2026-07-28 basic/transports/streamable-http.mdx §Schema Extension):
/// a non-empty RFC 9110 token, unique case-insensitively within the schema, on a string, integer or
/// boolean property reached from the root through `properties` only. Anything else makes clients
/// on HTTP drop the tool. The walk does not follow `$ref`; annotations found off the `properties`
/// path (under `items`, `allOf`, `$defs`, …) are invalid where they stand.
enum XMCPHeaderRules {
    struct Problem: Sendable, Equatable {
        var path: String
        var reason: String
        /// A SHOULD NOT (a secret-looking parameter mirrored into a header), not a MUST.
        var advisory = false
    }

    static let key = "x-mcp-header"
    /// Keywords whose values are data, not schemas: an `x-mcp-header` inside them is no annotation.
    static let dataKeywords: Set<String> = ["enum", "const", "default", "examples", "required", "example"]
    static let allowedTypes: Set<String> = ["string", "integer", "boolean"]

    static func problems(_ schema: JSONValue) -> [Problem] {
        var out: [Problem] = []
        var seen: [String: String] = [:]
        var budget = 10_000
        walk(schema, path: [], viaProperties: true, root: true, seen: &seen, out: &out, budget: &budget)
        return out
    }

    private static func walk(
        _ node: JSONValue, path: [String], viaProperties: Bool, root: Bool, seen: inout [String: String],
        out: inout [Problem], budget: inout Int
    ) {
        budget -= 1
        guard budget > 0, path.count < 64, let members = node.objectValue else { return }
        let shown = path.isEmpty ? "(root)" : path.joined(separator: ".")
        if let annotation = node[key] {
            check(annotation, node: node, shown: shown, name: path.last, usable: viaProperties && !root, seen: &seen, out: &out)
        }
        for (keyword, value) in members where !dataKeywords.contains(keyword) && keyword != key {
            if keyword == "properties", let properties = value.objectValue {
                for (name, sub) in properties {
                    walk(
                        sub, path: path + [name], viaProperties: viaProperties, root: false, seen: &seen, out: &out,
                        budget: &budget)
                }
            } else if value.objectValue != nil {
                walk(
                    value, path: path + [keyword], viaProperties: false, root: false, seen: &seen, out: &out, budget: &budget)
            } else if let items = value.arrayValue {
                for (i, item) in items.enumerated() {
                    walk(
                        item, path: path + ["\(keyword)[\(i)]"], viaProperties: false, root: false, seen: &seen, out: &out,
                        budget: &budget)
                }
            }
        }
    }

    private static func check(
        _ annotation: JSONValue, node: JSONValue, shown: String, name: String?, usable: Bool, seen: inout [String: String],
        out: inout [Problem]
    ) {
        guard usable else {
            out.append(Problem(path: shown, reason: "x-mcp-header is only allowed on a property reached through `properties`"))
            return
        }
        guard let token = annotation.stringValue, !token.isEmpty else {
            out.append(Problem(path: shown, reason: "x-mcp-header must be a non-empty string"))
            return
        }
        guard isToken(token) else {
            out.append(Problem(path: shown, reason: "x-mcp-header `\(token.prefixString(40))` is not an HTTP token"))
            return
        }
        if let other = seen[token.lowercased()] {
            out.append(Problem(path: shown, reason: "x-mcp-header `\(token)` repeats the one on \(other)"))
            return
        }
        seen[token.lowercased()] = shown
        guard let type = node["type"]?.stringValue, allowedTypes.contains(type) else {
            let actual = node["type"].map { JSONWriter.encode($0).prefixString(30) } ?? "no type"
            out.append(
                Problem(path: shown, reason: "x-mcp-header on a property of type \(actual) (string, integer or boolean only)"))
            return
        }
        if let name, looksSecret(name) {
            out.append(
                Problem(
                    path: shown, reason: "the secret-looking parameter `\(name)` is mirrored into a header (SHOULD NOT)",
                    advisory: true))
        }
    }

    /// RFC 9110 `token`.
    static func isToken(_ s: String) -> Bool {
        !s.isEmpty
            && s.utf8.allSatisfy { b in
                (0x30...0x39).contains(b) || (0x41...0x5A).contains(b) || (0x61...0x7A).contains(b)
                    || "!#$%&'*+-.^_`|~".utf8.contains(b)
            }
    }

    static func looksSecret(_ name: String) -> Bool {
        name.range(
            of: "password|passwd|secret|token|authorization|apikey|(^|[_-])(api[_-]?)?key$",
            options: [.regularExpression, .caseInsensitive]) != nil
    }
}
