import PreflightCore

/// tox environments (tox.ini, `[tool.tox]` of pyproject.toml): the commands an environment runs.
enum CITox {
    struct Command {
        var words: [String]
        /// A leading `-` in tox's `commands`: the exit code is ignored.
        var ignoresFailure: Bool
    }

    static func commands(_ folder: Folder, envs: [String]) -> [Command] {
        let sections = self.sections(folder)
        guard !sections.isEmpty else { return [] }
        var names = envs
        if names.isEmpty || names.contains("all") || names.contains("ALL") {
            let list = sections["tox"]?["env_list"] ?? sections["tox"]?["envlist"] ?? ""
            names = expandList(list)
            if names.isEmpty { names = ["testenv"] }
        }
        var out: [Command] = []
        for name in names {
            let section = sections["testenv:\(name)"] ?? sections["testenv"] ?? [:]
            for line in commandLines(section["commands"] ?? "") {
                let ignores = line.hasPrefix("-")
                let text = String(line.drop { $0 == "-" }).replacingOccurrences(of: "{posargs}", with: "")
                out += CIShell.split(text).map { Command(words: $0.words, ignoresFailure: ignores) }
            }
        }
        return out
    }

    /// INI sections of tox.ini, or of `legacy_tox_ini` / `[tool.tox.env.*]` in pyproject.toml.
    static func sections(_ folder: Folder) -> [String: [String: String]] {
        if let text = folder.text("tox.ini") { return INI.parse(text) }
        guard let tox = folder.pyproject?["tool"]?["tox"] else { return [:] }
        if let legacy = tox["legacy_tox_ini"]?.stringValue { return INI.parse(legacy) }
        // Native TOML: commands are lists of argument lists.
        var out: [String: [String: String]] = [:]
        if let list = tox["env_list"]?.arrayValue?.compactMap(\.stringValue) {
            out["tox"] = ["env_list": list.joined(separator: ",")]
        }
        func lines(_ value: JSONValue?) -> String {
            (value?.arrayValue ?? []).compactMap { $0.arrayValue?.compactMap(\.stringValue).joined(separator: " ") }
                .joined(separator: "\n")
        }
        out["testenv"] = ["commands": lines(tox["env_run_base"]?["commands"])]
        for (name, env) in tox["env"]?.objectValue ?? [] { out["testenv:\(name)"] = ["commands": lines(env["commands"])] }
        return out
    }

    /// `py{310,311}, lint` → `py310`, `py311`, `lint`.
    static func expandList(_ list: String) -> [String] {
        var items: [String] = []
        var depth = 0
        var current = ""
        for c in list {
            if c == "{" { depth += 1 } else if c == "}" { depth -= 1 }
            if depth == 0, c == "," || c == "\n" {
                items.append(current.trimmed)
                current = ""
            } else {
                current.append(c)
            }
        }
        items.append(current.trimmed)
        return items.filter { !$0.isEmpty }.flatMap { item -> [String] in
            guard let open = item.firstIndex(of: "{"), let close = item.firstIndex(of: "}") else { return [item] }
            let head = item[..<open]
            let tail = item[item.index(after: close)...]
            return item[item.index(after: open)..<close].split(separator: ",").map { head + $0.trimmed + tail }
        }
    }

    /// One command per logical line (`\` continues one).
    static func commandLines(_ value: String) -> [String] {
        var out: [String] = []
        var pending = ""
        for raw in value.split(separator: "\n") {
            var line = raw.trimmed
            if line.isEmpty || line.hasPrefix("#") { continue }
            let continues = line.hasSuffix("\\")
            if continues { line.removeLast() }
            pending += (pending.isEmpty ? "" : " ") + line
            if !continues {
                out.append(pending)
                pending = ""
            }
        }
        if !pending.isEmpty { out.append(pending) }
        return out
    }
}

