import Load
import PreflightCore

/// What the HTML report draws beyond the report's own fields, computed by the library (decoded
/// histograms, memory series, history trends) and handed to the renderer as data.
public struct HTMLCharts: Sendable {
    public struct Latency: Sendable {
        public var tool: String
        public var distribution: LatencyDistribution

        public init(tool: String, distribution: LatencyDistribution) {
            self.tool = tool
            self.distribution = distribution
        }
    }

    public struct Memory: Sendable {
        public var label: String
        /// The x axis: "calls" or "seconds".
        public var xLabel: String
        public var points: [Point]

        public struct Point: Sendable, Equatable {
            public var x: Double
            public var bytes: Double

            public init(x: Double, bytes: Double) {
                self.x = x
                self.bytes = bytes
            }
        }

        public init(label: String, xLabel: String, points: [Point]) {
            self.label = label
            self.xLabel = xLabel
            self.points = points
        }
    }

    public var latency: [Latency]
    public var memory: [Memory]
    /// What the memory readings are of.
    public var memoryNote: String?
    /// Recorded runs of the same kind, this one included, when history is kept.
    public var trends: HistoryTrends?

    public init(latency: [Latency] = [], memory: [Memory] = [], memoryNote: String? = nil, trends: HistoryTrends? = nil) {
        self.latency = latency
        self.memory = memory
        self.memoryNote = memoryNote
        self.trends = trends
    }
}
