/// The Dockerfile and `.dockerignore` `preflight init` writes: multi-stage, locked install, bytecode
/// compiled at build time, pinned base image, unprivileged user, a HEALTHCHECK for HTTP servers.
enum DockerTemplates {
    /// The uv image the build stage copies uv from (pinned, like the base image).
    static let uvImage = "ghcr.io/astral-sh/uv:0.9.8"

    static func dockerfile(_ f: ProjectFacts) -> String {
        let base = "python:\(f.pythonVersion)-slim"
        var out = """
            # Written by `preflight init` for \(f.name); edit freely.
            # Build: docker build -t \(f.slug):\(f.version) .

            """
        out +=
            f.servesHTTP
            ? "# Run:   docker run --rm -p 127.0.0.1:\(f.port):\(f.port) --env-file .env \(f.slug):\(f.version)\n"
            : "# Run:   docker run --rm -i --env-file .env \(f.slug):\(f.version)   (a stdio server: the client talks on stdin/stdout)\n"
        out += "\n"
        switch f.manager {
        case .uv: out += uvBuilder(f, base: base)
        case .pip: out += pipBuilder(f, base: base)
        }
        out += """

            # ---- runtime: the environment only, no build tools, unprivileged user ----
            FROM \(base)

            RUN groupadd --system --gid 10001 app \\
                && useradd --system --uid 10001 --gid app --no-create-home --shell /usr/sbin/nologin app

            WORKDIR /app

            """
        if f.packaged {
            out += "COPY --from=builder --chown=app:app /app/.venv /app/.venv\n"
        } else {
            out += "# The project is not installed as a package: its source runs from /app.\n"
            out += "COPY --from=builder --chown=app:app /app /app\n"
        }
        if !f.containerSettings.isEmpty { out += "\n# The server's own listener, on all interfaces inside the container.\n" }
        var env = [("PATH", "\"/app/.venv/bin:$PATH\""), ("PYTHONUNBUFFERED", "1")]
        env += f.containerSettings.map { ($0.0, $0.1) }
        out += "\nENV " + env.map { "\($0.0)=\($0.1)" }.joined(separator: " \\\n    ") + "\n"
        if f.servesHTTP { out += "\nEXPOSE \(f.port)\n" }
        // Numeric: Kubernetes can verify runAsNonRoot only for a numeric user (and hadolint DL3066 asks for it).
        out += "\nUSER 10001:10001\n\n"
        if f.servesHTTP {
            out += "HEALTHCHECK --interval=30s --timeout=5s --start-period=15s --retries=3 \\\n    CMD \(healthcheck(f))\n\n"
        } else {
            out += """
                # No HEALTHCHECK: a stdio server serves one client over stdin/stdout and has no endpoint to probe;
                # the client sees its health directly.
                # preflight: ignore-file[docker.healthcheck] stdio server: no endpoint to probe, the client watches the process


                """
        }
        out += "CMD [" + f.imageCommand.map { "\"\($0)\"" }.joined(separator: ", ") + "]\n"
        return out
    }

    static func uvBuilder(_ f: ProjectFacts, base: String) -> String {
        let install = f.packaged ? "uv sync --frozen --no-dev --no-editable" : "uv sync --frozen --no-dev"
        return """
            # ---- builder: install the locked dependencies into /app/.venv ----
            FROM \(base) AS builder

            COPY --from=\(uvImage) /uv /uvx /bin/

            ENV UV_COMPILE_BYTECODE=1 UV_LINK_MODE=copy UV_PYTHON_DOWNLOADS=never

            WORKDIR /app

            # Dependencies first: this layer is reused until uv.lock or pyproject.toml change.
            RUN --mount=type=cache,target=/root/.cache/uv \\
                --mount=type=bind,source=uv.lock,target=uv.lock \\
                --mount=type=bind,source=pyproject.toml,target=pyproject.toml \\
                uv sync --frozen --no-dev --no-install-project

            COPY . /app
            RUN --mount=type=cache,target=/root/.cache/uv \\
                \(install)

            """
    }

    static func pipBuilder(_ f: ProjectFacts, base: String) -> String {
        var out = """
            # ---- builder: install the pinned requirements into /app/.venv ----
            FROM \(base) AS builder

            ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1

            WORKDIR /app

            COPY requirements.txt ./
            RUN python -m venv /app/.venv \\
                && /app/.venv/bin/pip install --no-cache-dir -r requirements.txt

            COPY . /app

            """
        if f.packaged {
            out +=
                "RUN /app/.venv/bin/pip install --no-cache-dir --no-deps . \\\n    && /app/.venv/bin/python -m compileall -q /app/.venv\n"
        } else {
            out += "RUN /app/.venv/bin/python -m compileall -q /app\n"
        }
        return out
    }

    /// Exec form, with Python's own standard library (no curl in slim images).
    static func healthcheck(_ f: ProjectFacts) -> String {
        let code: String
        if let path = f.healthPath {
            code = "import urllib.request; urllib.request.urlopen('http://127.0.0.1:\(f.port)\(path)', timeout=3)"
        } else {
            // No health route in the code: a TCP connect tells the port accepts connections.
            code = "import socket; socket.create_connection(('127.0.0.1', \(f.port)), timeout=3).close()"
        }
        return "[\"python\", \"-c\", \"\(code)\"]"
    }

    static let dockerignore = """
        # Written by `preflight init`: keep the build context small and secrets out of the image.
        .git
        .gitignore
        .github
        .venv
        venv
        .env
        .env.*
        !.env.example
        __pycache__
        **/__pycache__
        *.py[cod]
        .pytest_cache
        .mypy_cache
        .ruff_cache
        .coverage
        htmlcov
        build
        dist
        *.egg-info
        tests
        deploy
        Dockerfile
        .dockerignore

        """
}
