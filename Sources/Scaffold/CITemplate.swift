/// The GitHub Actions workflow `preflight init --ci` writes: locked install, lint, format, type
/// check, tests, a dependency audit and the image build.
enum CITemplate {
    static let uvVersion = "0.9.8"

    /// `dockerfile`: the image to build, when the project has (or gets) one.
    static func workflow(_ f: ProjectFacts, dockerfile: String?) -> String {
        var out = """
            # Written by `preflight init`: the checklist's CI/CD pipeline. Edit freely.
            name: CI

            on:
              push:
                branches: [main]
              pull_request:

            permissions:
              contents: read

            jobs:
              test:
                runs-on: ubuntu-latest
                steps:
                  - uses: actions/checkout@v5

            """
        switch f.manager {
        case .uv:
            // A tool that is not a dev dependency runs in the project's environment all the same.
            func run(_ tool: String, _ args: String, needsProject: Bool) -> String {
                if f.devTools.contains(tool) { return "uv run \(tool) \(args)" }
                return needsProject ? "uv run --with \(tool) \(tool) \(args)" : "uvx \(tool) \(args)"
            }
            out += """
                      - uses: astral-sh/setup-uv@v7
                        with:
                          version: "\(uvVersion)"
                          python-version: "\(f.pythonVersion)"
                      - run: uv sync --frozen
                      - run: \(run("ruff", "check .", needsProject: false))
                      - run: \(run("ruff", "format --check .", needsProject: false))
                      - run: \(run("mypy", f.typecheckTarget, needsProject: true))
                      - run: \(run("pytest", "", needsProject: true).trimmingCharacters(in: .whitespaces))
                      - name: Audit dependencies
                        run: |
                          uv export --frozen --no-dev --no-emit-project --format requirements-txt -o requirements-audit.txt
                          uvx pip-audit --strict -r requirements-audit.txt

                """
        case .pip:
            out += """
                      - uses: actions/setup-python@v6
                        with:
                          python-version: "\(f.pythonVersion)"
                      - run: python -m pip install -r requirements.txt
                      - run: python -m pip install ruff mypy pytest pip-audit
                      - run: ruff check .
                      - run: ruff format --check .
                      - run: mypy \(f.typecheckTarget)
                      - run: pytest
                      - run: pip-audit --strict -r requirements.txt

                """
        }
        if let dockerfile {
            let file = dockerfile == "Dockerfile" ? "" : " -f \(dockerfile)"
            out += """

                  docker:
                    needs: test
                    runs-on: ubuntu-latest
                    steps:
                      - uses: actions/checkout@v5
                      - run: docker build\(file) -t \(f.slug):ci .

                """
        }
        return out
    }
}
