import PreflightCore

struct DockerBytecode: StaticCheck {
    static let description = CheckDescription(
        id: "docker.bytecode", title: "Bytecode is compiled at build time", section: .docker, severity: .warning,
        rationale: """
            uv does not compile `.pyc` files by default; without them every cold start compiles the dependency tree \
            again, which shows up as slow starts on serverless and autoscaled deployments.
            """,
        remediation: "Set `ENV UV_COMPILE_BYTECODE=1` before `uv sync` (or pass `--compile-bytecode`).",
        failing: [Example(["Dockerfile": "FROM python:3.12-slim\nRUN uv sync --frozen\n"])],
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
            if !sawInstall { return .skip("no Python dependency installation in the Dockerfile") }
            return .from(findings, pass: "dependencies are byte-compiled at build time")
        }
    }
}
