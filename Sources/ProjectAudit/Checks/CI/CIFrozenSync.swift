import PreflightCore

struct CIFrozenSync: StaticCheck {
    static let description = CheckDescription(
        id: "ci.frozen-sync", title: "CI installs exactly the locked dependencies", section: .cicd, severity: .warning,
        rationale: """
            CI should test the versions that ship. `uv sync --frozen` (or `--locked`, or `UV_FROZEN`/`UV_LOCKED` set for the \
            step) installs `uv.lock` as it is; a bare `uv sync` or `uv run` may re-resolve and test something else. A \
            `pip install -r` counts only with hashes (`--require-hashes` or `--hash=` lines in the file): only then are the \
            installed files exactly the reviewed ones. `pip install .` and plain `pip install -r` re-resolve and fail the check. \
            For a Node.js server: `npm ci`, `pnpm install` (frozen in CI unless `--no-frozen-lockfile`), \
            `yarn install --immutable` and `bun install --frozen-lockfile` install the lockfile; `npm install` does not. \
            Only the installs of jobs that run tests are judged when some job does: a release or upgrade job may resolve afresh.
            """,
        remediation: "Install with `run: uv sync --frozen` (or `--locked`, which also fails when `uv.lock` is stale).",
        failing: [
            Example(
                [".github/workflows/ci.yml": CISupport.workflow("- run: uv sync", "- run: uv run pytest")], note: "re-resolves"),
            Example(
                [".github/workflows/ci.yml": CISupport.workflow("- run: pip install -r requirements.txt && pytest")],
                note: "requirements without hashes"),
            Example(
                [
                    ".github/workflows/ci.yml": CISupport.workflow(
                        "- run: |\n          cd servers/a\n          uv venv\n          uv pip install -e \".[dev]\"\n          ./test.sh"
                    ),
                    "servers/a/test.sh": "uv run pytest\n",
                    "servers/a/uv.lock": "version = 1\n",
                ], audit: "servers/a", note: "monorepo: an editable install that ignores the package's uv.lock"),
            Example(
                [
                    ".github/workflows/ci.yml": CISupport.workflow("- run: npm install", "- run: npm test"),
                    "package.json": "{}\n",
                ],
                note: "Node.js: npm install re-resolves"),
        ],
        passing: [
            Example([
                ".github/workflows/ci.yml": CISupport.workflow("- run: uv sync --locked --all-groups", "- run: uv run pytest")
            ]),
            Example(
                [
                    ".github/workflows/ci.yml":
                        "on: push\nenv:\n  UV_FROZEN: \"1\"\njobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n      - run: uv sync\n"
                ],
                note: "UV_FROZEN for the whole workflow"),
            Example(
                [
                    ".github/workflows/ci.yml": CISupport.workflow("- run: uv sync --frozen", "- run: uv run pytest"),
                    ".github/workflows/upgrade.yml": CISupport.workflow("- run: uv add \"awscli==$V\" && uv sync"),
                ], note: "an upgrade job without tests resolves afresh on purpose"),
            Example(
                [
                    ".github/workflows/ci.yml": CISupport.workflow("- run: pnpm install --frozen-lockfile", "- run: pnpm test"),
                    "package.json": "{}\n",
                ],
                note: "Node.js"),
            Example(
                [
                    ".github/workflows/ci.yml": CISupport.workflow("- run: python -m pip install -r requirements.lock"),
                    "requirements.lock":
                        "anyio==4.9.0 \\\n    --hash=sha256:673c0c244e15788651a4ff38710fea9675823028a6f08a5eda409e0c9840a028\n",
                ], note: "hash-pinned requirements"),
        ])

    func run(_ project: Project) -> CheckOutput {
        let pipeline: CIPipeline
        switch CIPipeline.require(project) {
        case .failure(let reason): return .skip(reason.message)
        case .success(let p): pipeline = p
        }
        var frozen: [CIPipeline.Command] = []
        var findings: [Finding] = []
        var commands = pipeline.expandedCommands(project)
        // The install that matters is the one the tests run on: in jobs that test, judge only those jobs
        // (a release or dependency-upgrade job may resolve afresh on purpose).
        let testing = Set(commands.filter { CIRecognize.isTests(CICommandLine.normalize($0.words)) }.map(Self.jobKey))
        if !testing.isEmpty { commands = commands.filter { testing.contains(Self.jobKey($0)) } }
        let explicit = commands.contains {
            Self.install(CICommandLine.normalize($0.words), project: project, cwd: $0.cwd) != nil
        }
        for command in commands {
            let words = CICommandLine.normalize(command.words)
            // Without an explicit install, `uv run` is the install (it syncs first).
            let verdict =
                Self.install(words, project: project, cwd: command.cwd)
                ?? (!explicit && words.first == "uv" && CICommandLine.subcommand(words) == "run" ? Self.uvFrozen(words) : nil)
            guard let verdict else { continue }
            if verdict || Self.frozenByEnv(command.env) {
                frozen.append(command)
            } else {
                findings.append(
                    Finding(
                        "\(command.display) installs without the lock being enforced: use \(Self.advice(words.first ?? ""))",
                        at: command.location))
            }
        }
        if !findings.isEmpty { return .from(findings, pass: "") }
        guard let first = frozen.first else {
            return .fail("no CI step installs the locked dependencies (`uv sync --frozen`)", at: pipeline.anchor)
        }
        return .pass("installs the locked dependencies: \(first.display) in \(first.location.display) (job \(first.job))")
    }

