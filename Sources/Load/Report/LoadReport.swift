import Foundation
import PreflightCore

/// What a load run measured: the contract of `docs/load-json.md`, `Codable` both ways so that run
/// history, the HTML report and `merge` read what `preflight load --format json` wrote.
public struct LoadReport: Sendable, Codable, Equatable {
    public var schemaVersion = 1
    public var preflightVersion: String
    /// ISO 8601, when the load started.
    public var startedAt: String
    public var target: LoadTargetInfo
    public var server: LoadServerInfo
    public var settings: LoadSettings
    /// The measured window: from the end of the warm-up to the last measured call's end.
    public var durationSeconds: Double
    public var overall: LoadStats
    /// One entry per tool called, in the order given.
    public var tools: [LoadStats]
    public var resources: ResourceUsage
    public var client: ClientCounters
    public var thresholds: [ThresholdResult]
    /// Why the load ended early, per instance that did (the server exited, closed its stdout).
    public var ended: [String]
    /// `--baseline`: the comparison with a recorded run (absent without `--baseline`).
    public var baseline: LoadBaseline?
    /// Every threshold holds, no instance ended early, and nothing regressed since the baseline.
    public var passed: Bool

    public init(
        preflightVersion: String, startedAt: String, target: LoadTargetInfo, server: LoadServerInfo, settings: LoadSettings,
        durationSeconds: Double, overall: LoadStats, tools: [LoadStats], resources: ResourceUsage, client: ClientCounters,
        thresholds: [ThresholdResult], ended: [String]
    ) {
        self.preflightVersion = preflightVersion
        self.startedAt = startedAt
        self.target = target
        self.server = server
        self.settings = settings
        self.durationSeconds = durationSeconds
        self.overall = overall
        self.tools = tools
        self.resources = resources
        self.client = client
        self.thresholds = thresholds
        self.ended = ended
        passed = ended.isEmpty && thresholds.allSatisfy(\.passed)
    }

    public func json() -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(self) else { return "{}\n" }
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    public static func decode(_ json: Data) throws -> LoadReport { try JSONDecoder().decode(LoadReport.self, from: json) }
}

public struct LoadTargetInfo: Sendable, Codable, Equatable {
    /// `stdio` (or `http`).
    public var transport: String
    public var command: [String]?
    public var url: String?

    public init(transport: String, command: [String]?, url: String?) {
        self.transport = transport
        self.command = command
        self.url = url
    }

    /// "uv run server" (stdio), "http://host/mcp" or, for a server Preflight started, "http://host/mcp (server: CMD)".
    public var label: String {
        let cmd = command?.joined(separator: " ")
        guard let url else { return cmd ?? "" }
        return cmd.map { "\(url) (server: \($0))" } ?? url
    }
}

public struct LoadServerInfo: Sendable, Codable, Equatable {
    public var name: String?
    public var version: String?
    public var protocolVersion: String
}

public struct LoadSettings: Sendable, Codable, Equatable {
    /// `closed` (a fixed number in flight) or `open` (a fixed arrival rate).
    public var mode: String
    public var concurrency: Int?
    public var ratePerSecond: Double?
    public var durationSeconds: Double?
    public var requests: Int?
    public var warmupSeconds: Double
    public var instances: Int
    public var timeoutSeconds: Double
    /// The calls, round-robin: tool, arguments, and where the arguments came from.
    public var calls: [CallSettings]
}

public struct CallSettings: Sendable, Codable, Equatable {
    public var tool: String
    public var arguments: RawJSON
    /// `--args`, `[tools.examples.NAME]` or `schema` (generated from the input schema).
    public var argumentsSource: String

    public init(tool: String, arguments: JSONValue, argumentsSource: String) {
        self.tool = tool
        self.arguments = RawJSON(arguments)
        self.argumentsSource = argumentsSource
    }
}

/// Figures for one tool (`name` set) or for all of them.
public struct LoadStats: Sendable, Codable, Equatable {
    public var name: String?
    /// Measured calls that ended, whatever the outcome.
    public var calls: UInt64
    public var ok: UInt64
    /// ok / calls (1 when there were no calls).
    public var successRatio: Double
    /// Failed calls / calls: `isError` results, JSON-RPC errors, HTTP errors, timeouts, disconnections.
    public var errorRate: Double
    public var throughputPerSecond: Double
    /// Corrected for coordinated omission in the open loop (from each call's intended send time).
    public var latencyMs: LatencySummary
    /// Open loop only: from when each call was actually sent, beside the corrected figures.
    public var uncorrectedLatencyMs: LatencySummary?
    public var errors: ErrorBreakdown
    /// The whole latency histogram (nanoseconds), HdrHistogram V2 compressed, base64.
    public var histogram: String
    public var uncorrectedHistogram: String?
    /// The exact sum of latencies in nanoseconds (the mean without rounding, for merging).
    public var latencySumNs: Double
}

