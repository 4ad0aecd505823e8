import Foundation
import MCPWire
import PreflightCore

/// The main instance: handshake, listings, protocol probes, tool calls, load and memory, then the
/// stdin-close shutdown. Every step is bounded by its own timeout and by the global deadline.
struct MainSession {
    let options: LiveOptions
    let deadline: Deadline
    let canaries: [String: String]

    func run(into facts: inout LiveFacts) async {
        let started = ContinuousClock.now
        let launch = options.launch
        do {
            let (observed, _) = try await StdioServer.with(
                launch, instance: "main", transcript: options.transcript, canaries: Array(canaries.values)
            ) { connection, process in
                await Self.probe(connection, process, options: options, deadline: deadline, started: started)
            }
            facts.merge(observed)
            facts.mainSessionMs = (ContinuousClock.now - started).milliseconds
            facts.leakedCanaryNames = canaries.filter { observed.leakedValues.contains($0.value) }.map(\.key).sorted()
        } catch {
            facts.launchFailure = error.description
        }
    }

    /// What one instance observed, merged into `LiveFacts` afterwards.
    struct Observed: Sendable {
        var facts = LiveFacts()
        var leakedValues: Set<String> = []
    }

    static func probe(
        _ c: MCPConnection, _ process: ServerProcess, options: LiveOptions, deadline: Deadline, started: ContinuousClock.Instant
    ) async -> Observed {
        var o = Observed()
        let t = options.requestTimeout
        options.progress?("handshake")
        let handshake = await SessionSteps.initialize(
            c, version: LiveOptions.latestRevision, timeout: deadline.cap(max(t, .seconds(30))))
        o.facts.handshake = handshake
        guard handshake.protocolVersion != nil else {
            await finish(c, process, &o, options: options)
            return o
        }
        let caps = handshake.capabilities
        o.facts.tools = await SessionSteps.list(c, "tools/list", key: "tools", timeout: deadline.cap(t))
        o.facts.tools.declared = caps?["tools"] != nil
        if o.facts.tools.failure == nil { o.facts.coldStartMs = (ContinuousClock.now - started).milliseconds }
        o.facts.prompts = await SessionSteps.list(c, "prompts/list", key: "prompts", timeout: deadline.cap(t))
        o.facts.prompts.declared = caps?["prompts"] != nil
        o.facts.resources = await SessionSteps.list(c, "resources/list", key: "resources", timeout: deadline.cap(t))
        o.facts.resources.declared = caps?["resources"] != nil
        o.facts.templates = await SessionSteps.list(
            c, "resources/templates/list", key: "resourceTemplates", timeout: deadline.cap(t))
        o.facts.templates.declared = caps?["resources"] != nil

        options.progress?("protocol probes")
        o.facts.ping = await c.request("ping", timeout: deadline.cap(.seconds(5)))
        o.facts.unknownMethod = await c.request("preflight/no-such-method", params: .object([]), timeout: deadline.cap(t))
        o.facts.malformed = await malformedProbe(c, timeout: deadline.cap(t))
        o.facts.badParams = await c.request("tools/call", params: .object([("arguments", .object([]))]), timeout: deadline.cap(t))
        if o.facts.tools.declared {
            o.facts.invalidCursor = await c.request(
                "tools/list", params: .object([("cursor", .string("preflight-invalid-cursor-\u{1F6EB}"))]),
                timeout: deadline.cap(t))
        }
        o.facts.notificationAnswers = await notificationProbe(c, timeout: deadline.cap(t))

        let tools = o.facts.tools.items
        let plan = ToolPolicy(options: options)
        let allowed = tools.filter { plan.mayCall($0) }
        // A bounded share of a huge listing: each exercised tool costs calls, invalid calls and load.
        let callable = Array(allowed.prefix(options.maxToolsExercised))
        o.facts.notCalled =
            tools.compactMap { tool in
                plan.mayCall(tool) ? nil : (tool["name"]?.stringValue ?? "?", plan.reason(tool))
            }
            + allowed.dropFirst(options.maxToolsExercised).map {
                ($0["name"]?.stringValue ?? "?", "over the limit of \(options.maxToolsExercised) exercised tools")
            }
        options.progress?("tool calls")
        for tool in callable where !deadline.passed {
            o.facts.toolCalls.append(await ToolProbe.call(c, tool: tool, options: options, timeout: deadline.cap(t)))
        }
        for tool in callable where !deadline.passed {
            o.facts.invalidCalls += await ToolProbe.invalidCalls(c, process, tool: tool, timeout: deadline.cap(t))
            if process.hasExited { break }
        }
        let closedAfterCalls = await c.closed
        if !process.hasExited && !closedAfterCalls && !deadline.passed {
            options.progress?("load")
            o.facts.load = await LoadProbe.run(c, calls: o.facts.toolCalls, options: options, deadline: deadline)
            if !deadline.passed {
                o.facts.concurrency = await LoadProbe.concurrency(
                    c, calls: o.facts.toolCalls, inFlight: options.loadConcurrency * 2, timeout: deadline.cap(t))
            }
            if !deadline.passed {
                options.progress?("memory")
                o.facts.memory = await MemoryProbe.run(
                    c, process, calls: o.facts.toolCalls, options: options, deadline: deadline)
            }
        }
        // Closed stdout means the session is over, even if the process is still on its way out.
        let closed = await c.closed
        o.facts.serverDied = process.hasExited || closed
        await finish(c, process, &o, options: options)
        return o
    }

