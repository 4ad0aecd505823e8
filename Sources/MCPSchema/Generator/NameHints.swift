import PreflightCore

/// Plausible values for a property judged by its name, e.g. `timezone` → "UTC". A schema-valid
/// but meaningless value (timezone "xk3") makes a tool fail for the wrong reason, so real-world
/// values come before type defaults. Candidates are validated by the caller; misses are harmless.
enum NameHints {
    /// `repo_path`, `repoPath`, `Repo-Path` → ["repo", "path"].
    static func words(_ name: String) -> [String] {
        var words: [String] = []
        var current = ""
        var previousLower = false
        for c in name {
            if c == "_" || c == "-" || c == "." || c == " " || c == "/" {
                if !current.isEmpty { words.append(current) }
                current = ""
                previousLower = false
                continue
            }
            if c.isUppercase, previousLower, !current.isEmpty {
                words.append(current)
                current = ""
            }
            current += c.lowercased()
            previousLower = c.isLowercase || c.isNumber
        }
        if !current.isEmpty { words.append(current) }
        return words
    }

    private struct Rule: Sendable {
        let matches: @Sendable ([String]) -> Bool
        let values: [JSONValue]
    }

    private static func any(_ names: Set<String>) -> @Sendable ([String]) -> Bool { { !names.isDisjoint(with: $0) } }
    private static func last(_ names: Set<String>) -> @Sendable ([String]) -> Bool { { $0.last.map(names.contains) ?? false } }

    // Order matters: more specific names first (repo_path before path, start_time before time).
    private static let rules: [Rule] = [
        Rule(
            matches: { $0.contains("timezone") || $0 == ["tz"] || ($0.contains("time") && $0.contains("zone")) },
            values: [.string("UTC"), .string("America/New_York")]),
        Rule(matches: { $0.contains("repo") && $0.contains("path") }, values: [.string(".")]),
        Rule(
            matches: any(["url", "uri", "link", "href", "endpoint", "website", "homepage", "webhook"]),
            values: [.string("https://example.com")]),
        Rule(matches: any(["email", "mail"]), values: [.string("user@example.com")]),
        Rule(matches: any(["uuid", "guid"]), values: [.string("123e4567-e89b-12d3-a456-426614174000")]),
        Rule(matches: last(["dir", "directory", "folder", "cwd", "root", "workdir"]), values: [.string(".")]),
        Rule(matches: any(["path", "file", "filename", "filepath", "paths", "files"]), values: [.string("README.md")]),
        Rule(matches: any(["sql"]), values: [.string("SELECT 1")]),
        Rule(
            matches: any(["query", "q", "search", "keyword", "keywords", "term", "terms", "prompt", "question"]),
            values: [.string("test")]),
        Rule(matches: any(["city", "town", "location", "place"]), values: [.string("London")]),
        Rule(matches: any(["country"]), values: [.string("GB"), .string("United Kingdom")]),
        Rule(matches: any(["lang", "language", "locale"]), values: [.string("en"), .string("en-US")]),
        Rule(
            matches: any(["datetime", "timestamp", "since", "until", "after", "before"]),
            values: [.string("2025-01-15T12:00:00Z"), .string("2025-01-15")]),
        Rule(matches: any(["date", "day"]), values: [.string("2025-01-15")]),
        Rule(matches: last(["time"]), values: [.string("12:00"), .string("12:00:00Z"), .string("2025-01-15T12:00:00Z")]),
        Rule(matches: any(["latitude", "lat"]), values: [.number("51.5074")]),
        Rule(matches: any(["longitude", "lon", "lng", "long"]), values: [.number("-0.1278")]),
        Rule(matches: last(["id", "ids", "key", "number", "num"]), values: [.int(1), .string("1")]),
        Rule(
            matches: any(["owner", "org", "organization", "username", "user", "login", "author"]), values: [.string("octocat")]),
        Rule(matches: any(["repo", "repository"]), values: [.string("hello-world")]),
        Rule(matches: any(["branch", "ref"]), values: [.string("main")]),
        Rule(matches: any(["sha", "commit", "revision", "rev"]), values: [.string("HEAD")]),
        Rule(matches: any(["tag", "version"]), values: [.string("v1.0.0"), .string("1.0.0")]),
        Rule(matches: any(["host", "hostname", "domain"]), values: [.string("example.com")]),
        Rule(matches: any(["ip"]), values: [.string("127.0.0.1")]),
        Rule(matches: any(["color", "colour"]), values: [.string("#1f77b4"), .string("blue")]),
        Rule(matches: any(["currency"]), values: [.string("USD")]),
        Rule(matches: any(["symbol", "ticker"]), values: [.string("AAPL")]),
        Rule(matches: any(["method"]), values: [.string("GET")]),
        Rule(matches: any(["units", "unit"]), values: [.string("metric")]),
        Rule(
            matches: any(["message", "body", "content", "text", "comment", "note", "summary", "description"]),
            values: [.string("Hello from MCP Preflight")]),
        Rule(matches: any(["title", "subject"]), values: [.string("Example")]),
        Rule(matches: last(["name"]), values: [.string("example")]),
    ]

    static func candidates(for name: String) -> [JSONValue] {
        let w = words(name)
        guard !w.isEmpty else { return [] }
        var out: [JSONValue] = []
        for rule in rules where rule.matches(w) {
            for value in rule.values where !out.contains(value) { out.append(value) }
        }
        return out
    }

    /// A preferred number for integer/number properties, clamped into bounds by the caller.
    static func preferredNumber(for name: String) -> Double? {
        let w = Set(words(name))
        func has(_ names: Set<String>) -> Bool { !names.isDisjoint(with: w) }
        if has(["offset", "skip", "start", "index", "cursor"]) { return 0 }
        if has(["page"]) && !has(["size"]) { return 1 }
        if has(["port"]) { return 8080 }
        if has(["year"]) { return 2025 }
        if has(["month"]) { return 1 }
        if has(["day"]) && !has(["days"]) { return 15 }
        if has(["timeout", "seconds", "secs", "ms"]) { return 10 }
        if has(["temperature"]) { return 0.7 }
        if has(["latitude", "lat"]) { return 51.5074 }
        if has(["longitude", "lon", "lng"]) { return -0.1278 }
        let small: Set<String> = [
            "limit", "count", "max", "size", "top", "k", "n", "num", "results", "rows", "items", "days", "hours",
            "lines", "depth", "length", "per", "amount", "quantity", "qty", "retries", "attempts",
        ]
        if has(small) { return 5 }
        if has(["id"]) { return 1 }
        return nil
    }
}
