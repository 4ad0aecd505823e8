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

    static let description = CheckDescription(
        id: "ops.monitoring", title: "Metrics or tracing are wired", section: .operations, severity: .warning,
        rationale:
            "Success rate, p95 latency and memory are the numbers that show a failing deploy; they need instrumentation to exist.",
        remediation:
            "Expose metrics (`prometheus_client`) or traces (OpenTelemetry), or ship a ServiceMonitor; or attest the platform-level monitoring.",
        failing: [
            Example([
                "src/app/server.py": "import logging\nlogging.basicConfig()\n",
                "pyproject.toml": "[project]\nname = \"a\"\ndependencies = [\"mcp>=1\"]\n",
            ])
        ],
        passing: [
            Example(["src/app/server.py": "from prometheus_client import Counter\nCALLS = Counter('calls', 'tool calls')\n"]),
            Example(["pyproject.toml": "[project]\nname = \"a\"\ndependencies = [\"mcp>=1\", \"opentelemetry-sdk>=1.20\"]\n"]),
            Example(["k8s/monitor.yaml": "apiVersion: monitoring.coreos.com/v1\nkind: ServiceMonitor\nmetadata:\n  name: srv\n"]),
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
