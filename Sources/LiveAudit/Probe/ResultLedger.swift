import MCPWire
import PreflightCore
import Synchronization

/// Every result of a 2026-07-28 run, judged as it arrives (the connection reports each one): what
/// modern.result-type, modern.server-info-meta and modern.cacheable-lists read. Bounded: counts and
/// the first problem per method, never the results themselves.
public final class ResultLedger: Sendable {
    public struct Summary: Sendable {
        /// Results seen, by method.
        public var results: [String: Int] = [:]
        public var missingResultType: [String: Int] = [:]
        /// A `resultType` that is neither `complete` nor `input_required`, by method (the first one seen).
        public var unknownResultType: [String: String] = [:]
        public var missingServerInfo: [String: Int] = [:]
        /// `name version` of every `_meta` serverInfo seen.
        public var serverIdentities: Set<String> = []
        /// Cacheable results checked, by method, and the first problem of each method.
        public var cacheChecked: [String: Int] = [:]
        public var cacheProblems: [String: String] = [:]
        /// `cacheScope` values seen per method: the same list MUST keep one scope on every page.
        public var cacheScopes: [String: Set<String>] = [:]

        public init() {}
    }

    /// Results that carry `ttlMs` and `cacheScope` (2026-07-28 server/utilities/caching.mdx §Cacheable Results).
    public static let cacheable: Set<String> = [
        "server/discover", "tools/list", "prompts/list", "resources/list", "resources/templates/list", "resources/read",
    ]
    static let resultTypes: Set<String> = ["complete", "input_required"]

    private let state = Mutex(Summary())

    public init() {}

    public var summary: Summary { state.withLock { $0 } }

    public func record(method: String, result: JSONValue) {
        state.withLock { s in
            // A bounded number of methods: a server cannot grow this by answering odd ones.
            guard s.results[method] != nil || s.results.count < 64 else { return }
            s.results[method, default: 0] += 1
            let type = result["resultType"]
            if type == nil {
                s.missingResultType[method, default: 0] += 1
            } else if let value = type?.stringValue, Self.resultTypes.contains(value) {
                // known
            } else if s.unknownResultType[method] == nil {
                s.unknownResultType[method] = type.map { JSONWriter.encode($0) }?.prefixString(40) ?? "?"
            }
            let info = result["_meta"]?[ModernProtocol.Meta.serverInfo]
            if let name = info?["name"]?.stringValue, let version = info?["version"]?.stringValue {
                if s.serverIdentities.count < 16 { s.serverIdentities.insert("\(name) \(version)") }
            } else {
                s.missingServerInfo[method, default: 0] += 1
            }
            // Only a complete result is cacheable (an input_required one is not).
            guard Self.cacheable.contains(method), (type?.stringValue ?? "complete") == "complete" else { return }
            s.cacheChecked[method, default: 0] += 1
            if let problem = Self.cacheProblem(result), s.cacheProblems[method] == nil { s.cacheProblems[method] = problem }
            if let scope = result["cacheScope"]?.stringValue, (s.cacheScopes[method]?.count ?? 0) < 4 {
                s.cacheScopes[method, default: []].insert(scope)
            }
        }
    }

    /// `ttlMs` a non-negative integer, `cacheScope` `public` or `private` (schema.ts `CacheableResult`).
    static func cacheProblem(_ result: JSONValue) -> String? {
        var problems: [String] = []
        switch result["ttlMs"] {
        case nil: problems.append("no ttlMs")
        case .number(let text)?:
            if Int(text) == nil || (Int(text) ?? 0) < 0 { problems.append("ttlMs \(text) is not an integer ≥ 0") }
        case let other?: problems.append("ttlMs is \(JSONWriter.encode(other).prefixString(20)), not an integer")
        }
        switch result["cacheScope"] {
        case nil: problems.append("no cacheScope")
        case .string(let scope)? where scope == "public" || scope == "private": break
        case let other?: problems.append("cacheScope \(JSONWriter.encode(other).prefixString(20)) is not public or private")
        }
        return problems.isEmpty ? nil : problems.joined(separator: ", ")
    }
}
