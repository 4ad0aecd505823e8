import Foundation
import PreflightCore

/// Commands a pipeline runs without naming them: the recipes of `make`, `task` and `just`
/// targets, tox environments and nox sessions, Hatch/poe/PDM/Rye scripts and `uv run <script>`,
/// and the hooks of `pre-commit run` / `pre-commit/action`. Each runner's file is looked up in the
/// folder the command runs in (a monorepo's top-level Makefile for a command at the top), and
/// what it runs is expanded again (bounded), so `task check` → `pre-commit run` → `make lint` →
/// `ruff check` is followed to the end.
enum CIIndirect {
    static let maxDepth = 6

    /// The command itself followed by everything it runs indirectly.
    static func expand(_ command: CIPipeline.Command, project: Project) -> [CIPipeline.Command] {
        var seen: Set<String> = []
        return expand(command, project: project, depth: 0, seen: &seen)
    }

    static func expand(_ action: CIPipeline.Action, project: Project) -> [CIPipeline.Command] {
        guard action.name == "pre-commit/action" else { return [] }
        var origin = CIPipeline.Command(words: ["pre-commit", "run"], location: action.location, job: action.job, env: [:])
        origin.cwd = topFolder(project)
        origin.workflow = action.location.path
        origin.nonBlocking = action.nonBlocking
        var seen: Set<String> = []
        return expand(origin, project: project, depth: 0, seen: &seen).dropFirst().map {
            var c = $0
            if c.via == "pre-commit" { c.via = "pre-commit/action" }
            return c
        }
    }

    private static func expand(_ command: CIPipeline.Command, project: Project, depth: Int, seen: inout Set<String>)
        -> [CIPipeline.Command]
    {
        var out = [command]
        guard depth < maxDepth else { return out }
        for next in direct(command, project: project) {
            let key = next.cwd + "\u{0}" + next.words.joined(separator: " ")
            guard seen.insert(key).inserted else { continue }
            out += expand(next, project: project, depth: depth + 1, seen: &seen)
        }
        return out
    }

    static func derived(_ c: CIPipeline.Command, words: [String], via: String, cwd: String? = nil, nonBlocking: Bool = false)
        -> CIPipeline.Command
    {
        var d = CIPipeline.Command(words: words, location: c.location, job: c.job, env: c.env, via: c.via ?? via)
        d.cwd = cwd ?? c.cwd
        d.nonBlocking = c.nonBlocking || nonBlocking
        d.workflow = c.workflow
        return d
    }

