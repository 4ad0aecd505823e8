/// How often something happened during the main session, for the volume checks.
struct SessionRate {
    let count: Int
    let perSecond: Double

    /// A fast session lasts well under a second: the rate is taken over at least a quarter second.
    init(_ count: Int, sessionMs: Int) {
        self.count = count
        perSecond = Double(count) / max(Double(sessionMs) / 1000, 0.25)
    }

    /// Over the limit per second, and more than one second's worth in total: a short burst (a
    /// startup banner) is never a flood.
    func floods(_ limit: Double) -> Bool { perSecond > limit && Double(count) > limit }
}
