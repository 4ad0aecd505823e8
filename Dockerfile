# syntax=docker/dockerfile:1
# MCP Preflight as a container: runs `preflight` on a project mounted at /project.
#   ./scripts/release.sh                       # puts dist/preflight-linux-amd64 (and -arm64 when built)
#   docker build -t mcp-preflight .
#   docker run --rm -v "$PWD:/project:ro" mcp-preflight check /project --format markdown
# The image copies the release binary the wheel carries; nothing is compiled here.

# ---- binary: the self-contained release binary, proved to run on a base without any Swift toolchain ----
FROM debian:12.12-slim AS binary
ARG TARGETARCH=amd64
COPY --chmod=755 dist/preflight-linux-${TARGETARCH} /out/preflight
RUN ["/out/preflight", "--version"]

# ---- runtime: Python (Preflight parses Python projects with Python's own ast), unprivileged user ----
FROM python:3.13.9-slim-bookworm

RUN groupadd --system --gid 10001 preflight \
    && useradd --system --uid 10001 --gid preflight --create-home --shell /usr/sbin/nologin preflight

COPY --from=binary /out/preflight /usr/local/bin/preflight

# Numeric, so the host and Kubernetes (runAsNonRoot) can tell it is not root.
USER 10001:10001
WORKDIR /project

# A command-line tool, not a service: there is nothing to probe between runs.
HEALTHCHECK NONE

ENTRYPOINT ["preflight"]
CMD ["check", "/project"]
