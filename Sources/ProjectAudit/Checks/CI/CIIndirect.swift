import Foundation
import PreflightCore

/// Commands a pipeline runs without naming them: the recipes of `make` targets (from the
/// project's Makefile) and the hooks of `pre-commit run` / `pre-commit/action`.
enum CIIndirect {
    /// The command itself followed by what it runs indirectly.
    static func expand(_ command: CIPipeline.Command, project: Project) -> [CIPipeline.Command] {
        let words = CICommandLine.normalize(command.words)
        var out = [command]
        guard let program = words.first else { return out }
        if program == "make" || program == "gmake" {
            let targets = words.dropFirst().filter { !$0.hasPrefix("-") && !$0.contains("=") }
            let via = "make " + targets.joined(separator: " ")
            var seen: Set<String> = []
            for recipe in makeRecipes(project, targets: Array(targets), seen: &seen, depth: 0) {
                out.append(derived(command, words: recipe, via: via.trimmed))
            }
        } else if (program == "pre-commit" || program == "prek"), CICommandLine.subcommand(words) == "run" {
            out += preCommitHooks(project).map { derived(command, words: $0, via: "pre-commit") }
        }
        return out
    }

    static func expand(_ action: CIPipeline.Action, project: Project) -> [CIPipeline.Command] {
        guard action.name == "pre-commit/action" else { return [] }
        let origin = CIPipeline.Command(words: ["pre-commit", "run"], location: action.location, job: action.job, env: [:])
        return preCommitHooks(project).map { derived(origin, words: $0, via: "pre-commit/action") }
    }

    static func derived(_ c: CIPipeline.Command, words: [String], via: String) -> CIPipeline.Command {
        CIPipeline.Command(words: words, location: c.location, job: c.job, env: c.env, via: via)
    }

    /// Recipe commands of the targets (the first target when none is named) and of their prerequisites.
    static func makeRecipes(_ project: Project, targets: [String], seen: inout Set<String>, depth: Int) -> [[String]] {
        guard depth < 6, let text = project.text("Makefile") ?? project.text("makefile") ?? project.text("GNUmakefile")
        else { return [] }
        let rules = parseMakefile(text)
        let wanted = targets.isEmpty ? Array(rules.prefix(1).map(\.target)) : targets
        var out: [[String]] = []
        for target in wanted where seen.insert(target).inserted {
            guard let rule = rules.first(where: { $0.target == target }) else { continue }
            out += makeRecipes(project, targets: rule.prerequisites, seen: &seen, depth: depth + 1)
            for line in rule.recipe {
                let line = line.replacingOccurrences(of: "$(MAKE)", with: "make").replacingOccurrences(
                    of: "${MAKE}", with: "make")
                for command in CIShell.split(line) {
                    let words = CICommandLine.normalize(command.words)
                    if words.first == "make" {
                        let sub = words.dropFirst().filter { !$0.hasPrefix("-") && !$0.contains("=") }
                        out += makeRecipes(project, targets: Array(sub), seen: &seen, depth: depth + 1)
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

    /// Hooks of `.pre-commit-config.yaml` as the commands they amount to.
    static func preCommitHooks(_ project: Project) -> [[String]] {
        guard let config = project.yaml[".pre-commit-config.yaml"]?.first else { return [] }
        var out: [[String]] = []
        for repo in config["repos"]?.items ?? [] {
            for hook in repo["hooks"]?.items ?? [] {
                guard let id = hook["id"]?.string?.lowercased() else { continue }
                if let entry = hook["entry"]?.string, repo["repo"]?.string == "local" {
                    out += CIShell.split(entry).map(\.words)
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