    /// What one command runs, one level down.
    static func direct(_ command: CIPipeline.Command, project: Project) -> [CIPipeline.Command] {
        let words = CICommandLine.normalize(command.words)
        guard let program = words.first else { return [] }
        let stages = CICommandLine.stages(command.words).dropLast()
        let folder = Folder(project: project, path: command.cwd)
        let args = CIRunnerArguments.positional(words)
        switch program {
        case "make", "gmake":
            var seen: Set<String> = []
            let file = CIRunnerArguments.value(words, ["-f", "--file", "--makefile"])
            return makeRecipes(folder, file: file, targets: args, seen: &seen, depth: 0).map {
                derived(command, words: $0, via: "make " + args.joined(separator: " "))
            }
        case "task", "go-task":
            return CITaskfile.commands(folder, tasks: args).map {
                derived(command, words: $0.words, via: "task " + args.joined(separator: " "), cwd: $0.cwd)
            }
        case "just":
            return CIJustfile.commands(folder, recipes: args).map {
                derived(command, words: $0, via: "just " + args.joined(separator: " "))
            }
        case "tox":
            return CITox.commands(folder, envs: CIRecognize.envNames(words)).map {
                derived(command, words: $0.words, via: "tox", nonBlocking: $0.ignoresFailure)
            }
        case "nox":
            return CINox.commands(folder, sessions: CIRecognize.envNames(words)).map { derived(command, words: $0, via: "nox") }
        case "pre-commit", "prek":
            guard CICommandLine.subcommand(words) == "run" else { return [] }
            let config = CIRunnerArguments.value(words, ["-c", "--config"]).map { RepoPath.join(command.cwd, $0) }
            return preCommitHooks(project, config: config).map { derived(command, words: $0, via: "pre-commit") }
        case "hatch":
            return CIScripts.hatch(folder, words: words).map { derived(command, words: $0, via: words.joined(separator: " ")) }
        case _ where stages.contains(where: { CICommandLine.program($0.first ?? "") == "hatch" }):
            // `hatch run [env:]script`: normalize already took the script name as the program.
            guard let stage = stages.last(where: { CICommandLine.program($0.first ?? "") == "hatch" }) else { return [] }
            return CIScripts.hatch(folder, words: [CICommandLine.program(stage[0])] + stage.dropFirst()).map {
                derived(command, words: $0, via: stage.joined(separator: " "))
            }
        case "npm", "pnpm", "yarn", "bun", "turbo":
            return CINodeScripts.commands(words, cwd: command.cwd, project: project, top: topFolder(project)).map {
                derived(command, words: $0.words, via: words.prefix(4).joined(separator: " "), cwd: $0.cwd)
            }
        case "concurrently":
            // Each argument is a command line of its own.
            return words.dropFirst().filter { !$0.hasPrefix("-") }.flatMap { CIShell.split($0) }.map {
                derived(command, words: $0.words, via: "concurrently")
            }
        case "run-s", "run-p", "npm-run-all":
            return words.dropFirst().filter { !$0.hasPrefix("-") }.flatMap { name in
                CINodeScripts.commands(["npm", "run", name], cwd: command.cwd, project: project, top: topFolder(project))
            }.map { derived(command, words: $0.words, via: program, cwd: $0.cwd) }
        case "poe":
            return CIScripts.poe(folder, task: args.first).map { derived(command, words: $0, via: "poe " + (args.first ?? "")) }
        case _ where scriptFile(command) != nil:
            guard let path = scriptFile(command), let text = project.anyText(RepoPath.join(command.cwd, path)) else {
                return []
            }
            return CIShell.split(text).map { derived(command, words: $0.words, via: path) }
        default:
            // `uv run test`, `pdm run lint`, `rye run check`: a script of pyproject.toml.
            guard
                let runner = stages.lazy.map({ CICommandLine.program($0.first ?? "") }).last(where: {
                    ["uv", "pdm", "rye", "poetry"].contains($0)
                })
            else { return [] }
            return CIScripts.named(folder, name: program, runner: runner).map {
                derived(command, words: $0 + words.dropFirst(), via: "\(runner) run \(program)")
            }
        }
    }

    /// `./test.sh`, `bash scripts/ci.sh`: a shell script of the repository the command runs.
    static func scriptFile(_ command: CIPipeline.Command) -> String? {
        guard let first = command.words.first else { return nil }
        if ["bash", "sh", "zsh"].contains(CICommandLine.program(first)) {
            guard let file = command.words.dropFirst().first(where: { !$0.hasPrefix("-") }), file.hasSuffix(".sh") else {
                return nil
            }
            return file
        }
        return first.hasSuffix(".sh") || first.hasPrefix("./") ? first : nil
    }

    /// The repository top as seen from the project ("" when the project is the top).
    static func topFolder(_ project: Project) -> String {
        project.repository.map { RepoPath.relative("", from: $0.prefix) } ?? ""
    }

    /// Recipe commands of the targets (the first target when none is named) and of their prerequisites.
    static func makeRecipes(_ folder: Folder, file: String?, targets: [String], seen: inout Set<String>, depth: Int)
        -> [[String]]
    {
        let names = file.map { [$0] } ?? ["Makefile", "makefile", "GNUmakefile"]
        guard depth < 6, let text = names.lazy.compactMap({ folder.text($0) }).first else { return [] }
        let rules = parseMakefile(text)
        let wanted = targets.isEmpty ? Array(rules.prefix(1).map(\.target)) : targets
        var out: [[String]] = []
        for target in wanted where seen.insert(target).inserted {
            guard let rule = rules.first(where: { $0.target == target }) else { continue }
            out += makeRecipes(folder, file: file, targets: rule.prerequisites, seen: &seen, depth: depth + 1)
            for line in rule.recipe {
                let line = line.replacingOccurrences(of: "$(MAKE)", with: "make").replacingOccurrences(
                    of: "${MAKE}", with: "make")
                for command in CIShell.split(line) {
                    let words = CICommandLine.normalize(command.words)
                    if words.first == "make", CIDirectories.override(words) == nil {
                        let sub = CIRunnerArguments.positional(words)
                        out += makeRecipes(folder, file: file, targets: sub, seen: &seen, depth: depth + 1)
                    } else {
                        out.append(command.words)
                    }
                }
            }
        }
        return out
    }

    struct MakeRule {
        var target: String
        var prerequisites: [String]
        var recipe: [String]
    }

