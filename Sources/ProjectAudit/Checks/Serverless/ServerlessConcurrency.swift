import PreflightCore

struct ServerlessConcurrency: StaticCheck {
    static let description = CheckDescription(
        id: "serverless.concurrency", title: "A concurrency limit is set", section: .serverless, severity: .warning,
        rationale: """
            The checklist's "Concurrency limits set": an agent that fans out tool calls (or a retry storm) otherwise \
            scales the function without bound, exhausting the database's connections and the account's concurrency \
            quota shared with every other function, and the bill. On Cloud Run, `containerConcurrency: 0` means \
            unlimited.
            """,
        remediation: """
            Cloud Run: `spec.template.spec.containerConcurrency: 40` (and/or the \
            `autoscaling.knative.dev/maxScale` annotation on the template); SAM: `ReservedConcurrentExecutions: 20` \
            (or `ProvisionedConcurrencyConfig`); serverless.yml: `reservedConcurrency: 20` per function.
            """,
        failing: [
            Example(["service.yaml": ServerlessExamples.cloudRun(concurrency: nil)]),
            Example(["service.yaml": ServerlessExamples.cloudRun(concurrency: "0")], note: "0 is unlimited"),
            Example(["template.yaml": ServerlessExamples.sam(globals: "Timeout: 30\nMemorySize: 512")]),
            Example(["serverless.yml": ServerlessExamples.serverlessYML(provider: "timeout: 30")]),
        ],
        passing: [
            Example(["service.yaml": ServerlessExamples.cloudRun()]),
            Example(["template.yaml": ServerlessExamples.sam(properties: "ReservedConcurrentExecutions: 20")]),
            Example(["serverless.yml": ServerlessExamples.serverlessYML(function: "reservedConcurrency: 20")]),
        ])

    func run(_ project: Project) -> CheckOutput {
        ServerlessSupport.check(project, pass: "every function and service has a concurrency limit") { unit in
            guard ServerlessUnit.isSet(unit.concurrency) else {
                let setting: String
                switch unit.platform {
                case .cloudRun: setting = "containerConcurrency or maxScale"
                case .sam, .lambda: setting = "ReservedConcurrentExecutions"
                case .serverlessFramework: setting = "reservedConcurrency"
                }
                return [Finding("\(unit.display) sets no \(setting)", at: unit.location)]
            }
            if unit.platform == .cloudRun, unit.concurrency?.string == "0" {
                return [Finding("\(unit.display) has containerConcurrency: 0 (unlimited)", at: unit.location)]
            }
            return []
        }
    }
}
