import PreflightCore

/// What a normalized command (see `CICommandLine`) does, for the ci.* checks.
enum CIRecognize {
    /// Node.js tools: they test, lint or type-check a Node.js server, not a Python one beside a web UI.
    static let nodeTools: Set<String> = [
        "vitest", "jest", "mocha", "ava", "tap", "playwright", "node", "bun", "deno", "eslint", "oxlint", "xo", "standard",
        "biome", "tsc", "vue-tsc", "tsgo", "npm", "pnpm", "yarn",
    ]

    /// Whether the project is a Node.js package (package.json at its top and no Python packaging there).
    static func isNodeProject(_ project: Project) -> Bool {
        project.exists("package.json") && !project.exists("pyproject.toml") && !project.exists("setup.py")
            && !project.exists("setup.cfg")
    }

    /// Whether a hit of `command` counts for the project: Node.js tools only for a Node.js server.
    static func counts(_ words: [String], for project: Project) -> Bool {
        guard let program = words.first, nodeTools.contains(program) else { return true }
        return isNodeProject(project)
    }

    static func isTests(_ w: [String]) -> Bool {
        guard let p = w.first else { return false }
        switch p {
        case "pytest", "py.test", "unittest", "ward": return true
        // JavaScript and TypeScript servers.
        case "vitest", "jest", "mocha", "ava", "tap", "playwright": return !CICommandLine.has(w, "--version", "--help")
        case "node": return w.contains("--test")
        case "bun", "deno": return CICommandLine.subcommand(w) == "test"
        case "tox", "nox": return envNames(w).isEmpty || envNames(w).contains { $0.contains("test") || $0.hasPrefix("py") }
        case "hatch": return CICommandLine.subcommand(w) == "test"
        default: return false
        }
    }

    static let linters: Set<String> = [
        "flake8", "pylint", "pyflakes", "pycodestyle", "prospector", "pylama", "ruff-check", "eslint", "oxlint", "xo",
        "standard",
    ]

    static func isLint(_ w: [String]) -> Bool {
        guard let p = w.first else { return false }
        if linters.contains(p) { return true }
        if p == "ruff" {
            // `ruff check`, or the pre-0.1 `ruff .`; `ruff format` only formats.
            let sub = CICommandLine.subcommand(w)
            return sub == nil || sub == "check"
                || !["format", "server", "version", "rule", "config", "linter", "clean", "analyze"]
                    .contains(sub ?? "")
        }
        if p == "tox" || p == "nox" {
            return envNames(w).contains { $0.contains("lint") || $0.contains("ruff") || $0.contains("flake8") }
        }
        if p == "biome" { return ["lint", "check", "ci"].contains(CICommandLine.subcommand(w) ?? "") }
        return false
    }

    static func isTypecheck(_ w: [String]) -> Bool {
        guard let p = w.first else { return false }
        switch p {
        case "mypy", "pyright", "basedpyright", "pytype", "pyre", "dmypy": return true
        case "tsc", "vue-tsc", "tsgo": return !CICommandLine.has(w, "--version", "--init", "--help", "--noCheck")
        case "ty": return CICommandLine.subcommand(w) == "check"
        case "tox", "nox": return envNames(w).contains { $0.contains("type") || $0.contains("mypy") || $0.contains("pyright") }
        default: return false
        }
    }

    /// Dependency and image vulnerability scanners. Static analysers of the code (CodeQL, bandit,
    /// semgrep) are not: they do not know which released versions have advisories.
    static func isSecurityScan(_ w: [String]) -> Bool {
        guard let p = w.first else { return false }
        switch p {
        case "pip-audit", "trivy", "grype", "osv-scanner", "safety": return true
        case "snyk": return ["test", "monitor", "container"].contains(CICommandLine.subcommand(w) ?? "")
        case "uv": return CICommandLine.subcommand(w) == "audit"
        case "docker": return CICommandLine.subcommand(w) == "scout"
        case "npm", "pnpm", "yarn", "bun": return CICommandLine.subcommand(w) == "audit"
        default: return false
        }
    }

    static let scanActions = [
        "aquasecurity/trivy-action", "anchore/scan-action", "pypa/gh-action-pip-audit", "snyk/actions",
        "google/osv-scanner-action", "docker/scout-action", "actions/dependency-review-action",
        "gitlab-template:security/dependency-scanning", "gitlab-template:jobs/dependency-scanning",
        "gitlab-template:security/container-scanning", "gitlab-template:jobs/container-scanning",
        "gitlab-component:", "gitlab-remote:",
    ]

    static func isScanAction(_ name: String) -> Bool {
        scanActions.contains { prefix in
            guard name.hasPrefix(prefix) else { return false }
            // Components and remote includes count only when they name a scanner.
            return !prefix.hasSuffix(":") || name.contains("dependency-scanning") || name.contains("container-scanning")
        }
    }

    static func isDockerBuild(_ w: [String]) -> Bool {
        guard let p = w.first else { return false }
        let args = w.dropFirst().filter { !$0.hasPrefix("-") }.map { $0.lowercased() }
        switch p {
        case "docker", "podman", "nerdctl":
            guard let first = args.first else { return false }
            if first == "build" { return true }
            return ["buildx", "image", "compose", "builder"].contains(first)
                && args.dropFirst().first.map { ["build", "bake"].contains($0) } == true
        case "buildah": return args.first == "bud" || args.first == "build"
        case "depot": return args.first == "build" || args.first == "bake"
        case "executor": return CICommandLine.has(w, "--dockerfile", "--context")  // /kaniko/executor
        default: return false
        }
    }

    static let buildActions = [
        "docker/build-push-action", "docker/bake-action", "redhat-actions/buildah-build", "depot/build-push-action",
    ]

    /// `tox -e lint,type`, `nox -s tests`.
    static func envNames(_ w: [String]) -> [String] {
        var names: [String] = []
        var i = 1
        while i < w.count {
            let word = w[i]
            if ["-e", "-s", "--session", "--sessions", "-m"].contains(word), i + 1 < w.count {
                names += w[i + 1].split(separator: ",").map { $0.lowercased() }
                i += 2
                continue
            }
            if word.hasPrefix("-e") && word.count > 2 { names += word.dropFirst(2).split(separator: ",").map { $0.lowercased() } }
            i += 1
        }
        return names
    }
}
