import PreflightCore

struct DockerFrozenInstall: StaticCheck {
    static let description = CheckDescription(
        id: "docker.frozen-install", title: "Image installs dependencies from the lockfile", section: .docker,
        severity: .error,
        rationale: """
            `uv sync` without `--frozen`/`--locked` (or a plain `pip install .`) re-resolves dependencies at build \
            time, so the image can contain versions that were never tested.
            """,
        remediation: "Install with `uv sync --frozen --no-dev` (or `--locked`, which also fails when uv.lock is stale).",
        failing: [
            Example(["Dockerfile": "FROM python:3.12-slim\nRUN uv sync --no-dev\n"]),
            Example(["Dockerfile": "FROM python:3.12-slim\nCOPY . .\nRUN pip install .\n"]),
            Example([
                "Dockerfile":
                    "FROM python:3.12-slim\nRUN --mount=type=cache,target=/root/.cache/uv \\\n    uv pip install -r pyproject.toml\n"
            ]),
        ],
        passing: [
            Example([
                "Dockerfile": "FROM python:3.12-slim\nRUN --mount=type=cache,target=/root/.cache/uv uv sync --frozen --no-dev\n"
            ]),
            Example(["Dockerfile": "FROM python:3.12-slim\nRUN pip install --no-cache-dir uv==0.9.8 && uv sync --locked\n"]),
            Example([
                "Dockerfile":
                    "FROM python:3.12-slim\nCOPY --from=b /wheels /wheels\nRUN pip install --no-index --find-links=/wheels /wheels/*.whl\n"
            ]),
        ])

    func run(_ project: Project) -> CheckOutput {
        switch DockerSupport.dockerfiles(project) {
        case .failure(let reason): return .skip(reason.message)
        case .success(let files):
            var installs = 0
            var findings: [Finding] = []
            for file in files {
                for instruction in file.instructions where instruction.keyword == "RUN" {
                    for command in ShellCommands.split(DockerSupport.runText(instruction)) {
                        guard let verdict = Self.judge(command) else { continue }
                        installs += 1
                        if let problem = verdict {
                            findings.append(
                                Finding("`\(command.prefix(80))` \(problem)", at: Location(file.path, line: instruction.line)))
                        }
                    }
                }
            }
            if installs == 0 && findings.isEmpty { return .skip("no Python dependency installation in the Dockerfile") }
            return .from(findings, pass: "every dependency installation uses the lockfile")
        }
    }

    /// nil: not a dependency install; .some(nil): a locked install; .some(reason): an unlocked one.
    static func judge(_ command: String) -> String?? {
        let words = KeyValueArguments.shellWords(command)
        guard
            let tool = words.firstIndex(where: {
                ["uv", "pip", "pip3", "poetry", "pipenv"].contains(($0.split(separator: "/").last).map(String.init) ?? $0)
                    || $0.hasSuffix("/pip")
            })
        else {
            if let m = words.firstIndex(of: "-m"), m + 1 < words.count, words[m + 1] == "pip" {
                return judge(words[(m + 1)...].joined(separator: " "))
            }
            return nil
        }
        let name = words[tool].split(separator: "/").last.map(String.init) ?? words[tool]
        let rest = Array(words[(tool + 1)...])
        let flags = Set(rest.filter { $0.hasPrefix("-") })
        switch name {
        case "uv":
            if rest.first == "sync" {
                return flags.contains("--frozen") || flags.contains("--locked")
                    ? .some(nil) : .some("re-resolves dependencies: add --frozen or --locked")
            }
            if rest.first == "pip", rest.count > 1 {
                if rest[1] == "sync" { return .some(nil) }
                if rest[1] == "install" { return pipInstall(Array(rest.dropFirst(2))) }
            }
            if rest.first == "export" || rest.first == "run" || rest.first == "lock" { return nil }
            return nil
        case "poetry":
            return rest.first == "install" ? .some(nil) : nil
        case "pipenv":
            guard rest.first == "install" || rest.first == "sync" else { return nil }
            return rest.first == "sync" || flags.contains("--deploy") || flags.contains("--ignore-pipfile")
                ? .some(nil) : .some("may update Pipfile.lock: use `pipenv install --deploy`")
        default:
            guard rest.first == "install" else { return nil }
            return pipInstall(Array(rest.dropFirst()))
        }
    }

    /// pip/uv pip installs: tool bootstraps (`pip install uv==x`) are not dependency installs.
    static func pipInstall(_ args: [String]) -> String?? {
        let flags = Set(args.filter { $0.hasPrefix("-") }.map { $0.split(separator: "=").first.map(String.init) ?? $0 })
        let targets = args.filter { !$0.hasPrefix("-") }
        if flags.contains("--require-hashes") || flags.contains("--no-deps") { return .some(nil) }
        if flags.contains("--no-index")
            || (!targets.isEmpty
                && targets.allSatisfy { $0.hasSuffix(".whl") || $0.hasSuffix("/") && flags.contains("--find-links") })
        {
            return .some(nil)
        }
        let installsProject =
            targets.contains { $0 == "." || $0.hasPrefix("./") || $0.hasPrefix("/") || $0.hasSuffix(".toml") }
            || !flags.isDisjoint(with: ["-e", "-r", "--requirement", "--editable"])
        let bootstrap = Set(["uv", "pip", "setuptools", "wheel", "poetry", "pipenv", "pipx", "hatch", "pdm"])
        if !installsProject,
            targets.allSatisfy({ bootstrap.contains(String($0.prefix { $0.isLetter || $0 == "-" || $0 == "_" }).lowercased()) })
        {
            return nil
        }
        let requirementFiles = args.indices.compactMap { i -> String? in
            if ["-r", "--requirement"].contains(args[i]), i + 1 < args.count { return args[i + 1] }
            if args[i].hasPrefix("--requirement=") { return String(args[i].dropFirst("--requirement=".count)) }
            return nil
        }
        if requirementFiles.contains(where: { $0.hasSuffix(".toml") || $0.hasSuffix(".in") }) {
            return .some("resolves from unpinned requirements instead of the lockfile")
        }
        if flags.contains("-r") || flags.contains("--requirement") || flags.contains("-c") || flags.contains("--constraint") {
            // A requirements file exported from the lock (`uv export --frozen`) pins everything.
            return .some(nil)
        }
        return .some("installs without the lockfile: versions are re-resolved at build time")
    }
}

/// Splits shell text into simple commands on `&&`, `||`, `;`, `|` and newlines (quotes respected).
enum ShellCommands {
    static func split(_ text: String) -> [String] {
        var commands: [String] = []
        var current = ""
        var quote: Character?
        var chars = Array(text)[...]
        while let c = chars.first {
            chars = chars.dropFirst()
            if let q = quote {
                current.append(c)
                if c == q { quote = nil }
                continue
            }
            if c == "\"" || c == "'" {
                quote = c
                current.append(c)
            } else if c == ";" || c == "\n" || c == "|" || (c == "&" && chars.first == "&") {
                if c == "&" || (c == "|" && chars.first == "|") { chars = chars.dropFirst() }
                if !current.trimmed.isEmpty { commands.append(current.trimmed) }
                current = ""
            } else {
                current.append(c)
            }
        }
        if !current.trimmed.isEmpty { commands.append(current.trimmed) }
        return commands
    }
}
