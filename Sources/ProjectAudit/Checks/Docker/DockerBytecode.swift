import PreflightCore

struct DockerBytecode: StaticCheck {
    static let description = CheckDescription(
        id: "docker.bytecode", title: "Bytecode is compiled at build time", section: .docker, severity: .warning,
        rationale: """
            uv does not compile `.pyc` files by default; without them every cold start compiles the dependency tree \
            again, which shows up as slow starts on serverless and autoscaled deployments. Compiling and then deleting \
            the bytecode (`find . -name '*.pyc' -delete`, `rm -rf __pycache__`, `pyclean`) in a later step leaves the image \
            without it.
            """,
        remediation: "Set `ENV UV_COMPILE_BYTECODE=1` before `uv sync` (or pass `--compile-bytecode`).",
        failing: [
            Example(["Dockerfile": "FROM python:3.12-slim\nRUN uv sync --frozen\n"]),
            Example(
                [
                    "Dockerfile": """
                    FROM python:3.12-slim AS builder
                    ENV UV_COMPILE_BYTECODE=1
                    RUN uv sync --frozen --no-dev
                    RUN find /app/.venv -name '*.pyc' -delete && \\
                        find /app/.venv -name '__pycache__' -type d -exec rm -rf {} +
                    FROM python:3.12-slim
                    COPY --from=builder /app/.venv /app/.venv
                    """
                ], note: "compiled, then deleted"),
        ],
        passing: [
            Example(["Dockerfile": "FROM python:3.12-slim\nENV UV_COMPILE_BYTECODE=1 UV_LINK_MODE=copy\nRUN uv sync --frozen\n"]),
            Example(["Dockerfile": "FROM python:3.12-slim\nRUN uv sync --frozen --compile-bytecode\n"]),
            Example(
                ["Dockerfile": "FROM python:3.12-slim\nRUN pip install --no-cache-dir -r requirements.txt\n"],
                note: "pip compiles by default"),
        ])

    func run(_ project: Project) -> CheckOutput {
        switch DockerSupport.dockerfiles(project) {
        case .failure(let reason): return .skip(reason.message)
        case .success(let files):
            var findings: [Finding] = []
            var sawInstall = false
            for file in files {
                let compiled = file.instructions.contains { i in
                    let text = i.keyword == "RUN" ? DockerSupport.runText(i) : i.arguments
                    if i.keyword == "ENV" || i.keyword == "ARG" {
                        return KeyValueArguments.parse(i.arguments, legacySpaceForm: i.keyword == "ENV").contains {
                            $0.key == "UV_COMPILE_BYTECODE" && ["1", "true", "yes"].contains(($0.value ?? "").lowercased())
                        }
                    }
                    return i.keyword == "RUN"
                        && (text.contains("UV_COMPILE_BYTECODE=1") || text.contains("--compile-bytecode")
                            || text.contains("compileall"))
                }
                for i in file.instructions where i.keyword == "RUN" {
                    for command in ShellCommands.split(DockerSupport.runText(i)) {
                        guard case .some = DockerFrozenInstall.judge(command) else { continue }
                        sawInstall = true
                        let usesUV = command.hasPrefix("uv ") || command.contains(" uv ") || command.contains("/uv ")
                        let pipNoCompile = !usesUV && command.contains("--no-compile")
                        if (usesUV || pipNoCompile) && !compiled {
                            findings.append(
                                Finding(
                                    "\(file.path) installs with `\(command.prefix(60))` but never compiles bytecode",
                                    at: Location(file.path, line: i.line)))
                        }
                    }
                }
            }
            for file in files {
                // Bytecode deleted after the install (or after it was compiled) is gone from the image.
                guard let install = Self.lastInstallLine(file) else { continue }
                for i in file.instructions where i.keyword == "RUN" && i.line > install {
                    if let deletion = ShellCommands.split(DockerSupport.runText(i)).first(where: Self.deletesBytecode) {
                        findings.append(
                            Finding(
                                "\(file.path) deletes the compiled bytecode after installing (`\(deletion.prefix(70))`): every start compiles it again",
                                at: Location(file.path, line: i.line)))
                        break
                    }
                }
            }
            if !sawInstall { return .skip("no Python dependency installation in the Dockerfile") }
            return .from(findings, pass: "dependencies are byte-compiled at build time")
        }
    }

    static func lastInstallLine(_ file: Dockerfile) -> Int? {
        file.instructions.filter { i in
            i.keyword == "RUN"
                && ShellCommands.split(DockerSupport.runText(i)).contains {
                    if case .some = DockerFrozenInstall.judge($0) { return true } else { return false }
                }
        }.last?.line
    }

    /// `find … -name '*.pyc' -delete`, `find … -name __pycache__ -exec rm -rf`, `rm -rf …/__pycache__`, `pyclean`.
    static func deletesBytecode(_ command: String) -> Bool {
        let words = KeyValueArguments.shellWords(command)
        guard let program = words.first.map(CICommandLine.program) else { return false }
        let names = words.contains { $0.contains(".pyc") || $0.contains("__pycache__") || $0 == "*.py[co]" }
        switch program {
        case "find": return names && (words.contains("-delete") || words.contains("rm") || words.contains { $0.hasSuffix("/rm") })
        case "rm": return names
        case "pyclean", "py3clean": return true
        default: return false
        }
    }
}
