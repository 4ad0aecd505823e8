import PreflightCore
import Yams

/// A YAML node with its 1-based line, Sendable so parsed files can be shared by concurrent checks.
public indirect enum YAMLValue: Sendable {
    case scalar(String, line: Int)
    case sequence([YAMLValue], line: Int)
    case mapping([(key: String, value: YAMLValue)], line: Int)

    public var line: Int {
        switch self {
        case .scalar(_, let l), .sequence(_, let l), .mapping(_, let l): return l
        }
    }

    public subscript(key: String) -> YAMLValue? {
        guard case .mapping(let pairs, _) = self else { return nil }
        return pairs.first { $0.key == key }?.value
    }

    /// Follows a path of mapping keys, e.g. `value["deploy", "resources", "limits"]`.
    public subscript(path: String...) -> YAMLValue? {
        var node: YAMLValue? = self
        for key in path { node = node?[key] }
        return node
    }

    public var string: String? { if case .scalar(let s, _) = self { return s } else { return nil } }
    public var items: [YAMLValue]? { if case .sequence(let i, _) = self { return i } else { return nil } }
    public var pairs: [(key: String, value: YAMLValue)]? { if case .mapping(let p, _) = self { return p } else { return nil } }
    public var isNullScalar: Bool {
        guard let s = string else { return false }
        return s.isEmpty || s == "~" || s == "null" || s == "Null" || s == "NULL"
    }
}

public struct YAMLParseError: Error, Sendable {
    public var message: String
    public var line: Int
}

public enum YAMLDocuments {
    /// Bounds the tree built from aliases, so a "billion laughs" file cannot exhaust memory.
    static let maxNodes = 200_000

    /// Parses every document of a multi-document stream.
    public static func parse(_ text: String) throws(YAMLParseError) -> [YAMLValue] {
        var budget = maxNodes
        var docs: [YAMLValue] = []
        do {
            var sequence = try Yams.compose_all(yaml: text)
            while let node = sequence.next() { docs.append(try convert(node, budget: &budget)) }
            // The sequence stops at the first error and keeps it rather than throwing.
            if let error = sequence.error { throw error }
        } catch let error as YamlError {
            throw describe(error)
        } catch let error as YAMLParseError {
            throw error
        } catch {
            throw YAMLParseError(message: "\(error)", line: 1)
        }
        return docs
    }

    static func describe(_ error: YamlError) -> YAMLParseError {
        switch error {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
            .composer(let context, let problem, let mark, _):
            // The construct that was left open (its start line) is where a person should look.
            guard let context else { return YAMLParseError(message: problem, line: mark.line) }
            return YAMLParseError(
                message: "\(context.text) started here: \(problem) (line \(mark.line))", line: context.mark.line)
        default:
            return YAMLParseError(message: "\(error)".split(separator: "\n").first.map(String.init) ?? "invalid YAML", line: 1)
        }
    }

    static func convert(_ node: Node, budget: inout Int) throws(YAMLParseError) -> YAMLValue {
        budget -= 1
        let line = node.mark?.line ?? 1
        guard budget > 0 else {
            throw YAMLParseError(message: "document expands to more than \(maxNodes) nodes (alias bomb?)", line: line)
        }
        switch node {
        case .scalar(let scalar): return .scalar(scalar.string, line: line)
        case .alias: return .scalar("", line: line)
        case .sequence(let seq):
            var items: [YAMLValue] = []
            for item in seq { items.append(try convert(item, budget: &budget)) }
            return .sequence(items, line: line)
        case .mapping(let map):
            var pairs: [(key: String, value: YAMLValue)] = []
            var merged: [(key: String, value: YAMLValue)] = []
            for (k, v) in map {
                let key = k.scalar?.string ?? ""
                let value = try convert(v, budget: &budget)
                // `<<: *defaults` merge keys, as docker compose applies them.
                if key == "<<" {
                    let sources = value.items ?? [value]
                    for source in sources { merged.append(contentsOf: source.pairs ?? []) }
                } else {
                    pairs.append((key, value))
                }
            }
            for m in merged where !pairs.contains(where: { $0.key == m.key }) { pairs.append(m) }
            return .mapping(pairs, line: line)
        }
    }
}