    /// Collects what the connection saw; stopping the instance is StdioServer's job (a fresh instance
    /// measures lifecycle.stdin-close).
    static func finish(_ c: MCPConnection, _ process: ServerProcess, _ o: inout Observed, options: LiveOptions) async {
        o.facts.impurities = await c.impurities
        o.facts.stdoutBytes = await c.stdoutBytes
        o.facts.stdoutMessages = await c.stdoutMessages
        o.facts.stderrLines = await c.stderrLines
        o.facts.stderrBytes = await c.stderrBytes
        o.facts.notificationCount = await c.notificationCount
        o.leakedValues = await c.leakedCanaries
    }

    /// A line that is not JSON: the server must answer -32700 with a null id (JSON-RPC 2.0 §5.1).
    static func malformedProbe(_ c: MCPConnection, timeout: Duration) async -> (answered: Bool, code: Int?, idIsNull: Bool) {
        let before = await c.strayResponses.count
        await c.sendRaw(Array("{\"jsonrpc\": \"2.0\", \"id\": 7, \"method\": \"ping\"\n".utf8))
        // A ping after it: its answer means the server has read past the malformed line.
        _ = await c.request("ping", timeout: timeout)
        let strays = await c.strayResponses.dropFirst(before)
        guard let answer = strays.first else { return (false, nil, false) }
        return (true, answer["error"]?["code"]?.intValue, answer["id"]?.isNull ?? false)
    }

    /// Notifications must never be answered (JSON-RPC 2.0 §4.1): send two, then a ping as a barrier.
    static func notificationProbe(_ c: MCPConnection, timeout: Duration) async -> [String] {
        let before = await c.strayResponses.count
        await c.notify("notifications/preflight-probe", params: .object([]))
        await c.sendRaw(Array("{\"jsonrpc\":\"2.0\",\"method\":\"ping\"}\n".utf8))
        _ = await c.request("ping", timeout: timeout)
        return await c.strayResponses.dropFirst(before).map { JSONWriter.encode($0).prefixString(200) }
    }
}

extension LiveFacts {
    mutating func merge(_ o: MainSession.Observed) {
        let keepCanaries = canaryNames
        let keepRequired = requiredEnv
        self = o.facts
        canaryNames = keepCanaries
        requiredEnv = keepRequired
    }
}

extension String {
    func prefixString(_ n: Int) -> String { count > n ? String(prefix(n)) + "…" : self }
}
