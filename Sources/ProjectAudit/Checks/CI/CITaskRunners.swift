import PreflightCore

/// Taskfile (`task X`) and justfile (`just X`): the commands a task or recipe runs, with its
/// dependencies and the tasks it calls.
enum CITaskfile {
    static let names = ["Taskfile.yml", "Taskfile.yaml", "taskfile.yml", "taskfile.yaml"]

    static func commands(_ folder: Folder, tasks: [String]) -> [(words: [String], cwd: String)] {
        guard let doc = names.lazy.compactMap({ folder.yaml($0) }).first, let table = doc["tasks"] else { return [] }
        var seen: Set<String> = []
        var out: [(words: [String], cwd: String)] = []
        for name in tasks.isEmpty ? ["default"] : tasks {
            collect(name, table: table, cwd: folder.path, seen: &seen, into: &out)
        }
        return out
    }

    private static func collect(
        _ name: String, table: YAMLValue, cwd: String, seen: inout Set<String>, into out: inout [(words: [String], cwd: String)]
    ) {
        guard seen.insert(name).inserted, seen.count < 100, let task = table[name] else { return }
        // A task may be a command, a list of commands, or a mapping with `cmds`, `deps` and `dir`.
        let dir = task["dir"]?.string.map { RepoPath.join(cwd, $0) } ?? cwd
        for dep in task["deps"]?.items ?? [] {
            if let d = dep.string ?? dep["task"]?.string { collect(d, table: table, cwd: cwd, seen: &seen, into: &out) }
        }
        let cmds = task.string.map { [YAMLValue.scalar($0, line: task.line)] } ?? task.items ?? task["cmds"]?.items ?? []
        for cmd in cmds {
            if let sub = cmd["task"]?.string {
                collect(sub, table: table, cwd: cwd, seen: &seen, into: &out)
            } else if let text = cmd.string ?? cmd["cmd"]?.string {
                out += CIShell.split(text).map { ($0.words, dir) }
            }
        }
    }
}

enum CIJustfile {
    static let names = ["justfile", "Justfile", ".justfile"]

    struct Recipe {
        var name: String
        var dependencies: [String]
        var body: [String]
    }

    static func commands(_ folder: Folder, recipes: [String]) -> [[String]] {
        guard let text = names.lazy.compactMap({ folder.text($0) }).first else { return [] }
        let all = parse(text)
        var seen: Set<String> = []
        var out: [[String]] = []
        let wanted = recipes.isEmpty ? Array(all.prefix(1).map(\.name)) : recipes
        for name in wanted { collect(name, all, seen: &seen, into: &out) }
        return out
    }

    private static func collect(_ name: String, _ all: [Recipe], seen: inout Set<String>, into out: inout [[String]]) {
        guard seen.insert(name).inserted, let recipe = all.first(where: { $0.name == name }) else { return }
        for dep in recipe.dependencies { collect(dep, all, seen: &seen, into: &out) }
        for line in recipe.body {
            for command in CIShell.split(line) {
                if command.words.first == "just" {
                    for sub in CIRunnerArguments.positional(command.words) { collect(sub, all, seen: &seen, into: &out) }
                } else {
                    out.append(command.words)
                }
            }
        }
    }

    /// Recipes: `name param *args: dep1 (dep2 "x")` at column 0, then indented body lines.
    /// Attributes (`[private]`), settings (`set ...`), variables (`x := ...`) and comments are skipped;
    /// `alias a := b` makes `a` run `b`.
    static func parse(_ text: String) -> [Recipe] {
        var recipes: [Recipe] = []
        var inRecipe = false
        for raw in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let line = String(raw)
            if let first = line.first, first == " " || first == "\t" {
                if inRecipe, !recipes.isEmpty {
                    let body = line.trimmed.drop { $0 == "@" || $0 == "-" }
                    if !body.isEmpty, !body.hasPrefix("#") { recipes[recipes.count - 1].body.append(String(body)) }
                }
                continue
            }
            inRecipe = false
            let t = line.trimmed
            if t.isEmpty || t.hasPrefix("#") || t.hasPrefix("[") || t.hasPrefix("set ") || t.hasPrefix("import ")
                || t.hasPrefix("mod ") || t.hasPrefix("export ")
            {
                continue
            }
            if t.hasPrefix("alias "), let assign = t.range(of: ":=") {
                let name = t.dropFirst("alias ".count)[..<assign.lowerBound].trimmed
                let target = String(t[assign.upperBound...]).trimmed
                recipes.append(Recipe(name: name, dependencies: [target], body: []))
                continue
            }
            guard !t.contains(":="), let colon = t.firstIndex(of: ":") else { continue }
            let head = t[..<colon].split(separator: " ")
            guard let name = head.first.map({ String($0.drop { $0 == "@" }) }), !name.isEmpty else { continue }
            let deps = t[t.index(after: colon)...].replacingOccurrences(of: "(", with: " ").replacingOccurrences(
                of: ")", with: " "
            ).split(separator: " ").map(String.init).filter { !$0.hasPrefix("\"") && !$0.hasPrefix("'") && $0 != "&&" }
            recipes.append(Recipe(name: name, dependencies: deps, body: []))
            inRecipe = true
        }
        return recipes
    }
}

