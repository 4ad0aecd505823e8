import PreflightCore

/// How a checklist line is decided.
public enum ChecklistCoverage: Sendable, Equatable {
    /// By these checks (their results combined).
    case checks([CheckID])
    /// By every item of these sections (`H2` or `H2 › H3`).
    case sections([String])
    /// By a person; the reason says why no program can decide it.
    case human(String)
}

/// Every line of the production checklist and what decides it: the data behind `preflight checklist`.
/// Keys are `section › item` exactly as the checklist writes them; a test holds the mapping to the
/// text (every item mapped, every key a real item) and to the catalogue (every check id on a line).
public enum ChecklistMapping {
    static let incident = "done during an incident, not before a release"
    static let remedy = "a remedy to apply when the issue shows, not a release gate"
    static let process = "a team process no file or probe shows"
    static let design = "a design decision that depends on the deployment"
    static let ops = "needs the production environment and its operators"

    /// Plain bullets that are checklist items too (the "Key Metrics to Track" list).
    static let bullets: Set<String> = Set(
        [
            "Tool call success rate (target: >99%)", "P95 response time (target: <100ms)", "P99 response time (target: <500ms)",
            "Error rate (target: <0.1%)", "Context window usage (target: <10%)", "Concurrent connections",
            "Cache hit rate (if applicable)",
        ].map { "Post-Deployment › Monitoring › " + $0 })

