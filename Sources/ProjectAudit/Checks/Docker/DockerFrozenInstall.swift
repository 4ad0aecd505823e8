import PreflightCore

struct DockerFrozenInstall: StaticCheck {
    static let description = CheckDescription(
        id: "docker.frozen-install", title: "Image installs dependencies from the lockfile", section: .docker,
        severity: .error,
        rationale: """
            `uv sync` without `--frozen`/`--locked` (or a plain `pip install .`) re-resolves dependencies at build \
            time, so the image can contain versions that were never tested. `pip install -r` counts as locked only when \
            the file pins every requirement with `==` (or has hashes), or is exported from the lock in the image; pip \
            options before the subcommand (`pip --no-cache-dir install`) and `pip wheel`/`pip download` are read too; \
            and an unquoted `pkg>=1` is a shell redirection that drops the constraint.
            """,
        remediation: "Install with `uv sync --frozen --no-dev` (or `--locked`, which also fails when uv.lock is stale).",
        failing: [
            Example(["Dockerfile": "FROM python:3.12-slim\nRUN uv sync --no-dev\n"]),
            Example(["Dockerfile": "FROM python:3.12-slim\nCOPY . .\nRUN pip install .\n"]),
            Example([
                "Dockerfile":
                    "FROM python:3.12-slim\nRUN --mount=type=cache,target=/root/.cache/uv \\\n    uv pip install -r pyproject.toml\n"
            ]),
            Example(
                ["Dockerfile": "FROM python:3.12-slim\nCOPY . /app\nRUN pip --no-cache-dir install /app\n"],
                note: "options before install"),
            Example(
                ["Dockerfile": "FROM python:3.12-slim\nRUN pip install --no-cache-dir neo4j>=5.26.0 fastmcp>=2.10.5\n"],
                note: "unquoted `>=` is a shell redirection"),
            Example(
                [
                    "Dockerfile":
                        "FROM python:3.12-slim\nCOPY requirements.txt .\nRUN pip install --no-cache-dir -r requirements.txt\n",
                    "requirements.txt": "mcp>=1.2.0\nmysql-connector-python>=9.1.0\n",
                ], note: "requirements with ranges are not a lock"),
            Example(
                ["Dockerfile": "FROM python:3.12-slim AS b\nCOPY . .\nRUN pip wheel --wheel-dir=/wheels -e .\n"],
                note: "pip wheel resolves too"),
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
            Example(
                [
                    "Dockerfile":
                        "FROM python:3.12-slim\nCOPY requirements.txt .\nRUN pip install --no-cache-dir -r requirements.txt\n",
                    "requirements.txt": "anyio==4.9.0\nmcp[cli]==1.9.4 ; python_version >= \"3.10\"\n",
                ], note: "fully pinned requirements"),
            Example(
                [
                    "Dockerfile":
                        "FROM python:3.12-slim\nRUN uv export --frozen --no-dev -o requirements.txt && pip install -r requirements.txt\n",
                    "requirements.txt": "mcp>=1.2\n",
                ], note: "requirements exported from the lock in the image"),
        ])