/// package.json scripts run through npm, pnpm, yarn, bun or turbo. A script run for the whole
/// workspace (`pnpm -r test`, `turbo run test`) runs in the project's package too.
enum CINodeScripts {
    /// pnpm/yarn/bun commands that are not script names.
    static let builtins: Set<String> = [
        "install", "i", "ci", "add", "remove", "rm", "uninstall", "update", "up", "upgrade", "link", "unlink", "import",
        "rebuild", "prune", "fetch", "audit", "outdated", "list", "ls", "why", "publish", "pack", "store", "exec", "dlx",
        "create", "init", "config", "setup", "env", "root", "bin", "deploy", "patch", "licenses", "doctor", "version",
        "set", "cache", "info", "workspaces", "dedupe", "x", "login", "logout", "whoami", "help",
    ]

    /// (commands, folder they run in) for one command line of a Node package manager or turbo.
    static func commands(_ words: [String], cwd: String, project: Project, top: String) -> [(words: [String], cwd: String)] {
        guard let program = words.first else { return [] }
        var args = Array(words.dropFirst())
        var folders = [cwd]
        var name: String?
        var whole = false
        var i = 0
        var positional: [String] = []
        while i < args.count {
            let a = args[i]
            if a == "--" { break }
            if ["-w", "--workspace-root"].contains(a) && program == "pnpm" {
                folders = [top]
            } else if ["-r", "--recursive", "-ws", "--workspaces"].contains(a) {
                whole = true
            } else if ["--filter", "-F", "--workspace"].contains(a), i + 1 < args.count {
                whole = whole || filterIncludesProject(args[i + 1], project: project)
                i += 1
            } else if a.hasPrefix("--filter=") || a.hasPrefix("--workspace=") {
                whole = whole || filterIncludesProject(String(a.split(separator: "=", maxSplits: 1)[1]), project: project)
            } else if a.hasPrefix("-") {
                // Options with values that would otherwise be read as the script name.
                if ["--prefix", "-C", "--dir", "--cwd"].contains(a) { i += 1 }
            } else {
                positional.append(a)
            }
            i += 1
        }
        args = positional
        switch program {
        case "npm":
            guard let sub = args.first else { return [] }
            if ["test", "t", "tst", "start", "stop", "restart"].contains(sub) {
                name = sub.hasPrefix("t") ? "test" : sub
            } else if ["run", "run-script", "rum", "urn"].contains(sub) {
                name = args.dropFirst().first
            }
        case "pnpm", "yarn", "bun":
            guard let sub = args.first else { return [] }
            if sub == "run" || sub == "run-script" {
                name = args.dropFirst().first
            } else if program == "yarn", sub == "workspace", args.count > 2 {
                whole = whole || filterIncludesProject(args[1], project: project)
                folders = []
                name = args[2]
            } else if !builtins.contains(sub) && !(program == "bun" && sub == "test") {
                name = sub
            }
        case "turbo":
            guard let sub = args.first else { return [] }
            name = sub == "run" ? args.dropFirst().first : sub
            folders = []
            whole = true
        default: return []
        }
        guard let script = name else { return [] }
        if whole, !folders.contains("") { folders.append("") }
        var out: [(words: [String], cwd: String)] = []
        var found = false
        for folder in folders {
            guard let text = Folder(project: project, path: folder).text("package.json"),
                let json = try? JSONParser.parse(text), let value = json["scripts"]?[script]?.stringValue
            else { continue }
            found = true
            out += CIShell.split(value).map { ($0.words, folder) }
        }
        // `pnpm vitest`: not a script, so pnpm runs the package's binary.
        if !found, program != "npm", program != "turbo" {
            out.append(([script] + args.dropFirst(args.first == "run" ? 2 : 1), cwd))
        }
        return out
    }

    /// Whether a workspace filter (`@acme/srv`, `./packages/*`, `srv...`) selects the project's package.
    static func filterIncludesProject(_ filter: String, project: Project) -> Bool {
        let clean = filter.trimmingCharacters(in: [".", "^", "{", "}", "!"])
        guard let folder = project.repository?.prefix else { return false }
        let packageName = project.text("package.json").flatMap { try? JSONParser.parse($0) }?["name"]?.stringValue
        if let packageName, clean == packageName || packageName.hasSuffix("/" + clean) { return true }
        let pattern = clean.hasPrefix("/") ? String(clean.dropFirst()) : clean
        return Glob.matches(pattern, folder) || Glob.matches(pattern + "/**", folder) || pattern == "*" || pattern == "**"
    }
}