    static func parseMakefile(_ text: String) -> [MakeRule] {
        var rules: [MakeRule] = []
        var current: [Int] = []
        for raw in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let line = String(raw)
            if line.hasPrefix("\t") {
                // `@`, `-` and `+` prefixes only change how make echoes or treats errors.
                let body = String(line.dropFirst().drop { $0 == "@" || $0 == "-" || $0 == "+" })
                for index in current { rules[index].recipe.append(body) }
                continue
            }
            guard !line.hasPrefix("#"), !line.hasPrefix(" "), let colon = line.firstIndex(of: ":"),
                !line[colon...].hasPrefix(":="), !line[..<colon].contains("=")
            else {
                if !line.trimmed.isEmpty, !line.hasPrefix("#") { current = [] }
                continue
            }
            let names = line[..<colon].split(separator: " ").map(String.init).filter { !$0.hasPrefix(".") }
            let prerequisites =
                line[line.index(after: colon)...].split(separator: ";").first.map {
                    $0.split(separator: " ").map(String.init).filter { !$0.hasPrefix("|") }
                } ?? []
            current = []
            for name in names {
                current.append(rules.count)
                rules.append(MakeRule(target: name, prerequisites: prerequisites, recipe: []))
            }
        }
        return rules
    }

    /// Hooks of `.pre-commit-config.yaml` as the commands they amount to. pre-commit reads the
    /// config at the repository top unless `-c` names another.
    static func preCommitHooks(_ project: Project, config: String? = nil) -> [[String]] {
        let top = topFolder(project)
        let candidates =
            (config.map { [$0] } ?? [])
            + [".pre-commit-config.yaml", ".pre-commit-config.yml"].map { RepoPath.join(top, $0) }
            + [".pre-commit-config.yaml"]
        guard let document = candidates.lazy.compactMap({ project.anyYAML($0)?.first }).first else { return [] }
        var out: [[String]] = []
        for repo in document["repos"]?.items ?? [] {
            for hook in repo["hooks"]?.items ?? [] {
                guard let id = hook["id"]?.string?.lowercased() else { continue }
                let args = hook["args"]?.items?.compactMap(\.string) ?? []
                if let entry = hook["entry"]?.string, ["local", "meta"].contains(repo["repo"]?.string ?? "") {
                    // `entry: make` with `args: [lint]` runs `make lint`.
                    let commands = CIShell.split(entry).map(\.words)
                    out += commands.enumerated().map { $0.offset == commands.count - 1 ? $0.element + args : $0.element }
                } else {
                    // `ruff` (lint) and `ruff-format` are separate hooks of ruff-pre-commit.
                    switch id {
                    case "ruff", "ruff-check": out.append(["ruff", "check"])
                    case "ruff-format": out.append(["ruff", "format"])
                    default: out.append([id])
                    }
                }
            }
        }
        return out
    }
}

/// One folder the runners' files are read from, relative to the project (`../..` for a monorepo's top).
struct Folder {
    var project: Project
    var path: String

    func text(_ name: String) -> String? { project.anyText(RepoPath.join(path, name)) }
    func yaml(_ name: String) -> YAMLValue? { project.anyYAML(RepoPath.join(path, name))?.first }

    /// pyproject.toml of the folder, parsed.
    var pyproject: JSONValue? {
        if RepoPath.normalize(path).isEmpty, let parsed = project.pyproject { return parsed }
        return text("pyproject.toml").flatMap { try? TOMLDocument.parse($0) }
    }
}

/// Positional arguments and option values of a runner's command line.
enum CIRunnerArguments {
    /// Options of make/task/just/poe that take the next word as their value.
    static let valueOptions: Set<String> = [
        "-C", "--directory", "-f", "--file", "--makefile", "-j", "--jobs", "-d", "--dir", "--working-directory",
        "--justfile", "-t", "--taskfile", "-c", "--config", "-o", "-W", "-I", "--include-dir", "-l",
    ]

    /// Target/task/recipe names: words after the program that are neither options, their values, nor `VAR=value`.
    static func positional(_ words: [String]) -> [String] {
        var out: [String] = []
        var i = 1
        while i < words.count {
            let w = words[i]
            if w == "--" { break }
            if w.hasPrefix("-") {
                i += valueOptions.contains(w) ? 2 : 1
                continue
            }
            if !w.contains("=") { out.append(w) }
            i += 1
        }
        return out
    }

    static func value(_ words: [String], _ options: [String]) -> String? {
        for (i, w) in words.enumerated() {
            for option in options {
                if w == option, i + 1 < words.count { return words[i + 1] }
                if w.hasPrefix(option + "=") { return String(w.dropFirst(option.count + 1)) }
            }
        }
        return nil
    }
}
