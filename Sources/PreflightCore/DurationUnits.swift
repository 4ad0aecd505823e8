extension Duration {
    /// Whole milliseconds, rounded down.
    public var milliseconds: Int { Int(self / .milliseconds(1)) }
    public var millisecondsDouble: Double {
        let c = components
        return Double(c.seconds) * 1000 + Double(c.attoseconds) / 1e15
    }
}
