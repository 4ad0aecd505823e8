import PreflightCore

/// MegaLinter and super-linter run many linters in one action step. Their Python linters run by default
/// (they activate on the repository's `.py` files) unless the configuration leaves them out, so the step
/// counts as running each Python linter its configuration keeps: `ENABLE`/`ENABLE_LINTERS` (only
/// those), `DISABLE`/`DISABLE_LINTERS` (MegaLinter; step `env:` or `.mega-linter.yml`) and
/// `VALIDATE_<LINTER>` (super-linter: any `true` keeps only the `true` ones, `false` drops that one).
/// A linter whose errors do not fail the step (`DISABLE_ERRORS`, `DISABLE_ERRORS_LINTERS`) gates nothing.
enum CICompositeLinters {
    /// Python linters of each tool, by the tool's linter key, with the command they stand for.
    static let megaLinter: [(key: String, words: [String])] = [
        ("PYTHON_MYPY", ["mypy"]), ("PYTHON_PYRIGHT", ["pyright"]), ("PYTHON_RUFF", ["ruff", "check"]),
        ("PYTHON_PYLINT", ["pylint"]), ("PYTHON_FLAKE8", ["flake8"]),
    ]
    static let superLinter: [(key: String, words: [String])] = [
        ("PYTHON_MYPY", ["mypy"]), ("PYTHON_RUFF", ["ruff", "check"]), ("PYTHON_PYLINT", ["pylint"]),
        ("PYTHON_FLAKE8", ["flake8"]),
    ]

    /// The full image and the Python flavour carry the Python linters; the other flavours do not.
    static func isMegaLinter(_ name: String) -> Bool {
        ["oxsecurity/megalinter", "megalinter/megalinter", "nvuillam/mega-linter"].contains {
            name == $0 || name == $0 + "/flavors/python"
        }
    }

    static func isSuperLinter(_ name: String) -> Bool {
        ["super-linter/super-linter", "github/super-linter"].contains { name == $0 || name == $0 + "/slim" }
    }

    static func commands(_ action: CIPipeline.Action, project: Project) -> [CIPipeline.Command] {
        // Their Python linters only run on `.py` files: nothing to type-check in a TypeScript server.
        guard project.files.contains(where: { $0.hasSuffix(".py") }) else { return [] }
        let top = CIIndirect.topFolder(project)
        let kept: [(key: String, words: [String], nonBlocking: Bool)]
        let via: String
        if isMegaLinter(action.name) {
            via = "MegaLinter"
            kept = megaLinterKept(settings(action, project: project, top: top))
        } else if isSuperLinter(action.name) {
            via = "super-linter"
            kept = superLinterKept(action.env)
        } else {
            return []
        }
        return kept.map { linter in
            var command = CIPipeline.Command(
                words: linter.words, location: action.location, job: action.job, env: action.env, via: via)
            command.cwd = top
            command.workflow = action.location.path
            command.nonBlocking = action.nonBlocking || linter.nonBlocking
            return command
        }
    }

    /// MegaLinter's settings: `.mega-linter.yml` (or the file `MEGALINTER_CONFIG` names) at the repository
    /// top, overridden by the step's environment. Values are lists or comma-separated strings.
    static func settings(_ action: CIPipeline.Action, project: Project, top: String) -> [String: [String]] {
        var out: [String: [String]] = [:]
        let names = action.env["MEGALINTER_CONFIG"].map { [$0.trimmingSlashes] } ?? [".mega-linter.yml", ".mega-linter.yaml"]
        for name in names {
            guard let doc = project.anyYAML(top.isEmpty ? name : top + "/" + name)?.first else { continue }
            for (key, value) in doc.pairs ?? [] {
                out[key] = value.items.map { $0.compactMap { $0.string?.trimmed.uppercased() } } ?? value.string.map(list) ?? []
            }
            break
        }
        for (key, value) in action.env { out[key] = list(value) }
        return out
    }

    static func list(_ text: String) -> [String] {
        text.split(separator: ",").map { String($0).trimmed.uppercased() }.filter { !$0.isEmpty }
    }

    static func megaLinterKept(_ settings: [String: [String]]) -> [(key: String, words: [String], nonBlocking: Bool)] {
        let allErrorsIgnored = settings["DISABLE_ERRORS"]?.first.map { $0.lowercased() == "true" } ?? false
        return megaLinter.compactMap { linter in
            let descriptor = String(linter.key.prefix { $0 != "_" })
            let enabledLinters = settings["ENABLE_LINTERS"] ?? []
            let enabledDescriptors = settings["ENABLE"] ?? []
            if !(enabledLinters.isEmpty && enabledDescriptors.isEmpty),
                !enabledLinters.contains(linter.key) && !enabledDescriptors.contains(descriptor)
            {
                return nil
            }
            if settings["DISABLE"]?.contains(descriptor) == true || settings["DISABLE_LINTERS"]?.contains(linter.key) == true {
                return nil
            }
            let ignored = allErrorsIgnored || settings["DISABLE_ERRORS_LINTERS"]?.contains(linter.key) == true
            return (linter.key, linter.words, ignored)
        }
    }

    static func superLinterKept(_ env: [String: String]) -> [(key: String, words: [String], nonBlocking: Bool)] {
        // `VALIDATE_ALL_CODEBASE` chooses the files (all, or the change's), not the linters.
        let validate = env.filter { $0.key.hasPrefix("VALIDATE_") && $0.key != "VALIDATE_ALL_CODEBASE" }.mapValues {
            $0.trimmed.lowercased() == "true"
        }
        let onlyTrue = validate.values.contains(true)
        let ignored = env["DISABLE_ERRORS"]?.trimmed.lowercased() == "true"
        return superLinter.compactMap { linter in
            let setting = validate["VALIDATE_" + linter.key]
            if setting == false || (onlyTrue && setting != true) { return nil }
            return (linter.key, linter.words, ignored)
        }
    }
}
