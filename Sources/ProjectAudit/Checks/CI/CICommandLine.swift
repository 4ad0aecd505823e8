/// Reduces a command to the program it really runs: wrappers (`sudo`, `timeout 60`, `bash -c`),
/// runners (`uv run`, `uvx`, `poetry run`, `python -m`, `coverage run -m`) and paths
/// (`.venv/bin/pytest`) are peeled off, so `uv run --frozen python -m pytest -q` is `pytest -q`.
enum CICommandLine {
    static let keywords: Set<String> = [
        "if", "then", "else", "elif", "do", "while", "until", "!", "{", "}", "time", "exec", "sudo", "command", "nohup",
        "xargs",
    ]
    /// Options of `uv run`/`uvx` and friends that take a value as the next word.
    static let valueOptions: Set<String> = [
        "--with", "--with-editable", "--with-requirements", "--group", "--only-group", "--extra", "--python", "-p",
        "--directory", "--project", "--package", "--env-file", "--index", "--default-index", "--from", "-e", "--env",
        "--config-file", "--cache-dir", "--no-group", "--no-extra", "-w", "--index-url", "--extra-index-url",
    ]

    static func normalize(_ words: [String]) -> [String] {
        var w = words
        for _ in 0..<8 {
            let before = w
            w = peel(w)
            if w == before { break }
        }
        if let first = w.first { w[0] = program(first) }
        return w
    }

    /// The command lines `normalize` passes through, outermost first: `uvx hatch run test` →
    /// `[uvx hatch run test]`, `[hatch run test]`, `[test]`.
    static func stages(_ words: [String]) -> [[String]] {
        var out = [words]
        var w = words
        for _ in 0..<8 {
            let next = peel(w)
            if next == w { break }
            w = next
            out.append(w)
        }
        return out
    }

    static func program(_ word: String) -> String {
        (word.split(separator: "/").last.map(String.init) ?? word).lowercased()
    }

    private static func peel(_ words: [String]) -> [String] {
        guard let first = words.first else { return words }
        let name = program(first)
        let rest = Array(words.dropFirst())
        if keywords.contains(name) { return rest }
        // `CI=true pnpm test`: variable assignments before the program.
        if let eq = first.firstIndex(of: "="), eq != first.startIndex,
            first[..<eq].allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" })
        {
            return rest
        }
        switch name {
        case "env": return Array(rest.drop { $0.hasPrefix("-") || $0.contains("=") })
        case "timeout":
            let args = rest.drop { $0.hasPrefix("-") }
            return Array(args.dropFirst())
        case "uvx":
            return stripVersion(skipOptions(rest))
        case "npx", "pnpx", "bunx":
            return stripVersion(skipOptions(rest))
        case "pnpm", "npm", "yarn":
            // `pnpm exec vitest`, `npm exec -- eslint`, `yarn dlx biome`: a package's binary.
            guard let sub = rest.first, ["exec", "dlx", "x"].contains(sub) else { return words }
            return stripVersion(skipOptions(Array(rest.dropFirst())))
        case "dotenv", "cross-env", "env-cmd", "dotenvx":
            // `dotenv -e .env -- turbo test`, `cross-env NODE_ENV=test vitest`.
            if let dash = rest.firstIndex(of: "--") { return Array(rest[(dash + 1)...]) }
            return Array(rest.drop { $0.hasPrefix("-") || $0.contains("=") || $0.hasPrefix(".") })
        case "uv", "poetry", "pdm", "pipenv", "rye", "hatch", "pipx":
            guard let sub = rest.first else { return words }
            if name == "uv", sub == "tool", rest.count > 1, rest[1] == "run" {
                return stripVersion(skipOptions(Array(rest.dropFirst(2))))
            }
            guard sub == "run" else { return words }
            var tail = skipOptions(Array(rest.dropFirst()))
            // `hatch run test:pytest`: an environment prefix.
            if name == "hatch", let head = tail.first, let colon = head.firstIndex(of: ":") {
                tail[0] = String(head[head.index(after: colon)...])
            }
            return name == "pipx" ? stripVersion(tail) : tail
        case "coverage":
            guard rest.first == "run" else { return words }
            let tail = skipOptions(Array(rest.dropFirst()))
            return tail.first == "-m" ? Array(tail.dropFirst()) : tail
        default:
            if name.hasPrefix("python") || name == "py" {
                let opts = rest.prefix { $0.hasPrefix("-") && $0 != "-m" && $0 != "-c" }
                let tail = rest.dropFirst(opts.count)
                if tail.first == "-m", tail.count > 1 { return Array(tail.dropFirst()) }
            }
            return words
        }
    }

    /// Drops leading options (and the values of those that take one).
    static func skipOptions(_ words: [String]) -> [String] {
        var i = 0
        while i < words.count, words[i].hasPrefix("-") {
            if words[i] == "--" { return Array(words.dropFirst(i + 1)) }
            i += valueOptions.contains(words[i]) ? 2 : 1
        }
        return Array(words.dropFirst(min(i, words.count)))
    }

    /// `ruff@0.6.9` → `ruff`.
    static func stripVersion(_ words: [String]) -> [String] {
        guard let first = words.first, let at = first.firstIndex(of: "@"), at != first.startIndex else { return words }
        return [String(first[..<at])] + words.dropFirst()
    }

    /// The first argument that is not an option: a subcommand such as `check` in `ruff check .`.
    static func subcommand(_ words: [String]) -> String? {
        words.dropFirst().first { !$0.hasPrefix("-") }?.lowercased()
    }

    static func has(_ words: [String], _ flags: String...) -> Bool {
        words.contains { word in flags.contains { word == $0 || word.hasPrefix($0 + "=") } }
    }
}
