import Foundation
import PreflightCore

/// One request exactly as Preflight wants it on the wire: any method, any headers (missing,
/// doubled or wrong on purpose), any body bytes. Credentials are added unless left out.
public struct HTTPRequestSpec: Sendable {
    public enum Stop: Sendable, Equatable {
        /// Read the whole body (within the limits).
        case complete
        /// Stop once the head arrived: readiness probes, status-only probes, streams nobody reads.
        case afterHead
        /// Stop once the body carried the JSON-RPC response with this id (an SSE stream the server keeps open).
        case afterResponse(id: JSONValue)
    }

    public var method: String
    public var url: URL
    public var headers: HeaderList
    public var body: [UInt8]?
    /// The whole exchange: connection, head and body.
    public var timeout: Duration
    /// False for probes that must go without the user's credentials (http.auth step 1).
    public var withCredentials = true
    public var stop: Stop = .complete
    /// Same-origin redirects are followed up to `HTTPWire.Settings.maxRedirects`; false reports the 3xx as is.
    public var followRedirects = true
    public var label: String?

    public init(
        method: String, url: URL, headers: HeaderList = [:], body: [UInt8]? = nil, timeout: Duration = .seconds(30),
        stop: Stop = .complete, label: String? = nil
    ) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.timeout = timeout
        self.stop = stop
        self.label = label
    }

}
