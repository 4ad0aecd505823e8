/// Why an HTTP exchange ended without a complete response. Every bound Preflight puts on a server
/// (time, header size, body size, redirects, origin) ends in one of these, never in a hang.
public enum HTTPFailure: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Phase: String, Sendable { case connect, head, body }

    case invalidURL(String)
    /// Preflight sends traffic only to the origin it was given.
    case offOrigin(String)
    case connectFailed(String)
    /// The deadline passed: no connection, no complete head, or no complete body (`bytes` received so far).
    case timedOut(phase: Phase, after: Duration, bytes: Int)
    case headersTooLarge(limit: Int)
    case bodyTooLarge(limit: Int)
    /// A redirect to another origin: never followed.
    case redirectRefused(status: Int, location: String)
    case tooManyRedirects(count: Int)
    /// The peer closed or reset the connection before the response was complete.
    case connectionClosed(String)
    /// Bytes that are not HTTP.
    case malformedResponse(String)
    case cancelled
    case other(String)

    public var description: String {
        switch self {
        case .invalidURL(let u): return "not an http(s) URL: \(u)"
        case .offOrigin(let u): return "refused to contact \(u): outside the server's origin"
        case .connectFailed(let why): return "could not connect: \(why)"
        case .timedOut(let phase, let after, let bytes):
            switch phase {
            case .connect: return "no connection within \(after.milliseconds) ms"
            case .head: return "no complete response head within \(after.milliseconds) ms (\(bytes) body bytes)"
            case .body: return "response body still incomplete after \(after.milliseconds) ms (\(bytes) bytes received)"
            }
        case .headersTooLarge(let limit): return "response headers over the \(limit / 1024) KiB limit"
        case .bodyTooLarge(let limit): return "response body over the \(limit >> 20) MiB limit"
        case .redirectRefused(let status, let location): return "redirect (\(status)) to another origin not followed: \(location)"
        case .tooManyRedirects(let n): return "more than \(n) redirects"
        case .connectionClosed(let why): return "connection closed before the response was complete (\(why))"
        case .malformedResponse(let why): return "malformed HTTP response: \(why)"
        case .cancelled: return "cancelled"
        case .other(let why): return why
        }
    }

    /// A timeout of any phase.
    public var isTimeout: Bool { if case .timedOut = self { return true } else { return false } }
}
