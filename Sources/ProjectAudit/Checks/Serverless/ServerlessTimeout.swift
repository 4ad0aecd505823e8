import PreflightCore

struct ServerlessTimeout: StaticCheck {
    static let description = CheckDescription(
        id: "serverless.timeout", title: "A timeout is configured", section: .serverless, severity: .warning,
        rationale: """
            The checklist's "Timeout configured": platform defaults fit nobody's MCP server. Lambda stops a function \
            after 3 seconds (Serverless Framework: 6), too short for a slow tool call; Cloud Run waits 300 seconds, \
            long enough for a hung call to hold an instance. Set it from the slowest tool's budget.
            """,
        remediation: """
            Cloud Run: `spec.template.spec.timeoutSeconds: 60`; SAM: `Globals: {Function: {Timeout: 30}}` (or the \
            function's `Properties.Timeout`); serverless.yml: `provider.timeout: 30` (or per function `timeout`).
            """,
        failing: [
            Example(["service.yaml": ServerlessExamples.cloudRun(timeout: nil)], note: "Cloud Run without timeoutSeconds"),
            Example(["template.yaml": ServerlessExamples.sam(properties: "MemorySize: 512")], note: "SAM, defaults to 3 s"),
            Example(["serverless.yml": ServerlessExamples.serverlessYML(provider: "memorySize: 512")]),
        ],
        passing: [
            Example(["deploy/cloudrun/service.yaml": ServerlessExamples.cloudRun()]),
            Example(["template.yaml": ServerlessExamples.sam(globals: "Timeout: 30")], note: "from Globals.Function"),
            Example(["template.yml": ServerlessExamples.sam(properties: "Timeout: !Ref FunctionTimeout")]),
            Example(["serverless.yml": ServerlessExamples.serverlessYML(provider: "timeout: 30")]),
        ])

    func run(_ project: Project) -> CheckOutput {
        ServerlessSupport.check(project, pass: "every function and service sets a timeout") { unit in
            guard !ServerlessUnit.isSet(unit.timeout) else { return [] }
            let setting: String
            switch unit.platform {
            case .cloudRun: setting = "timeoutSeconds (Cloud Run defaults to 300 s)"
            case .sam, .lambda: setting = "Timeout (Lambda defaults to 3 s)"
            case .serverlessFramework: setting = "timeout (the framework defaults to 6 s)"
            }
            return [Finding("\(unit.display) sets no \(setting)", at: unit.location)]
        }
    }
}
