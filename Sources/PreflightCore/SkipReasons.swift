/// Skip messages that mean "this check does not apply to this server" (its transport or protocol
/// era), as opposed to "not decided" (not run, not measured). Live checks start their skip
/// message with one of these; the checklist counts such a skip like a static check's: not applicable.
public enum SkipReasons {
    public static let overHTTP = "the server is reached over HTTP"
    public static let overStdio = "the server is reached over stdio"
    public static let handshakeEra = "the server speaks a handshake-era revision"
    public static let httpSSE = "the server uses the HTTP+SSE transport"
    public static let pingRemoved = "2026-07-28 removed ping"

    static let all = [overHTTP, overStdio, handshakeEra, httpSSE, pingRemoved]

    public static func doesNotApply(_ message: String) -> Bool { all.contains { message.hasPrefix($0) } }
}
