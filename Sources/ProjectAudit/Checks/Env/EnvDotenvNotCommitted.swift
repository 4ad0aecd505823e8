import PreflightCore

struct EnvDotenvNotCommitted: StaticCheck {
    /// Name parts that mark a template holding placeholders, meant to be committed.
    static let templateMarkers: Set<String> = ["example", "examples", "sample", "samples", "template", "tmpl", "tpl", "dist"]

    static let description = CheckDescription(
        id: "env.dotenv-not-committed", title: "No .env file is committed", section: .environment, severity: .error,
        rationale: """
            A committed `.env` puts real credentials in every clone, fork, CI cache and image build context, and they \
            stay in git history after the file is deleted. Local `.env` files are normal; they must simply stay out \
            of version control, with `.env.example` as the committed template.
            """,
        remediation: """
            `git rm --cached .env`, add `.env` and `.env.*` (with `!.env.example`) to `.gitignore`, rotate every \
            credential the file held, and purge it from history if the repository was ever shared.
            """,
        failing: [
            Example([".env": "API_KEY=abc\n", "server.py": "x = 1\n"], tracked: [".env", "server.py"]),
            Example(
                [
                    ".env.production": "DATABASE_URL=postgres://u:p@db/app\n", "deploy/.env": "TOKEN=x\n",
                    ".env.example": "DATABASE_URL=\n",
                ],
                tracked: [".env.production", "deploy/.env", ".env.example"]),
        ],
        passing: [
            Example(
                [".env": "API_KEY=abc\n", ".env.example": "API_KEY=\n", ".gitignore": ".env\n"],
                tracked: [".env.example", ".gitignore"], note: "a local, untracked .env is fine"),
            Example(
                [
                    ".env.example": "API_KEY=\n", ".env.sample": "A=\n", ".env.template": "A=\n", ".env.dist": "A=\n",
                    ".env.local.example": "A=\n", ".envrc.md": "x\n",
                ],
                tracked: [".env.example", ".env.sample", ".env.template", ".env.dist", ".env.local.example", ".envrc.md"]),
        ])

    func run(_ project: Project) -> CheckOutput {
        guard let tracked = project.gitTracked else {
            return .skip("not a git work tree (or git is not installed): cannot tell whether a .env file is committed")
        }
        let findings = tracked.filter(Self.isDotenv).sorted().map { path in
            let keys = DotEnvFile(path: path, text: project.text(path) ?? "").entries.map(\.key)
            let secret = keys.filter(SecretNames.looksSecret)
            var detail = keys.isEmpty ? "" : " (\(keys.count) variable\(keys.count == 1 ? "" : "s")"
            if !keys.isEmpty {
                detail += secret.isEmpty ? ")" : ", including \(secret.prefix(3).map { "`\($0)`" }.joined(separator: ", ")))"
            }
            if ProjectPaths.isTestPath(path) {
                return Finding(
                    "\(path) is tracked by git\(detail); it is under a test folder, so make sure it holds only fake values",
                    at: Location(path, line: 1), status: .warn)
            }
            return Finding(
                "\(path) is tracked by git\(detail): its values are in every clone and in history", at: Location(path, line: 1))
        }
        return .from(findings, pass: "no .env file is tracked by git")
    }

    /// `.env`, `.env.local`, `.env.production`, `config/.env`; not `.env.example`, `.env.local.sample`, `.envrc`.
    static func isDotenv(_ path: String) -> Bool {
        let name = path.split(separator: "/").last.map(String.init) ?? path
        guard name == ".env" || name.hasPrefix(".env.") else { return false }
        let parts = name.lowercased().split(separator: ".").dropFirst()
        return !parts.contains { templateMarkers.contains(String($0)) }
    }
}