/// A minimal INI reader: `[section]`, `key = value` and indented continuation lines.
enum INI {
    static func parse(_ text: String) -> [String: [String: String]] {
        var out: [String: [String: String]] = [:]
        var section = ""
        var key: String?
        for raw in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let line = String(raw)
            let t = line.trimmed
            if t.hasPrefix("#") || t.hasPrefix(";") { continue }
            if let first = line.first, first == " " || first == "\t", let k = key, !t.isEmpty {
                out[section, default: [:]][k, default: ""] += "\n" + t
                continue
            }
            if t.hasPrefix("["), t.hasSuffix("]") {
                section = String(t.dropFirst().dropLast()).trimmed
                key = nil
            } else if let eq = t.firstIndex(of: "=") {
                let k = t[..<eq].trimmed
                key = k
                out[section, default: [:]][k] = String(t[t.index(after: eq)...]).trimmed
            }
        }
        return out
    }
}

/// noxfile.py sessions: the literal arguments of `session.run(...)` in each session's body.
enum CINox {
    static func commands(_ folder: Folder, sessions: [String]) -> [[String]] {
        guard let text = folder.text("noxfile.py") else { return [] }
        let parsed = parse(text)
        var wanted = sessions
        if wanted.isEmpty { wanted = defaultSessions(text) ?? parsed.map(\.name) }
        return parsed.filter { wanted.contains($0.name) }.flatMap(\.commands)
    }

    /// `nox.options.sessions = ["lint", "tests"]`.
    static func defaultSessions(_ text: String) -> [String]? {
        guard let line = text.split(separator: "\n").first(where: { $0.contains("nox.options.sessions") }),
            let eq = line.firstIndex(of: "=")
        else { return nil }
        return PythonLiterals.strings(in: String(line[line.index(after: eq)...]))
    }

    static func parse(_ text: String) -> [(name: String, commands: [[String]])] {
        var out: [(name: String, commands: [[String]])] = []
        var decorated: String?
        var current: Int?
        for raw in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let line = String(raw)
            let t = line.trimmed
            if line.hasPrefix("@") {
                if t.contains("session") {
                    // `@nox.session(name="lint")` renames the session.
                    decorated =
                        t.range(of: "name=").flatMap { PythonLiterals.strings(in: String(t[$0.upperBound...])).first } ?? ""
                }
                continue
            }
            if line.hasPrefix("def ") || line.hasPrefix("async def ") {
                current = nil
                if let name = decorated {
                    let fn = t.drop { $0 != " " }.dropFirst().prefix { $0 != "(" }
                    out.append((name.isEmpty ? String(fn) : name, []))
                    current = out.count - 1
                }
                decorated = nil
                continue
            }
            if !line.isEmpty, line.first != " ", line.first != "\t", !t.hasPrefix("#") { current = nil }
            guard let index = current, let call = t.range(of: "session.run(") ?? t.range(of: "session.run_always(") else {
                continue
            }
            let words = PythonLiterals.leadingStrings(in: String(t[call.upperBound...]))
            if !words.isEmpty { out[index].commands.append(words) }
        }
        return out
    }
}

/// String literals in a line of Python (no escapes beyond quotes; enough for argument lists).
enum PythonLiterals {
    static func strings(in text: String) -> [String] {
        var out: [String] = []
        var quote: Character?
        var current = ""
        for c in text {
            if let q = quote {
                if c == q {
                    out.append(current)
                    current = ""
                    quote = nil
                } else {
                    current.append(c)
                }
            } else if c == "\"" || c == "'" {
                quote = c
            } else if c == "#" {
                break
            }
        }
        return out
    }

    /// The string literals at the start of an argument list, up to the first other argument.
    static func leadingStrings(in text: String) -> [String] {
        var out: [String] = []
        var rest = Substring(text)
        while true {
            rest = rest.drop { $0 == " " || $0 == "," }
            guard let q = rest.first, q == "\"" || q == "'" else { break }
            let body = rest.dropFirst()
            guard let end = body.firstIndex(of: q) else { break }
            out.append(String(body[..<end]))
            rest = body[body.index(after: end)...]
        }
        return out
    }
}

