import Foundation

/// How busy the machine is: the 1-minute load average against the cores. A server timed on a
/// saturated machine waits for a core; its wall time says more about the machine than about it.
public struct HostLoad: Sendable, Equatable {
    public var loadAverage: Double
    public var cores: Int

    public init(loadAverage: Double, cores: Int) {
        self.loadAverage = loadAverage
        self.cores = cores
    }

    /// More runnable work than cores: timings stretch by about load/cores.
    public var saturated: Bool { loadAverage > Double(cores) }

    /// "load 13.2 on 2 cores"
    public var description: String { "load \(String(format: "%.1f", loadAverage)) on \(cores) core\(cores == 1 ? "" : "s")" }

    /// Now, from /proc/loadavg; nil where there is none.
    public static func now() -> HostLoad? {
        guard let text = try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8),
            let first = text.split(separator: " ").first, let load = Double(first)
        else { return nil }
        return HostLoad(loadAverage: load, cores: ProcessInfo.processInfo.activeProcessorCount)
    }
}
