import Foundation
import Load
import PreflightCore
import PreflightKit
import Testing

/// The engine's decisions before any load: which tool, which arguments, which thresholds.
@Suite struct LoadEngineTests {
    static func request(_ tools: [ToolLoad], config: PreflightConfig = PreflightConfig()) -> LoadRequest {
        var r = LoadRequest(
            server: ServerCommand(argv: LoadFixture.argv()), tools: tools,
            shape: LoadFixture.shape(.closed(concurrency: 1), .requests(20)), config: config)
        r.shape.timeout = .seconds(30)
        return r
    }

    @Test func neverLoadsAToolThatMayChangeTheWorld() async throws {
        await #expect(throws: AuditError.self) { try await LoadEngine().load(Self.request([ToolLoad(name: "mutate")])) }
        do {
            _ = try await LoadEngine().load(Self.request([ToolLoad(name: "mutate")]))
        } catch {
            #expect(error.description.contains("--allow-tool mutate"), "\(error)")
        }
        var allowed = Self.request([ToolLoad(name: "mutate")])
        allowed.allowedTools = ["mutate"]
        #expect(try await LoadEngine().load(allowed).overall.calls == 20)
        var config = PreflightConfig()
        config.allowedTools = ["mutate"]
        #expect(try await LoadEngine().load(Self.request([ToolLoad(name: "mutate")], config: config)).overall.ok == 20)
    }

    @Test func anUnknownToolIsAUsageErrorThatNamesTheTools() async throws {
        do {
            _ = try await LoadEngine().load(Self.request([ToolLoad(name: "wrok")]))
            Issue.record("loaded a tool that does not exist")
        } catch {
            #expect(error.description.contains("no tool 'wrok' (did you mean 'work'?)"), "\(error)")
            #expect(error.description.contains("work, mutate"), "\(error)")
        }
    }

    @Test func argumentsComeFromArgsThenExamplesThenTheSchema() async throws {
        let schema = try await LoadEngine().load(Self.request([ToolLoad(name: "work")]))
        #expect(schema.settings.calls.first?.argumentsSource == "schema")
        #expect(schema.settings.calls.first?.arguments.value == .object([("n", .int(7))]))
        var config = PreflightConfig()
        config.toolExamples["work"] = .object([("n", .int(3))])
        let example = try await LoadEngine().load(Self.request([ToolLoad(name: "work")], config: config))
        #expect(example.settings.calls.first?.argumentsSource == "[tools.examples.work]")
        let given = try await LoadEngine().load(
            Self.request([ToolLoad(name: "work", arguments: .object([("n", .int(9))]))], config: config))
        #expect(given.settings.calls.first?.argumentsSource == "--args")
        #expect(given.settings.calls.first?.arguments.value == .object([("n", .int(9))]))
    }

    @Test func thresholdsDefaultToTheConfigsFigures() async throws {
        var config = PreflightConfig()
        config.thresholds.p95Ms = 80
        let report = try await LoadEngine().load(Self.request([ToolLoad(name: "work")], config: config))
        #expect(report.thresholds.map(\.expression) == ["p(95)<80", "p(99)<500", "rate<0.001"])
    }

    @Test func secretsOfTheServersEnvironmentNeverReachTheReport() async throws {
        var request = Self.request([
            ToolLoad(name: "work", arguments: .object([("token", .string("sk-live-9f8e7d6c5b4a3f2e1d"))]))
        ])
        request.server?.environment = ["SERVICE_API_KEY": "sk-live-9f8e7d6c5b4a3f2e1d"]
        let report = try await LoadEngine().load(request)
        #expect(!report.json().contains("sk-live-9f8e7d6c5b4a3f2e1d"))
        #expect(LoadTextRenderer.render(report).contains("calls"))
    }
}
