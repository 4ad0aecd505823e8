import PreflightCore

/// One deployable function or service of a serverless configuration, with the settings that apply to
/// it (its own, or the file's defaults: SAM `Globals.Function`, serverless.yml `provider`).
struct ServerlessUnit: Sendable {
    enum Platform: String, Sendable {
        case cloudRun = "Cloud Run service"
        case sam = "SAM function"
        case lambda = "Lambda function"
        case serverlessFramework = "Serverless Framework function"
    }

    var platform: Platform
    var name: String
    var location: Location
    var timeout: YAMLValue?
    /// Per container for Cloud Run (a value each), one value otherwise.
    var memory: [(container: String?, value: YAMLValue?)]
    var concurrency: YAMLValue?

    var display: String { "\(platform.rawValue) `\(name)`" }

    static func isSet(_ value: YAMLValue?) -> Bool { value.map { !$0.isNullScalar } ?? false }
}

enum ServerlessSupport {
    static let none = "no serverless configuration (Cloud Run service YAML, AWS SAM template or serverless.yml)"

    static func units(_ project: Project) -> [ServerlessUnit] {
        var out: [ServerlessUnit] = []
        for path in project.yaml.keys.sorted() {
            for doc in project.yaml[path] ?? [] {
                out += cloudRun(doc, path) + cloudFormation(doc, path)
                if ["serverless.yml", "serverless.yaml"].contains(ManifestSources.name(of: path)) {
                    out += serverlessFramework(doc, path)
                }
            }
        }
        return out
    }

    static func check(_ project: Project, pass: String, _ body: (ServerlessUnit) -> [Finding]) -> CheckOutput {
        let units = units(project)
        guard !units.isEmpty else { return .skip(none) }
        let names = units.map(\.display).joined(separator: ", ")
        return .from(units.flatMap(body), pass: "\(pass) (\(names))")
    }

    /// A Knative Service, as `gcloud run services replace` takes it.
    static func cloudRun(_ doc: YAMLValue, _ path: String) -> [ServerlessUnit] {
        guard doc["kind"]?.string == "Service", doc["apiVersion"]?.string?.hasPrefix("serving.knative.dev") == true else {
            return []
        }
        let spec = doc["spec", "template", "spec"]
        let concurrency = spec?["containerConcurrency"] ?? doc["spec", "template", "metadata", "annotations", maxScale]
        let memory = (spec?["containers"]?.items ?? []).map { ($0["name"]?.string, $0["resources", "limits", "memory"]) }
        return [
            ServerlessUnit(
                platform: .cloudRun, name: doc["metadata", "name"]?.string ?? "?", location: Location(path, line: doc.line),
                timeout: spec?["timeoutSeconds"], memory: memory.isEmpty ? [(nil, nil)] : memory, concurrency: concurrency)
        ]
    }

    static let maxScale = "autoscaling.knative.dev/maxScale"

    /// AWS SAM (`AWS::Serverless::Function`, with `Globals.Function`) and plain CloudFormation Lambda functions.
    static func cloudFormation(_ doc: YAMLValue, _ path: String) -> [ServerlessUnit] {
        let globals = doc["Globals", "Function"]
        return (doc["Resources"]?.pairs ?? []).compactMap { name, resource in
            let type = resource["Type"]?.string
            guard type == "AWS::Serverless::Function" || type == "AWS::Lambda::Function" else { return nil }
            let sam = type == "AWS::Serverless::Function"
            func setting(_ key: String) -> YAMLValue? { resource["Properties", key] ?? (sam ? globals?[key] : nil) }
            let concurrency = setting("ReservedConcurrentExecutions") ?? setting("ProvisionedConcurrencyConfig")
            return ServerlessUnit(
                platform: sam ? .sam : .lambda, name: name, location: Location(path, line: resource.line),
                timeout: setting("Timeout"), memory: [(nil, setting("MemorySize"))], concurrency: concurrency)
        }
    }

    /// serverless.yml: `provider` defaults and per-function overrides.
    static func serverlessFramework(_ doc: YAMLValue, _ path: String) -> [ServerlessUnit] {
        let provider = doc["provider"]
        // `functions` is a map, or a list of maps (often merged from several files).
        let functions = doc["functions"]?.pairs ?? (doc["functions"]?.items ?? []).flatMap { $0.pairs ?? [] }
        return functions.compactMap { name, function in
            guard function.pairs != nil else { return nil }
            func setting(_ key: String) -> YAMLValue? { function[key] ?? provider?[key] }
            return ServerlessUnit(
                platform: .serverlessFramework, name: name, location: Location(path, line: function.line),
                timeout: setting("timeout"), memory: [(nil, setting("memorySize"))],
                concurrency: setting("reservedConcurrency") ?? setting("provisionedConcurrency"))
        }
    }
}
