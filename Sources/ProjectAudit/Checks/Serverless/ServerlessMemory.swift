import PreflightCore

struct ServerlessMemory: StaticCheck {
    static let description = CheckDescription(
        id: "serverless.memory", title: "Memory is set explicitly", section: .serverless, severity: .warning,
        rationale: """
            The checklist's "Memory allocation appropriate": Lambda's default 128 MB (and CPU, which scales with it) \
            makes a Python MCP server's cold start slow and OOMs on a large tool result; Cloud Run's default 512 MiB \
            may be too much or too little. An explicit value is one that was measured.
            """,
        remediation: """
            Cloud Run: `resources: {limits: {memory: 512Mi}}` on each container; SAM: `Globals: {Function: \
            {MemorySize: 512}}` (or `Properties.MemorySize`); serverless.yml: `provider.memorySize: 512`.
            """,
        failing: [
            Example(["service.yaml": ServerlessExamples.cloudRun(memory: nil)]),
            Example(["template.yaml": ServerlessExamples.sam(globals: "Timeout: 30")]),
            Example(["serverless.yml": ServerlessExamples.serverlessYML(provider: "timeout: 30")]),
        ],
        passing: [
            Example(["service.yaml": ServerlessExamples.cloudRun()]),
            Example(["template.yaml": ServerlessExamples.sam(globals: "MemorySize: 512")]),
            Example(
                ["serverless.yml": ServerlessExamples.serverlessYML(function: "memorySize: 1024")], note: "per function"),
        ])

    func run(_ project: Project) -> CheckOutput {
        ServerlessSupport.check(project, pass: "every function and service sets its memory") { unit in
            unit.memory.filter { !ServerlessUnit.isSet($0.value) }.map { entry in
                let setting: String
                switch unit.platform {
                case .cloudRun:
                    let container = entry.container.map { "container `\($0)` of " } ?? ""
                    return Finding(
                        "\(container)\(unit.display) sets no resources.limits.memory (Cloud Run defaults to 512 MiB)",
                        at: unit.location)
                case .sam, .lambda: setting = "MemorySize (Lambda defaults to 128 MB)"
                case .serverlessFramework: setting = "memorySize (the framework defaults to 1024 MB)"
                }
                return Finding("\(unit.display) sets no \(setting)", at: unit.location)
            }
        }
    }
}