/// Scripts declared in pyproject.toml: Hatch environments (`hatch run [env:]name`, also in
/// hatch.toml), poe tasks, PDM and Rye scripts, and `[project.scripts]` run with `uv run name`.
enum CIScripts {
    /// `hatch run lint:check`, `hatch run test`, `hatch fmt`.
    static func hatch(_ folder: Folder, words: [String]) -> [[String]] {
        let sub = CICommandLine.subcommand(words)
        if sub == "fmt" { return [["ruff", "check"], ["ruff", "format"]] }
        guard sub == "run", let target = words.dropFirst(2).first(where: { !$0.hasPrefix("-") }) else { return [] }
        let parts = target.split(separator: ":", maxSplits: 1).map(String.init)
        let (env, name) = parts.count == 2 ? (parts[0], parts[1]) : ("default", parts[0])
        let envs =
            folder.pyproject?["tool"]?["hatch"]?["envs"]
            ?? folder.text("hatch.toml").flatMap { try? TOMLDocument.parse($0) }?["envs"]
        guard let scripts = envs?[env]?["scripts"] else { return [] }
        var seen: Set<String> = []
        return resolveHatch(name, scripts: scripts, seen: &seen)
    }

    private static func resolveHatch(_ name: String, scripts: JSONValue, seen: inout Set<String>) -> [[String]] {
        guard seen.insert(name).inserted, let value = scripts[name] else { return [] }
        let lines = value.stringValue.map { [$0] } ?? value.arrayValue?.compactMap(\.stringValue) ?? []
        return lines.flatMap { line -> [[String]] in
            CIShell.split(line).flatMap { command -> [[String]] in
                // A script may call another script of the same environment by name.
                if let first = command.words.first, scripts[first] != nil, command.words.count == 1 {
                    return resolveHatch(first, scripts: scripts, seen: &seen)
                }
                return [command.words]
            }
        }
    }

    /// `poe check`: `cmd`/`shell` strings, `sequence` lists and `ref`s of `[tool.poe.tasks]`.
    static func poe(_ folder: Folder, task: String?) -> [[String]] {
        guard let task, let tasks = folder.pyproject?["tool"]?["poe"]?["tasks"] else { return [] }
        var seen: Set<String> = []
        return resolveTask(task, table: tasks, seen: &seen)
    }

    /// `uv run test` / `pdm run lint` / `rye run check`: a PDM or Rye script, or a `[project.scripts]`
    /// entry point (`test = "pytest:main"` runs pytest).
    static func named(_ folder: Folder, name: String, runner: String) -> [[String]] {
        guard let pyproject = folder.pyproject else { return [] }
        var seen: Set<String> = []
        for table in [pyproject["tool"]?["pdm"]?["scripts"], pyproject["tool"]?["rye"]?["scripts"]] {
            if let table, table[name] != nil { return resolveTask(name, table: table, seen: &seen) }
        }
        let entry = pyproject["project"]?["scripts"]?[name] ?? pyproject["tool"]?["poetry"]?["scripts"]?[name]
        guard let target = entry?.stringValue else { return [] }
        let module = target.split(separator: ":").first.map(String.init) ?? target
        return [[module.split(separator: ".").first.map(String.init) ?? module]]
    }

    /// A task of poe, PDM or Rye: a command string, a list of steps, or a table with
    /// `cmd`/`shell`/`call`-less forms (`sequence`, `composite`, `chain`, `ref`).
    static func resolveTask(_ name: String, table: JSONValue, seen: inout Set<String>) -> [[String]] {
        guard seen.insert(name).inserted, seen.count < 50, let task = table[name] else { return [] }
        func step(_ value: JSONValue) -> [[String]] {
            if let text = value.stringValue {
                let commands = CIShell.split(text).map(\.words)
                // A step that names another task runs it.
                if commands.count == 1, let only = commands.first, only.count == 1, table[only[0]] != nil {
                    return resolveTask(only[0], table: table, seen: &seen)
                }
                return commands
            }
            if let items = value.arrayValue {
                // PDM and Rye `cmd` may be an argument list.
                if items.allSatisfy({ $0.stringValue?.contains(" ") == false }), value.arrayValue?.count ?? 0 > 1,
                    let words = Optional(items.compactMap(\.stringValue)), table[words[0]] == nil
                {
                    return [words]
                }
                return items.flatMap(step)
            }
            for key in ["cmd", "shell", "sequence", "composite", "chain", "ref"] {
                if let inner = value[key] { return step(inner) }
            }
            return []
        }
        return step(task)
    }
}