    /// nil: not a dependency install; true: installs exactly the lock; false: may re-resolve.
    static func install(_ w: [String], project: Project, cwd: String = "") -> Bool? {
        guard let program = w.first else { return nil }
        let sub = CICommandLine.subcommand(w)
        switch program {
        case "uv":
            if sub == "sync" { return uvFrozen(w) }
            if sub == "pip", w.count > 2, ["install", "sync"].contains(w[2]) {
                return pipInstall(Array(w.dropFirst(2)), project: project, cwd: cwd)
            }
            return nil
        case "pip", "pip3": return sub == "install" ? pipInstall(Array(w.dropFirst()), project: project, cwd: cwd) : nil
        case "pip-sync": return pipInstall(["sync", "-r"] + w.dropFirst(), project: project, cwd: cwd)
        case "poetry": return sub == "install" ? project.anyExists(RepoPath.join(cwd, "poetry.lock")) : nil
        case "npm", "pnpm", "yarn", "bun": return CIRecognize.isNodeProject(project) ? nodeInstall(w) : nil
        default: return nil
        }
    }

    static func advice(_ program: String) -> String {
        switch program {
        case "npm": return "`npm ci`"
        case "pnpm": return "`pnpm install --frozen-lockfile`"
        case "yarn": return "`yarn install --immutable`"
        case "bun": return "`bun install --frozen-lockfile`"
        default: return "`uv sync --frozen` (or --locked)"
        }
    }

    static func jobKey(_ c: CIPipeline.Command) -> String { c.workflow + "\u{0}" + c.job }

    /// Node package managers: nil for tool installs (`npm install -g pnpm`) and other subcommands.
    static func nodeInstall(_ w: [String]) -> Bool? {
        guard let program = w.first else { return nil }
        let sub = CICommandLine.subcommand(w)
        let packages = w.dropFirst(2).filter { !$0.hasPrefix("-") }
        if program == "npm" && sub == "ci" { return true }
        guard sub == "install" || sub == "i" || (program == "yarn" && sub == nil), packages.isEmpty,
            !CICommandLine.has(w, "-g", "--global")
        else { return nil }
        switch program {
        case "pnpm": return !CICommandLine.has(w, "--no-frozen-lockfile")
        case "yarn": return CICommandLine.has(w, "--immutable", "--frozen-lockfile")
        case "bun": return CICommandLine.has(w, "--frozen-lockfile")
        default: return false
        }
    }

    static func uvFrozen(_ w: [String]) -> Bool { CICommandLine.has(w, "--frozen", "--locked") }

    static func frozenByEnv(_ env: [String: String]) -> Bool {
        ["UV_FROZEN", "UV_LOCKED"].contains { name in
            env[name].map { !["", "0", "false", "no"].contains($0.lowercased()) } ?? false
        }
    }

    /// `pip install` of the project's requirements; named packages (`pip install uv`) are tools, not the project.
    static func pipInstall(_ w: [String], project: Project, cwd: String = "") -> Bool? {
        let args = Array(w.dropFirst())
        var files: [String] = []
        var projectInstall = false
        var i = 0
        while i < args.count {
            let a = args[i]
            if a == "-r" || a == "--requirement", i + 1 < args.count {
                files.append(args[i + 1])
                i += 1
            } else if a.hasPrefix("--requirement=") {
                files.append(String(a.dropFirst("--requirement=".count)))
            } else if a == "." || a.hasPrefix(".[") || a == "-e" || a.hasPrefix("./") {
                projectInstall = true
            } else if w.first == "sync", !a.hasPrefix("-") {
                files.append(a)
            }
            i += 1
        }
        guard !files.isEmpty || projectInstall else { return nil }
        if projectInstall { return false }
        if args.contains("--require-hashes") { return true }
        return files.allSatisfy { project.anyText(RepoPath.join(cwd, $0))?.contains("--hash=") ?? false }
    }
}