    public static let lines: [String: ChecklistCoverage] = {
        var m: [String: ChecklistCoverage] = [:]
        func add(_ section: String, _ items: [(String, ChecklistCoverage)]) {
            for (text, coverage) in items { m[section + ChecklistItem.separator + text] = coverage }
        }
        func c(_ ids: CheckID...) -> ChecklistCoverage { .checks(ids) }

        add(
            "Pre-Deployment › Code Quality",
            [
                ("All tests passing (`uv run pytest`)", c("code.tests-present", "code.tests-pass")),
                (
                    "Code linted and formatted (`uv run ruff check . && uv run ruff format .`)",
                    c("code.lint-clean", "code.format-clean")
                ),
                ("Type checking passes (`uv run mypy src/`)", c("code.typecheck-clean")),
                ("No security vulnerabilities in dependencies", c("code.dependency-vulnerabilities")),
                ("Error handling implemented for all tools", c("tools.invalid-input", "tools.error-flag")),
                ("Input validation with Pydantic models", c("code.tool-input-models", "tools.schema-valid")),
                ("Logging configured to stderr only", c("code.logging-stderr", "code.stdout-writes")),
                ("No hardcoded credentials or API keys", c("security.hardcoded-secret")),
            ])
        add(
            "Pre-Deployment › Configuration",
            [
                ("`uv.lock` committed to version control", c("config.lockfile", "config.lockfile-in-sync")),
                ("`.python-version` file specifies Python 3.10+", c("config.python-version-file")),
                ("`pyproject.toml` has correct `requires-python = \">=3.10\"`", c("config.requires-python")),
                ("All dependencies pinned with version constraints", c("config.dependencies-pinned")),
                ("Development dependencies separated (`[tool.uv.dev-dependencies]`)", c("config.dev-dependencies-separated")),
                ("Entry point configured in `[project.scripts]`", c("config.entry-point")),
            ])
        add(
            "Pre-Deployment › Documentation",
            [
                ("README.md with setup instructions", c("docs.readme-setup")),
                ("Tool descriptions clear and actionable for agents", c("docs.tool-descriptions")),
                ("Resource URI patterns documented", c("docs.resource-uri-patterns")),
                ("Environment variables documented", c("docs.env-vars")),
                ("Configuration examples provided", c("docs.config-example")),
                ("Troubleshooting guide included", c("docs.troubleshooting")),
            ])
        add(
            "Deployment Configuration › Claude Desktop Configuration",
            [
                (
                    "Use absolute paths (not relative)",
                    c("client.absolute-paths", "client.portable-paths", "client.command-exists")
                ),
                ("Use `uv` command with `--directory` flag", c("client.uv-directory")),
                ("Environment variables as strings (not numbers/booleans)", c("client.env-strings")),
                (
                    "Test configuration on actual Claude Desktop",
                    .human("needs the real app; `preflight doctor` starts each configured server the way Claude Desktop does")
                ),
            ])
        add(
            "Deployment Configuration › Environment Variables",
            [
                ("All secrets via environment variables", c("docker.no-secrets", "k8s.secrets")),
                ("No sensitive data in code or config files", c("security.hardcoded-secret", "env.dotenv-not-committed")),
                ("Document all required environment variables", c("docs.env-vars")),
                ("Provide `.env.example` template", c("env.example-file")),
                ("Validate environment variables on startup", c("env.validated-on-startup")),
            ])
        add(
            "Deployment Configuration › Docker Deployment",
            [
                ("Multi-stage Dockerfile for minimal image size", c("docker.multi-stage")),
                ("Non-root user configured", c("docker.non-root-user")),
                ("Health check endpoint implemented", c("docker.healthcheck")),
                ("`.dockerignore` excludes unnecessary files", c("docker.dockerignore")),
                ("Environment variables configurable", c("docker.exec-form-variables")),
                ("Volumes for persistent data (if needed)", .human(design)),
                ("Network configuration for service communication", .human(design)),
                ("Resource limits set (memory, CPU)", c("docker.compose-limits")),
            ])
        add(
            "Testing Before Production › Local Testing",
            [
                (
                    "Test with MCP Inspector: `npx @modelcontextprotocol/inspector python server.py`",
                    c(
                        "protocol.initialize", "protocol.version-negotiation", "protocol.ping", "protocol.capabilities",
                        "protocol.jsonrpc-errors", "protocol.notifications", "protocol.pagination", "protocol.notification-rate",
                        "modern.discover", "modern.meta-version", "modern.unsupported-version", "modern.result-type",
                        "modern.cacheable-lists", "modern.deterministic-tools", "modern.header-mismatch", "modern.log-opt-in",
                        "modern.server-info-meta", "modern.resource-not-found", "modern.x-mcp-header", "http.session-id",
                        "http.protocol-version-header", "http.transport-current")
                ),
                (
                    "Test with Claude Desktop locally",
                    .human("needs the real app; `preflight doctor` is the closest automated check")
                ),
                (
                    "Test all tools with various inputs",
                    c("tools.schema-valid", "tools.names-valid", "tools.output-schema", "tools.annotations")
                ),
                ("Test error conditions and edge cases", c("tools.invalid-input", "tools.error-masking", "tools.error-flag")),
                ("Test with `--frozen` flag: `uv run --frozen python server.py`", c("config.lockfile-in-sync")),
                ("Verify logs go to stderr only", c("stdio.stdout-clean")),
                ("Check memory usage under load", c("perf.memory-growth")),
                ("Test connection pooling (if applicable)", .human(design)),
            ])
        add(
            "Testing Before Production › Integration Testing",
            [
                (
                    "Test with actual external services (not mocks)",
                    .human("needs the real external services and their credentials")
                ),
                ("Test authentication and authorization", c("http.auth", "http.origin-validation")),
                ("Test timeout handling", .human("needs the slow or failing upstream services")),
                ("Test rate limiting", c("http.rate-limiting")),
                ("Test concurrent requests", c("perf.concurrency")),
                (
                    "Test graceful shutdown (SIGTERM/SIGINT)",
                    c("lifecycle.sigterm", "lifecycle.sigint", "lifecycle.stdin-close", "http.graceful-drain")
                ),
                ("Test restart resilience", c("lifecycle.restart", "lifecycle.crash")),
            ])
        add(
            "Testing Before Production › Performance Testing",
            [
                ("Measure context window usage (should be <10%)", c("perf.context-window", "tools.count")),
                ("Measure tool response times (P95 <100ms, P99 <500ms)", c("perf.latency")),
                ("Test with realistic data volumes", .human("needs production-like data")),
                ("Identify and optimize slow operations", .human("profiling and judgement")),
                ("Verify caching works correctly", .human(design)),
                ("Test connection pool efficiency", .human(design)),
            ])
        add(
            "Production Deployment › Server Configuration",
            [
                ("Use production Python version (3.10-3.13)", c("config.python-version-file", "config.requires-python")),
                ("Set `UV_COMPILE_BYTECODE=1` for faster startup", c("docker.bytecode")),
                ("Use `--frozen` flag to enforce lockfile", c("docker.frozen-install", "ci.frozen-sync")),
                ("Configure log level appropriately (INFO or WARNING)", c("logging.stderr-volume")),
                ("Set up log aggregation (if applicable)", .human(ops)),
                ("Configure monitoring and alerting", c("ops.monitoring")),
                ("Set up health check endpoint", c("docker.healthcheck", "k8s.probes", "http.health-endpoint")),
            ])
        add(
            "Production Deployment › Security Hardening",
            [
                ("Run as non-root user", c("docker.non-root-user", "k8s.non-root")),
                ("Minimal file system permissions", .human(ops)),
                ("Network isolation (if applicable)", c("k8s.network-policy")),
                ("API keys rotated regularly", .human(process)),
                ("HTTPS for HTTP transport", c("http.tls")),
                (
                    "Input validation on all tools",
                    c("code.tool-input-models", "tools.invalid-input", "security.shell-injection")
                ),
                (
                    "Error masking enabled: `FastMCP(..., mask_error_details=True)`",
                    c("security.error-masking-config", "tools.error-masking")
                ),
                ("SQL injection prevention (parameterized queries)", c("security.sql-injection")),
                ("Path traversal protection", c("security.path-traversal")),
                ("Rate limiting implemented", c("http.rate-limiting")),
            ])
        add(
            "Production Deployment › CI/CD Pipeline",
            [
                ("Automated testing on push", c("ci.pipeline", "ci.tests")),
                ("Automated linting and type checking", c("ci.lint", "ci.typecheck")),
                ("Security scanning for vulnerabilities", c("ci.security-scan")),
                ("Docker image building and scanning", c("ci.docker-build")),
                ("Automated deployment to staging", .human(ops)),
                ("Manual approval for production", .human(process)),
                ("Rollback procedure documented", c("ops.rollback-documented")),
            ])
        add(
            "Production Deployment › Deployment Process",
            [
                ("Deploy to staging first", c("ops.staging-verified")),
                ("Run smoke tests on staging", c("ops.staging-verified")),
                ("Monitor staging for 24-48 hours", c("ops.staging-verified", "ops.stability-soak")),
                ("Review logs for errors or warnings", .human(ops)),
                ("Check performance metrics", .human(ops)),
                ("Deploy to production with gradual rollout", .human(ops)),
                ("Monitor production closely for first hour", .human(ops)),
                ("Have rollback plan ready", c("ops.rollback-documented")),
            ])
        add(
            "Post-Deployment › Monitoring",
            [
                ("Set up uptime monitoring", .human(ops)),
                ("Monitor error rates", c("ops.monitoring")),
                ("Monitor response times", c("ops.monitoring")),
                ("Monitor resource usage (CPU, memory, disk)", .human(ops)),
                ("Set up alerts for anomalies", .human(ops)),
                ("Dashboard for key metrics", .human(ops)),
                ("Tool call success rate (target: >99%)", c("perf.success-rate")),
                ("P95 response time (target: <100ms)", c("perf.latency")),
                ("P99 response time (target: <500ms)", c("perf.latency")),
                ("Error rate (target: <0.1%)", c("perf.success-rate")),
                ("Context window usage (target: <10%)", c("perf.context-window")),
                ("Concurrent connections", .human(ops)),
                ("Cache hit rate (if applicable)", .human(ops)),
            ])
        add(
            "Post-Deployment › Logging",
            [
                ("Structured logging implemented", c("logging.structured")),
                ("Log aggregation configured", .human(ops)),
                ("Log retention policy set", .human(process)),
                ("Sensitive data not logged", c("logging.no-secret-leak")),
                ("Log levels appropriate (ERROR, WARN, INFO)", c("logging.structured", "logging.stderr-volume")),
                ("Request IDs for tracing", .human(design)),
            ])
        add(
            "Post-Deployment › Maintenance",
            [
                ("Regular dependency updates scheduled", .human(process)),
                ("Security patches applied promptly", c("code.dependency-vulnerabilities")),
                // A review compares with the last one: `--baseline` runs decide it, a team still reads them.
                ("Performance review monthly", c("perf.regression", "checks.regression")),
                ("Log review weekly", .human(process)),
                ("Incident response procedure documented", c("ops.runbook")),
                ("Backup and disaster recovery tested", .human(ops)),
            ])
        add(
            "Post-Deployment › Documentation Updates",
            [
                ("Deployment process documented", .human("where a team documents deployment varies too much to find it")),
                ("Runbook for common issues", c("ops.runbook")),
                ("Architecture diagrams current", .human(process)),
                ("API documentation updated", c("docs.tool-descriptions")),
                ("Change log maintained", c("ops.changelog")),
            ])
        add(
            "Platform-Specific Checklists › Docker Deployment",
            [
                ("Image size optimized (<500MB target)", c("docker.image-size")),
                ("Layers cached effectively", .human("build caching depends on the build system")),
                ("Base image from trusted source", c("docker.base-image-pinned", "k8s.image-pinned")),
                ("Security scanning passed", c("ci.security-scan")),
                ("Container restart policy configured", c("docker.compose-restart")),
                ("Resource limits set", c("docker.compose-limits")),
                ("Volume mounts for persistence", .human(design)),
                ("Network policies configured", .human(design)),
            ])
        add(
            "Platform-Specific Checklists › Kubernetes Deployment",
            [
                ("Deployment manifest with replicas", c("k8s.replicas")),
                ("Service for load balancing", c("k8s.service")),
                ("ConfigMap for configuration", c("k8s.configmap")),
                ("Secret for sensitive data", c("k8s.secrets")),
                ("Resource requests and limits", c("k8s.resources")),
                ("Liveness and readiness probes", c("k8s.probes")),
                ("Horizontal Pod Autoscaling (HPA)", c("k8s.hpa")),
                ("Pod Disruption Budget (PDB)", c("k8s.pdb")),
                ("Network policies for security", c("k8s.network-policy")),
            ])
        add(
            "Platform-Specific Checklists › Serverless Deployment (Lambda, Cloud Run)",
            [
                ("Cold start optimized (<5s)", c("perf.cold-start")),
                ("Memory allocation appropriate", c("serverless.memory")),
                ("Timeout configured", c("serverless.timeout")),
                ("Environment variables set", .human(ops)),
                ("IAM roles minimal permissions", .human(ops)),
                ("VPC configuration (if needed)", .human(design)),
                ("Concurrency limits set", c("serverless.concurrency")),
                ("Cost monitoring enabled", .human(ops)),
            ])
        add(
            "Rollback Procedure › Pre-Rollback",
            [
                ("Identify issue requiring rollback", .human(incident)), ("Document issue for post-mortem", .human(incident)),
                ("Notify stakeholders", .human(incident)), ("Prepare previous version", .human(incident)),
            ])
        add(
            "Rollback Procedure › Rollback Execution",
            [
                ("Stop new deployments", .human(incident)), ("Revert to previous version", .human(incident)),
                ("Verify rollback successful", .human(incident)), ("Monitor for stability", .human(incident)),
                ("Confirm issue resolved", .human(incident)),
            ])
        add(
            "Rollback Procedure › Post-Rollback",
            [
                ("Root cause analysis", .human(incident)), ("Document lessons learned", .human(incident)),
                ("Plan fix for next deployment", .human(incident)), ("Update procedures if needed", .human(incident)),
            ])
        add(
            "Common Production Issues › Issue: Server Not Connecting",
            [
                ("Path is absolute in configuration", c("client.absolute-paths", "client.portable-paths")),
                ("UV installed and in PATH", c("client.command-exists")),
                ("Python version correct (3.10+)", c("config.requires-python", "config.python-version-file")),
                ("Dependencies installed (`uv sync`)", c("protocol.initialize")),
                ("No syntax errors in server code", c("project.files-parse")),
                ("Logs for error messages", .human("read the client's logs; `preflight doctor` shows each server's stderr tail")),
            ])
        add(
            "Common Production Issues › Issue: High Context Usage",
            [
                ("Reduce number of tools (target: 10-15 max)", c("tools.count")),
                ("Optimize tool descriptions (concise but clear)", c("perf.context-window", "docs.tool-descriptions")),
                ("Consider CLI/scripts alternative", .human(remedy)),
                ("Implement progressive disclosure with prompts", .human(remedy)),
            ])
        add(
            "Common Production Issues › Issue: Slow Response Times",
            [
                ("Enable connection pooling", .human(remedy)), ("Implement caching", .human(remedy)),
                ("Use async/await properly", .human(remedy)), ("Reduce external API calls", .human(remedy)),
                ("Profile and optimize bottlenecks", .human(remedy)),
            ])
        add(
            "Common Production Issues › Issue: Memory Leaks",
            [
                ("Close connections properly", .human(remedy)), ("Clear caches periodically", .human(remedy)),
                ("No circular references", .human(remedy)), ("Monitor memory usage over time", c("perf.memory-growth")),
                ("Use `lifespan` for cleanup", .human(remedy)),
            ])
        add(
            "Common Production Issues › Issue: Authentication Failures",
            [
                ("Environment variables set correctly", c("env.validated-on-startup")),
                ("API keys valid and not expired", .human(ops)), ("Permissions configured properly", .human(ops)),
                ("Network access allowed", .human(ops)), ("SSL/TLS certificates valid", .human(ops)),
            ])
        add(
            "Final Checklist Summary",
            [
                ("All pre-deployment checks passed", .sections(["Pre-Deployment"])),
                ("Staging deployment successful", c("ops.staging-verified")),
                ("Production deployment successful", .human(ops)),
                ("Monitoring configured and active", c("ops.monitoring")),
                (
                    "Documentation complete and current",
                    .sections(["Pre-Deployment › Documentation", "Post-Deployment › Documentation Updates"])
                ),
                ("Team trained on operations", c("ops.team-trained")),
                ("Rollback procedure tested", c("ops.rollback-tested")),
                ("Post-deployment review scheduled", c("ops.post-deploy-review")),
            ])
        return m
    }()

    /// What decides each line of the closing "Success Criteria" block.
    public static let criteria: [String: ChecklistCoverage] = [
        "All tests passing": .checks(["code.tests-present", "code.tests-pass", "ci.tests"]),
        "Security hardened": .sections(["Production Deployment › Security Hardening"]),
        "Monitoring in place": .sections(["Post-Deployment › Monitoring"]),
        "Documentation complete": .sections(["Pre-Deployment › Documentation", "Post-Deployment › Documentation Updates"]),
        "Team trained": .checks(["ops.team-trained"]),
        "Rollback tested": .checks(["ops.rollback-tested"]),
        "Performance validated": .sections(["Testing Before Production › Performance Testing"]),
        "24-hour stability confirmed": .checks(["ops.stability-soak"]),
    ]
}
