import PreflightCore

struct Monitoring: StaticCheck {
    static let modules = [
        "prometheus_client", "opentelemetry", "sentry_sdk", "ddtrace", "datadog", "logfire", "statsd", "newrelic", "elasticapm",
        "aioprometheus", "prometheus_fastapi_instrumentator", "starlette_exporter",
    ]
    static let packages = [
        "prometheus-client", "prometheus_client", "opentelemetry", "sentry-sdk", "ddtrace", "datadog", "logfire", "statsd",
        "newrelic", "elastic-apm", "aioprometheus", "prometheus-fastapi-instrumentator", "starlette-exporter",
    ]

    /// npm packages of metrics, tracing and error-tracking SDKs (Sentry's are the server SDKs, not
    /// every `@sentry/` package: a project of that scope is not instrumented by its name).
    static let npmPackages: Set<String> = [
        "prom-client", "dd-trace", "newrelic", "elastic-apm-node", "hot-shots", "node-statsd", "express-prom-bundle",
        "applicationinsights", "@vercel/otel", "@pydantic/logfire-node", "@sentry/node", "@sentry/bun", "@sentry/deno",
        "@sentry/cloudflare", "@sentry/aws-serverless", "@sentry/google-cloud-serverless", "@sentry/nestjs",
        "@sentry/nextjs", "@sentry/core",
    ]
    static let npmScopes = ["@opentelemetry/", "@datadog/", "@newrelic/", "@honeycombio/"]

    static func isNPMMonitoring(_ name: String) -> Bool {
        npmPackages.contains(name) || npmScopes.contains { name.hasPrefix($0) }
    }

    static let description = CheckDescription(
        id: "ops.monitoring", title: "Metrics or tracing are wired", section: .operations, severity: .warning,
        rationale:
            """
            Success rate, p95 latency and memory are the numbers that show a failing deploy; they need \
            instrumentation to exist. Read: Python imports and `pyproject.toml` dependencies, the runtime \
            `dependencies` of `package.json` and of the workspace packages it depends on, and Prometheus Operator \
            objects.
            """,
        remediation:
            """
            Expose metrics (`prometheus_client`, `prom-client`) or traces (OpenTelemetry, Sentry), or ship a \
            ServiceMonitor; or attest the platform-level monitoring.
            """,
        failing: [
            Example([
                "src/app/server.py": "import logging\nlogging.basicConfig()\n",
                "pyproject.toml": "[project]\nname = \"a\"\ndependencies = [\"mcp>=1\"]\n",
            ]),
            Example(
                [
                    "package.json": """
                    {"name": "@sentry/weather-mcp", "dependencies": {"@modelcontextprotocol/sdk": "^1.20.0"},
                     "devDependencies": {"@sentry/node": "^9.0.0"}}
                    """
                ], note: "the package's own scope is not an SDK; a dev-only SDK does not ship"),
        ],
        passing: [
            Example(["src/app/server.py": "from prometheus_client import Counter\nCALLS = Counter('calls', 'tool calls')\n"]),
            Example(["pyproject.toml": "[project]\nname = \"a\"\ndependencies = [\"mcp>=1\", \"opentelemetry-sdk>=1.20\"]\n"]),
            Example(["k8s/monitor.yaml": "apiVersion: monitoring.coreos.com/v1\nkind: ServiceMonitor\nmetadata:\n  name: srv\n"]),
            Example(
                ["package.json": "{\"name\": \"srv\", \"dependencies\": {\"@sentry/node\": \"^9.0.0\", \"zod\": \"^3\"}}\n"],
                note: "npm: a Sentry server SDK"),
            Example(
                [
                    "package.json": "{\"workspaces\": [\"packages/*\"]}\n",
                    "packages/srv/package.json":
                        "{\"name\": \"@acme/srv\", \"dependencies\": {\"@acme/metrics\": \"workspace:*\"}}\n",
                    "packages/metrics/package.json":
                        "{\"name\": \"@acme/metrics\", \"dependencies\": {\"prom-client\": \"^15.1.0\"}}\n",
                ], audit: "packages/srv", note: "npm monorepo: a workspace package wraps prom-client"),
        ])

    func run(_ project: Project) -> CheckOutput {
        for file in project.serverPythonFiles {
            if let m = file.imports.first(where: { imp in Self.modules.contains { imp == $0 || imp.hasPrefix($0 + ".") } }
            ) {
                return .pass("\(file.path) imports \(m)")
            }
        }
        let deps = (project.pyproject?["project"]?["dependencies"]?.arrayValue ?? []).compactMap(\.stringValue)
        if let d = deps.first(where: { dep in Self.packages.contains { dep.lowercased().hasPrefix($0) } }) {
            return .pass("pyproject.toml depends on \(d)")
        }
        if let hit = NodePackages(project).firstDependency(where: Self.isNPMMonitoring) {
            let manifest = hit.via.last ?? "package.json"
            let workspace = hit.via.count > 1 ? " (a workspace package that package.json depends on)" : ""
            return .pass("\(manifest) depends on \(hit.dependency)\(workspace)")
        }
        for (path, docs) in project.yaml.sorted(by: { $0.key < $1.key }) {
            for doc in docs {
                if let kind = doc["kind"]?.string, ["ServiceMonitor", "PodMonitor", "PrometheusRule"].contains(kind) {
                    return .pass("\(path) declares a \(kind)")
                }
            }
        }
        return .fail(
            "no metrics or tracing library, and no ServiceMonitor/PodMonitor",
            at: Location(project.exists("pyproject.toml") ? "pyproject.toml" : (project.readme?.path ?? "README.md"), line: 1))
    }
}