    func run(_ project: Project) -> CheckOutput {
        switch DockerSupport.dockerfiles(project) {
        case .failure(let reason): return .skip(reason.message)
        case .success(let files):
            var installs = 0
            var findings: [Finding] = []
            for file in files {
                let context = InstallContext(project: project, generated: Self.generatedRequirements(file))
                for instruction in file.instructions where instruction.keyword == "RUN" {
                    for command in ShellCommands.split(DockerSupport.runText(instruction)) {
                        guard let verdict = Self.judge(command, context: context) else { continue }
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

    /// What judging a requirements file needs: the project's files, and the files the Dockerfile
    /// itself exports from the lock (`uv export --frozen -o requirements.txt`).
    struct InstallContext {
        var project: Project?
        var generated: Set<String> = []
    }

    /// Requirement files written by a lock export earlier in the Dockerfile (by file name).
    static func generatedRequirements(_ file: Dockerfile) -> Set<String> {
        var out: Set<String> = []
        for i in file.instructions where i.keyword == "RUN" {
            for command in ShellCommands.split(DockerSupport.runText(i)) {
                let words = KeyValueArguments.shellWords(command)
                let exports =
                    words.contains("export") && words.contains { ["uv", "poetry", "pdm"].contains(CICommandLine.program($0)) }
                    || words.contains { CICommandLine.program($0) == "pip-compile" }
                guard exports else { continue }
                for (i, w) in words.enumerated() {
                    if ["-o", "--output-file", "--output", ">"].contains(w), i + 1 < words.count {
                        out.insert(String(words[i + 1].split(separator: "/").last ?? ""))
                    } else if w.hasPrefix("--output-file=") || w.hasPrefix("--output=") {
                        out.insert(String(w.split(separator: "=", maxSplits: 1)[1].split(separator: "/").last ?? ""))
                    }
                }
                // `uv export ... > requirements.txt`: a redirection kept in the command text.
                if let gt = command.lastIndex(of: ">") {
                    let target = command[command.index(after: gt)...].trimmed.split(separator: " ").first ?? ""
                    if !target.isEmpty { out.insert(String(target.split(separator: "/").last ?? "")) }
                }
            }
        }
        return out
    }

    /// pip options that come before the subcommand and take a value.
    static let pipGlobalValueOptions: Set<String> = [
        "--cache-dir", "--log", "--proxy", "--retries", "--timeout", "--exists-action", "--trusted-host", "--cert",
        "--client-cert", "--python", "--src", "--directory", "--project", "--config-file", "--index-url",
    ]

    /// The subcommand after options placed before it (`pip --no-cache-dir install`), and what follows it.
    static func subcommand(_ rest: [String]) -> (String, [String])? {
        var i = 0
        while i < rest.count, rest[i].hasPrefix("-") {
            i += pipGlobalValueOptions.contains(rest[i]) ? 2 : 1
        }
        guard i < rest.count else { return nil }
        return (rest[i], Array(rest[(i + 1)...]))
    }

    /// nil: not a dependency install; .some(nil): a locked install; .some(reason): an unlocked one.
    static func judge(_ command: String, context: InstallContext = InstallContext()) -> String?? {
        let words = KeyValueArguments.shellWords(command)
        guard
            let tool = words.firstIndex(where: {
                ["uv", "pip", "pip3", "poetry", "pipenv"].contains(($0.split(separator: "/").last).map(String.init) ?? $0)
                    || $0.hasSuffix("/pip")
            })
        else {
            if let m = words.firstIndex(of: "-m"), m + 1 < words.count, words[m + 1] == "pip" {
                return judge(words[(m + 1)...].joined(separator: " "), context: context)
            }
            return nil
        }
        let name = words[tool].split(separator: "/").last.map(String.init) ?? words[tool]
        let rest = Array(words[(tool + 1)...])
        let flags = Set(rest.filter { $0.hasPrefix("-") })
        switch name {
        case "uv":
            guard let (sub, args) = subcommand(rest) else { return nil }
            if sub == "sync" {
                return flags.contains("--frozen") || flags.contains("--locked")
                    ? .some(nil) : .some("re-resolves dependencies: add --frozen or --locked")
            }
            if sub == "pip", let (pipSub, pipArgs) = subcommand(args) {
                if pipSub == "sync" { return .some(nil) }
                if pipSub == "install" { return unquotedConstraint(command) ?? pipInstall(pipArgs, context: context) }
            }
            return nil
        case "poetry":
            return rest.first == "install" ? .some(nil) : nil
        case "pipenv":
            guard rest.first == "install" || rest.first == "sync" else { return nil }
            return rest.first == "sync" || flags.contains("--deploy") || flags.contains("--ignore-pipfile")
                ? .some(nil) : .some("may update Pipfile.lock: use `pipenv install --deploy`")
        default:
            // `pip wheel` and `pip download` resolve versions just like `pip install`.
            guard let (sub, args) = subcommand(rest), ["install", "wheel", "download"].contains(sub) else { return nil }
            return unquotedConstraint(command) ?? pipInstall(args, context: context)
        }
    }

    /// `pip install fastapi>=0.115`: unquoted, the shell reads `>` as a redirection, so the package is
    /// installed without its constraint (and pip's output goes to a file named `=0.115`).
    static func unquotedConstraint(_ command: String) -> String?? {
        var quote: Character?
        var word = ""
        for c in command + " " {
            if let q = quote {
                if c == q { quote = nil }
                word.append(c)
                continue
            }
            if c == "\"" || c == "'" {
                quote = c
                word.append(c)
            } else if c == " " || c == "\t" {
                word = ""
            } else if (c == ">" || c == "<"), let first = word.first, first.isLetter, !word.contains("\""), !word.contains("'") {
                let package = word.prefix { $0.isLetter || $0.isNumber || "-_.[],".contains($0) }
                return .some(
                    "does not quote `\(word)\(c)…`: the shell reads `\(c)` as a redirection, so `\(package)` is installed without its version constraint; quote it (`\"\(word)\(c)=…\"`) or install from the lockfile"
                )
            } else {
                word.append(c)
            }
        }
        return nil
    }

    /// pip/uv pip installs: tool bootstraps (`pip install uv==x`) are not dependency installs.
    static func pipInstall(_ args: [String], context: InstallContext = InstallContext()) -> String?? {
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
        let bootstrap = Set([
            "uv", "pip", "setuptools", "wheel", "poetry", "pipenv", "pipx", "hatch", "pdm", "hatchling", "build", "flit",
            "flit-core", "flit_core", "pdm-backend", "setuptools-scm", "setuptools_scm", "maturin",
        ])
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
        if !requirementFiles.isEmpty {
            for file in requirementFiles {
                if let range = unpinnedRequirement(file, context: context) {
                    return .some(
                        "installs from \(range.file), where `\(range.line)` is not pinned (and there are no hashes): versions are re-resolved at build time; export the lock instead (`uv export --frozen --no-dev -o requirements.txt`)"
                    )
                }
            }
            return .some(nil)
        }
        if flags.contains("-c") || flags.contains("--constraint") { return .some(nil) }
        return .some("installs without the lockfile: versions are re-resolved at build time")
    }

    /// The first requirement of a requirements file that is not pinned with `==`, when the file is the
    /// project's own (a file the Dockerfile exports from the lock, or one not found, is taken as pinned).
    static func unpinnedRequirement(_ path: String, context: InstallContext) -> (file: String, line: String)? {
        let name = String(path.split(separator: "/").last ?? "")
        guard let project = context.project, !context.generated.contains(name) else { return nil }
        let relative = RepoPath.normalize(path.hasPrefix("/") ? String(path.dropFirst()) : path)
        let candidates = project.files.filter { $0 == relative || $0.hasSuffix("/" + relative) || $0 == name }
        let sameName = project.files.filter { $0 == name || $0.hasSuffix("/" + name) }
        guard let file = candidates.first ?? (sameName.count == 1 ? sameName.first : nil), let text = project.text(file)
        else { return nil }
        if text.contains("--hash=") { return nil }
        for raw in text.split(separator: "\n") {
            let line = String(raw.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first ?? "").trimmed
            guard !line.isEmpty, !line.hasPrefix("-") else { continue }
            guard case .success(let requirement) = PEP508Requirement.parse(line) else { continue }
            if requirement.url != nil { continue }
            let spec = requirement.specifier.trimmed
            let pinned = (spec.hasPrefix("==") || spec.hasPrefix("===")) && !spec.contains(",") && !spec.contains("*")
            if !pinned { return (file, line) }
        }
        return nil
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
