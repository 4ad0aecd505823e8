import LoadShims
import PreflightCore
import Synchronization

/// One kind of call the load makes, encoded once: every request is this prefix, an id and `}\n`.
public struct PreparedCall: Sendable, Equatable {
    public var label: String
    public var method: String
    public var params: JSONValue
    /// Where the arguments came from (`--args`, `[tools.examples.NAME]`, `schema`), for the report.
    public var source: String
    /// `{"jsonrpc":"2.0","method":…,"params":…,"id":`
    public let prefix: [UInt8]

    public init(label: String, method: String, params: JSONValue, source: String = "") {
        self.label = label
        self.method = method
        self.params = params
        self.source = source
        let head = JSONWriter.encode(.object([("jsonrpc", .string("2.0")), ("method", .string(method)), ("params", params)]))
        prefix = Array(head.dropLast().utf8) + Array(",\"id\":".utf8)
    }

    /// `tools/call` of `tool` with `arguments`.
    public static func tool(_ tool: String, arguments: JSONValue, source: String = "") -> PreparedCall {
        PreparedCall(
            label: tool, method: "tools/call", params: .object([("name", .string(tool)), ("arguments", arguments)]),
            source: source)
    }
}

/// What one instance's client does, on the monotonic clock (`Clock.nowNs`). Calls go round-robin
/// over `calls`; every instance of a run shares the start, the warm-up and the end.
public struct DrivePlan: Sendable {
    public enum Pace: Sendable, Equatable {
        /// A new call as soon as one ends: `inFlight` at all times.
        case closed(inFlight: Int)
        /// A call every `intervalNs` from `start + phaseNs`, answered or not (at most `maxInFlight`).
        case open(intervalNs: UInt64, phaseNs: UInt64, maxInFlight: Int)
    }

    public enum Stop: Sendable, Equatable {
        /// No call is sent at or after this instant.
        case at(ns: UInt64)
        /// This many measured calls are sent (after the warm-up).
        case after(requests: Int)
    }

    public var calls: [PreparedCall]
    public var pace: Pace
    public var startNs: UInt64
    /// Calls meant to be sent before this are the warm-up: made, not measured.
    public var measureFromNs: UInt64
    public var stop: Stop
    public var timeoutNs: UInt64
    /// Keep this many raw corrected latencies (tests compare them with the histogram).
    public var keepRawLatencies = 0

    public init(calls: [PreparedCall], pace: Pace, startNs: UInt64, measureFromNs: UInt64, stop: Stop, timeoutNs: UInt64) {
        self.calls = calls
        self.pace = pace
        self.startNs = startNs
        self.measureFromNs = measureFromNs
        self.stop = stop
        self.timeoutNs = timeoutNs
    }
}

/// The monotonic clock the load runs on, in nanoseconds.
public enum LoadClock {
    @inline(__always) public static var nowNs: UInt64 { load_monotonic_ns() }
    /// CPU time of the calling thread.
    public static var threadCPUNs: UInt64 { load_thread_cpu_ns() }
}

/// What a running client publishes for the progress line, and how it is told to stop. Written by
/// the client's thread a few times a second, read by anyone.
public final class LoadGauge: Sendable {
    let completedCalls = Atomic<Int>(0)
    let failedCalls = Atomic<Int>(0)
    let p95Bits = Atomic<UInt64>(0)
    let stopping = Atomic<Bool>(false)

    public init() {}

    public var completed: Int { completedCalls.load(ordering: .relaxed) }
    public var failed: Int { failedCalls.load(ordering: .relaxed) }
    /// The measured calls' p95 so far, in milliseconds.
    public var p95Ms: Double { Double(bitPattern: p95Bits.load(ordering: .relaxed)) }

    /// Asks the client to stop sending and return what it has.
    public func stop() { stopping.store(true, ordering: .relaxed) }
    public var stopRequested: Bool { stopping.load(ordering: .relaxed) }

    func publish(completed: Int, failed: Int, p95Ms: Double?) {
        completedCalls.store(completed, ordering: .relaxed)
        failedCalls.store(failed, ordering: .relaxed)
        if let p95Ms { p95Bits.store(p95Ms.bitPattern, ordering: .relaxed) }
    }
}
