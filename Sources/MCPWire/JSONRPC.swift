import PreflightCore

/// A JSON-RPC 2.0 message as received, classified; the raw value is kept for evidence.
public enum JSONRPCMessage: Sendable {
    case request(id: JSONValue, method: String, params: JSONValue?)
    case notification(method: String, params: JSONValue?)
    case response(id: JSONValue, result: JSONValue)
    case error(id: JSONValue, code: Int, message: String, data: JSONValue?)
    /// Valid JSON that is not a JSON-RPC 2.0 message, with the reason.
    case invalid(JSONValue, reason: String)

    public static func classify(_ value: JSONValue) -> JSONRPCMessage {
        guard value.objectValue != nil else { return .invalid(value, reason: "not a JSON object") }
        guard value["jsonrpc"]?.stringValue == "2.0" else { return .invalid(value, reason: "missing \"jsonrpc\": \"2.0\"") }
        let id = value["id"]
        if let method = value["method"]?.stringValue {
            if let id, !id.isNull { return .request(id: id, method: method, params: value["params"]) }
            if id?.isNull == true { return .invalid(value, reason: "request with a null id") }
            return .notification(method: method, params: value["params"])
        }
        guard let id else { return .invalid(value, reason: "neither a request, a notification nor a response") }
        if let error = value["error"] {
            guard let code = error["code"]?.intValue else { return .invalid(value, reason: "error without an integer code") }
            return .error(id: id, code: code, message: error["message"]?.stringValue ?? "", data: error["data"])
        }
        if let result = value["result"] { return .response(id: id, result: result) }
        return .invalid(value, reason: "response without result or error")
    }
}

/// What a request came to, from the client's point of view.
public enum RPCOutcome: Sendable {
    case result(JSONValue, elapsed: Duration)
    case error(code: Int, message: String, data: JSONValue?, elapsed: Duration)
    case timedOut(after: Duration)
    /// The connection closed (the server exited or closed stdout) before an answer.
    case closed
    /// Over HTTP: the request's exchange ended without a JSON-RPC answer. `status` is the HTTP status
    /// when a response came (a 406 with a text body, a 401, a refused redirect), nil when none did
    /// (refused connection, reset, a bound hit); `reason` says which, for the report.
    case transportFailure(status: Int?, reason: String)

    public var result: JSONValue? { if case .result(let r, _) = self { return r } else { return nil } }
    public var errorCode: Int? { if case .error(let c, _, _, _) = self { return c } else { return nil } }
    /// A transport failure with no HTTP response at all: the server could not be reached.
    public var isUnreachable: Bool {
        if case .transportFailure(nil, _) = self { return true } else { return false }
    }
    public var elapsed: Duration? {
        switch self {
        case .result(_, let e), .error(_, _, _, let e): return e
        default: return nil
        }
    }

    public var summary: String {
        switch self {
        case .result: return "a result"
        case .error(let code, let message, _, _): return "error \(code) \"\(message.prefix(120))\""
        case .timedOut(let after): return "no answer within \(after.milliseconds) ms"
        case .closed: return "the connection closed"
        case .transportFailure(_, let reason): return "no JSON-RPC answer (\(reason.prefix(160)))"
        }
    }
}

public enum JSONRPCRequest {
    public static func encode(id: Int, method: String, params: JSONValue?) -> [UInt8] {
        var members: [(String, JSONValue)] = [("jsonrpc", .string("2.0")), ("id", .int(id)), ("method", .string(method))]
        if let params { members.append(("params", params)) }
        return Array((JSONWriter.encode(.object(members)) + "\n").utf8)
    }

    public static func encodeNotification(method: String, params: JSONValue?) -> [UInt8] {
        var members: [(String, JSONValue)] = [("jsonrpc", .string("2.0")), ("method", .string(method))]
        if let params { members.append(("params", params)) }
        return Array((JSONWriter.encode(.object(members)) + "\n").utf8)
    }

    public static func encodeResponse(id: JSONValue, result: JSONValue) -> [UInt8] {
        Array((JSONWriter.encode(.object([("jsonrpc", .string("2.0")), ("id", id), ("result", result)])) + "\n").utf8)
    }

    public static func encodeError(id: JSONValue, code: Int, message: String) -> [UInt8] {
        let error = JSONValue.object([("code", .int(code)), ("message", .string(message))])
        return Array((JSONWriter.encode(.object([("jsonrpc", .string("2.0")), ("id", id), ("error", error)])) + "\n").utf8)
    }
}
