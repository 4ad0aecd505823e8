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
