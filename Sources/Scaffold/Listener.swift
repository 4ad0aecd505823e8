import Foundation
import ProjectAudit

/// Which of the variables the code reads configure the server's own HTTP listener, and on which
/// port it listens. Conservative on purpose: `MYSQL_HOST` or `REDIS_PORT` name a service the
/// server talks to, and setting them to `0.0.0.0` or the server's port would break it.
enum Listener {
    enum Role: Equatable { case host, port, transport }

    /// Prefixes a listener variable may carry besides the project's own (`WEATHER_LITE_`).
    static let genericPrefixes = [
        "", "MCP_", "FASTMCP_", "MCP_SERVER_", "MCP_HTTP_", "MCP_SSE_", "SERVER_", "HTTP_", "UVICORN_", "APP_",
    ]
    /// Names of services a server connects to: `<SERVICE>_HOST` is never the server's own.
    static let services: Set<String> = [
        "MYSQL", "POSTGRES", "POSTGRESQL", "PG", "DB", "DATABASE", "REDIS", "MONGO", "MONGODB", "NEO4J", "QDRANT",
        "CLICKHOUSE", "ELASTIC", "ELASTICSEARCH", "OPENSEARCH", "KAFKA", "RABBITMQ", "AMQP", "SMTP", "IMAP", "SSH", "LDAP",
        "S3", "MINIO", "MEMCACHED", "SNOWFLAKE", "SENTRY", "PROXY", "UPSTREAM", "REMOTE", "API", "OLLAMA", "CHROMA", "WEAVIATE",
        "MILVUS", "PINECONE", "GRAFANA", "PROMETHEUS", "OTEL", "OTLP", "JAEGER", "SMB", "FTP", "SFTP", "MQTT", "BROKER",
    ]

    static let hostWords: Set<String> = ["HOST", "BIND", "BIND_HOST", "LISTEN_HOST", "BIND_ADDRESS", "LISTEN_ADDRESS"]
    static let portWords: Set<String> = ["PORT", "LISTEN_PORT", "BIND_PORT", "HTTP_PORT"]

    /// The project's own prefixes: `weather-lite` → `WEATHER_LITE_`, and its first word (`WEATHER_`)
    /// unless that word names a service (`mysql-mcp-server` → not `MYSQL_`).
    static func projectPrefixes(_ name: String) -> [String] {
        let words = name.uppercased().split(whereSeparator: { !$0.isLetter && !$0.isNumber }).map(String.init)
        guard !words.isEmpty else { return [] }
        var out = [words.joined(separator: "_") + "_"]
        let meaningful = words.filter { !["MCP", "SERVER", "PY", "PYTHON"].contains($0) }
        if meaningful.count > 1 || meaningful.first.map({ !services.contains($0) }) == true {
            out.append(meaningful.joined(separator: "_") + "_")
        }
        if let first = meaningful.first, !services.contains(first) { out.append(first + "_") }
        return Array(Set(out))
    }

    static func role(of name: String, project: String) -> Role? {
        let prefixes = (projectPrefixes(project) + genericPrefixes).sorted { $0.count > $1.count }
        for prefix in prefixes where name.hasPrefix(prefix) {
            let rest = String(name.dropFirst(prefix.count))
            if hostWords.contains(rest) { return .host }
            if portWords.contains(rest) { return .port }
            if rest == "TRANSPORT" { return .transport }
        }
        return nil
    }

    /// The port: the default of a listener port variable, a `port=` in a server or `run` call, an
    /// existing Dockerfile's `EXPOSE`, else 8000 (the SDK's default).
    static func port(sources: [String], portVariables: [String], exposed: [Int]) -> Int {
        for variable in portVariables {
            let pattern = "[\"']\(NSRegularExpression.escapedPattern(for: variable))[\"']\\s*,\\s*[\"']?(\\d{2,5})\\b"
            if let n = firstNumber(pattern, in: sources) { return n }
        }
        let calls =
            #"(?:FastMCP|MCPServer|\.run|uvicorn\.run|run_http_async|run_streamable_http_async)\s*\([^)]*\bport\s*=\s*(\d{2,5})\b"#
        if let n = firstNumber(calls, in: sources) { return n }
        return exposed.first ?? 8000
    }

    static func firstNumber(_ pattern: String, in sources: [String]) -> Int? {
        guard let regex = try? NSRegularExpression(pattern: pattern) else { return nil }
        for text in sources {
            let range = NSRange(text.startIndex..., in: text)
            if let m = regex.firstMatch(in: text, range: range), let r = Range(m.range(at: 1), in: text), let n = Int(text[r]),
                (1...65535).contains(n)
            {
                return n
            }
        }
        return nil
    }

    /// The value the code accepts for Streamable HTTP, from its own string literals.
    static func transportValue(sources: [String]) -> String {
        for value in ["streamable-http", "streamable_http", "http", "sse"]
        where sources.contains(where: { $0.contains("\"\(value)\"") || $0.contains("'\(value)'") }) {
            return value
        }
        return "streamable-http"
    }
}
