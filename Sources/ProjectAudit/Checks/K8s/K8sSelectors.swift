import PreflightCore

/// A `metav1.LabelSelector` (`matchLabels` and `matchExpressions`), evaluated as Kubernetes does.
struct LabelSelector: Sendable, Equatable {
    struct Requirement: Sendable, Equatable {
        var key: String
        var op: String
        var values: [String]

        func matches(_ labels: [String: String]) -> Bool {
            switch op {
            case "In": return labels[key].map { values.contains($0) } ?? false
            case "NotIn": return labels[key].map { !values.contains($0) } ?? true
            case "Exists": return labels[key] != nil
            case "DoesNotExist": return labels[key] == nil
            default: return false  // The API server rejects other operators: such a selector selects nothing.
            }
        }
    }

    var matchLabels: [String: String]
    var expressions: [Requirement]

    /// nil for an absent (or null) selector; an empty mapping is the empty selector.
    init?(_ value: YAMLValue?) {
        guard let value, value.pairs != nil else { return nil }
        matchLabels = K8sObject.stringMap(value["matchLabels"])
        expressions = (value["matchExpressions"]?.items ?? []).map {
            Requirement(
                key: $0["key"]?.string ?? "", op: $0["operator"]?.string ?? "",
                values: ($0["values"]?.items ?? []).compactMap(\.string))
        }
    }

    init(matchLabels: [String: String], expressions: [Requirement] = []) {
        self.matchLabels = matchLabels
        self.expressions = expressions
    }

    /// The empty selector matches every pod (of the namespace); all terms are ANDed.
    func matches(_ labels: [String: String]) -> Bool {
        matchLabels.allSatisfy { labels[$0.key] == $0.value } && expressions.allSatisfy { $0.matches(labels) }
    }

    var display: String {
        let terms =
            matchLabels.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
            + expressions.map { "\($0.key) \($0.op) (\($0.values.joined(separator: ",")))" }
        return terms.isEmpty ? "{} (all pods)" : terms.joined(separator: ", ")
    }
}

enum ServiceSelector {
    /// A Service's `spec.selector` is a plain map; an empty or absent one selects no pods (the Service
    /// then has manually managed endpoints).
    static func matches(_ selector: [String: String], _ labels: [String: String]) -> Bool {
        !selector.isEmpty && selector.allSatisfy { labels[$0.key] == $0.value }
    }
}

extension Dictionary where Key == String, Value == String {
    var labelDisplay: String {
        isEmpty ? "no labels" : sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ", ")
    }
}