public struct ErrorBreakdown: Sendable, Codable, Equatable {
    public var total: UInt64
    /// Results with `isError: true`.
    public var isError: UInt64
    public var timeout: UInt64
    /// In flight when the server went away.
    public var disconnected: UInt64
    /// JSON-RPC error responses, by code, with the first message seen.
    public var jsonrpc: [RPCErrorCount]
    /// Over HTTP: exchanges that ended without a JSON-RPC answer, by status (0: no response at all);
    /// absent over stdio and when there were none.
    public var http: [HTTPErrorCount]?
}

public struct HTTPErrorCount: Sendable, Codable, Equatable {
    /// The HTTP status, 0 when no response came (connection refused or reset).
    public var status: Int
    public var count: UInt64
    /// The first reason seen ("HTTP 429", "connection reset by peer").
    public var reason: String
}

public struct RPCErrorCount: Sendable, Codable, Equatable {
    public var code: Int64
    public var count: UInt64
    public var message: String
}

public struct ResourceUsage: Sendable, Codable, Equatable {
    /// Per instance: memory and CPU over the whole load.
    public var instances: [InstanceUsage]
    /// Readings of each instance's whole process tree, in time order.
    public var samples: [ResourceSample]
}

public struct InstanceUsage: Sendable, Codable, Equatable {
    public var instance: Int
    public var rssStartBytes: Int
    public var rssEndBytes: Int
    public var rssPeakBytes: Int
    /// CPU seconds spent during the load.
    public var cpuSeconds: Double
    /// Mean CPU use during the load, 100 = one core.
    public var cpuPercent: Double
}

public struct ResourceSample: Sendable, Codable, Equatable {
    public var instance: Int
    /// Since the load started (warm-up included).
    public var tMs: Double
    public var rssBytes: Int
    /// Cumulative CPU seconds of the process tree.
    public var cpuSeconds: Double
    public var processes: Int
}

public struct ClientCounters: Sendable, Codable, Equatable {
    /// Answers with an id of no call in flight (late answers to timed-out calls, duplicates).
    public var strayResponses: UInt64
    /// Lines on stdout that are not JSON-RPC messages (stdio).
    public var invalidLines: UInt64
    public var notifications: UInt64
    public var serverRequests: UInt64
    /// Calls made during the warm-up, not measured.
    public var warmupCalls: UInt64
    /// CPU time of the client threads over the load (warm-up included): what Preflight itself cost.
    public var cpuSeconds: Double
    /// `cpuSeconds` per call made (measured and warm-up), in microseconds.
    public var cpuMicrosecondsPerCall: Double
}

/// Any JSON value inside a `Codable` report (tool arguments), objects keeping their key order.
public struct RawJSON: Sendable, Codable, Equatable {
    public var value: JSONValue

    public init(_ value: JSONValue) { self.value = value }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        // The decoder has no ordered objects: the text is parsed again by our own parser.
        if container.decodeNil() {
            value = .null
        } else if let b = try? container.decode(Bool.self) {
            value = .bool(b)
        } else if let i = try? container.decode(Int.self) {
            value = .int(i)
        } else if let d = try? container.decode(Double.self) {
            value = .number(String(d))
        } else if let s = try? container.decode(String.self) {
            value = .string(s)
        } else if let a = try? container.decode([RawJSON].self) {
            value = .array(a.map(\.value))
        } else {
            let o = try container.decode([String: RawJSON].self)
            value = .object(o.sorted { $0.key < $1.key }.map { ($0.key, $0.value.value) })
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch value {
        case .null: try container.encodeNil()
        case .bool(let b): try container.encode(b)
        case .number(let n):
            if let i = Int(n) { try container.encode(i) } else { try container.encode(Double(n) ?? 0) }
        case .string(let s): try container.encode(s)
        case .array(let a): try container.encode(a.map(RawJSON.init))
        case .object(let o):
            var keyed = encoder.container(keyedBy: DynamicKey.self)
            for (k, v) in o { try keyed.encode(RawJSON(v), forKey: DynamicKey(k)) }
        }
    }

    public static func == (a: RawJSON, b: RawJSON) -> Bool {
        // Key order is not meaning: compare objects as sets of members.
        JSONWriter.encode(sorted(a.value)) == JSONWriter.encode(sorted(b.value))
    }

    static func sorted(_ v: JSONValue) -> JSONValue {
        switch v {
        case .object(let o): return .object(o.sorted { $0.0 < $1.0 }.map { ($0.0, sorted($0.1)) })
        case .array(let a): return .array(a.map(sorted))
        default: return v
        }
    }

    struct DynamicKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(_ s: String) { stringValue = s }
        init?(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }
}
