import Foundation
import MCPWire
import PreflightCore
import Processes

/// The main instance: handshake, listings, protocol probes, tool calls, load and memory. Every
/// step is bounded by its own timeout and by the global deadline; a step starts only while the
/// server is alive and the deadline allows, and the report says which step a crash or the
/// deadline stopped.
struct MainSession {
    let options: LiveOptions
    let deadline: Deadline
    let canaries: [String: String]

    func run(into facts: inout LiveFacts) async {
        let started = ContinuousClock.now
        do {
            let ((observed, connection), exit) = try await StdioServer.with(
                options.launch, instance: "main", transcript: options.transcript, canaries: Array(canaries.values)
            ) { connection, process in
                var probe = MainProbe(c: connection, process: process, options: options, deadline: deadline)
                await probe.run(started: started)
                return (probe.o, connection)
            }
            facts.merge(observed)
            // Read once the session is over and stderr has drained: a crash's last words come last.
            facts.stderrLines = await connection.stderrLines
            facts.stderrLineStartsRead = await connection.stderrLineStartsRead
            if var crash = facts.crash {
                // The reaped status is the truth; a server that only closed stdout was killed by us after.
                if crash.exit != nil { crash.exit = exit }
                crash.stderrTail = Array(facts.stderrLines.suffix(8))
                facts.crash = crash
            }
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
}

/// The main session's steps, in order, with the bookkeeping of which one ran last.
struct MainProbe {
    let c: MCPConnection
    let process: ServerProcess
    let options: LiveOptions
    let deadline: Deadline
    var o = MainSession.Observed()
    /// The step that ran last: where a crash noticed later happened.
    private var current = "the handshake"
    /// Timeouts seen so far: a new one asks whether the server still answers at all.
    private var timeoutsSeen = 0

    init(c: MCPConnection, process: ServerProcess, options: LiveOptions, deadline: Deadline) {
        self.c = c
        self.process = process
        self.options = options
        self.deadline = deadline
    }

    /// Whether `step` may start: the server is alive and the deadline allows. Records a crash (during
    /// the step that ran last) or the cut (before `step`) otherwise.
    mutating func proceed(to step: String) async -> Bool {
        guard o.facts.crash == nil, o.facts.cutShort == nil else { return false }
        let exited = process.hasExited
        let closed = await c.closed
        if exited || closed {
            o.facts.crash = LiveFacts.Crash(
                step: current, exit: exited ? process.exitStatus : nil, stderrTail: [], unresponsiveAfter: nil)
            return false
        }
        if deadline.passed {
            o.facts.cutShort = step
            return false
        }
        // A request of the last step timed out: if a ping does too, the server hangs, and every later
        // step would blame its own area for it.
        let timeouts = await c.timeoutCount
        if timeouts > timeoutsSeen {
            timeoutsSeen = timeouts
            let wait = deadline.cap(min(options.requestTimeout, .seconds(5)))
            if case .timedOut = await c.request("ping", timeout: wait) {
                o.facts.crash = LiveFacts.Crash(step: current, exit: nil, stderrTail: [], unresponsiveAfter: wait)
                timeoutsSeen += 1
                return false
            }
            timeoutsSeen = await c.timeoutCount
        }
        current = step
        o.facts.stepsRun.append(step)
        options.progress?(step)
        return true
    }

    mutating func run(started: ContinuousClock.Instant) async {
        let t = options.requestTimeout
        options.progress?("handshake")
        // Servers that import a lot (ML stacks) take tens of seconds to start: a longer audit waits longer.
        let handshake = await SessionSteps.initialize(
            c, version: LiveOptions.latestRevision, timeout: deadline.cap(max(t, .seconds(30), options.timeout / 4)))
        o.facts.handshake = handshake
        guard handshake.protocolVersion != nil else { return await finish() }
        let caps = handshake.capabilities

        if await proceed(to: "listing") {
            o.facts.tools = await SessionSteps.list(c, "tools/list", key: "tools", timeout: deadline.cap(t))
            o.facts.tools.declared = caps?["tools"] != nil
            if o.facts.tools.failure == nil {
                o.facts.coldStartMs = (ContinuousClock.now - started).milliseconds
                o.facts.coldStartCpuMs = Int((process.sample.cpuSeconds * 1000).rounded())
                o.facts.coldStartHost = HostLoad.now()
            }
            o.facts.prompts = await SessionSteps.list(c, "prompts/list", key: "prompts", timeout: deadline.cap(t))
            o.facts.prompts.declared = caps?["prompts"] != nil
            o.facts.resources = await SessionSteps.list(c, "resources/list", key: "resources", timeout: deadline.cap(t))
            o.facts.resources.declared = caps?["resources"] != nil
            o.facts.templates = await SessionSteps.list(
                c, "resources/templates/list", key: "resourceTemplates", timeout: deadline.cap(t))
            o.facts.templates.declared = caps?["resources"] != nil
        }

        if await proceed(to: "protocol probes") {
            o.facts.ping = await c.request("ping", timeout: deadline.cap(.seconds(5)))
            o.facts.unknownMethod = await c.request("preflight/no-such-method", params: .object([]), timeout: deadline.cap(t))
            o.facts.malformed = await ProtocolProbes.malformed(c, timeout: deadline.cap(t))
            o.facts.badParams = await c.request(
                "tools/call", params: .object([("arguments", .object([]))]), timeout: deadline.cap(t))
            if o.facts.tools.declared {
                o.facts.invalidCursor = await c.request(
                    "tools/list", params: .object([("cursor", .string("preflight-invalid-cursor-\u{1F6EB}"))]),
                    timeout: deadline.cap(t))
            }
            o.facts.notificationAnswers = await ProtocolProbes.notifications(c, timeout: deadline.cap(t))
            o.facts.capabilityMethods = await ProtocolProbes.capabilityMethods(
                c, capabilities: caps, prompts: o.facts.prompts.items, timeout: deadline.cap(t))
        }

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
        if !callable.isEmpty, await proceed(to: "tool calls") {
            for tool in callable where !deadline.passed {
                o.facts.toolCalls.append(await ToolProbe.call(c, tool: tool, options: options, timeout: deadline.cap(t)))
                if process.hasExited { break }
            }
        }
        if !callable.isEmpty, await proceed(to: "invalid arguments") {
            for tool in callable where !deadline.passed {
                o.facts.invalidCalls += await ToolProbe.invalidCalls(c, process, tool: tool, timeout: deadline.cap(t))
                if process.hasExited { break }
            }
        }
        if !o.facts.toolCalls.isEmpty, await proceed(to: "load") {
            let server = process
            let loaded = await LoadProbe.run(
                c, calls: o.facts.toolCalls, options: options, deadline: deadline, cpuSeconds: { server.sample.cpuSeconds })
            o.facts.load = loaded.stats
            o.facts.notLoaded = loaded.skipped
        }
        if await proceed(to: "concurrency") {
            o.facts.concurrency = await LoadProbe.concurrency(
                c, calls: o.facts.toolCalls, inFlight: options.loadConcurrency * 2, timeout: deadline.cap(t))
        }
        if await proceed(to: "memory") {
            o.facts.memory = await MemoryProbe.run(c, process, calls: o.facts.toolCalls, options: options, deadline: deadline)
        }
        // A death during the last step is noticed here.
        _ = await proceed(to: "the end of the session")
        await finish()
    }

    /// Collects what the connection saw; stopping the instance is StdioServer's job.
    mutating func finish() async {
        o.facts.impurities = await c.impurities
        o.facts.stdoutBytes = await c.stdoutBytes
        o.facts.stdoutMessages = await c.stdoutMessages
        o.facts.stderrBytes = await c.stderrBytes
        o.facts.notificationCount = await c.notificationCount
        for n in await c.notifications { o.facts.notificationMethods[n.method, default: 0] += 1 }
        o.leakedValues = await c.leakedCanaries
    }
}

/// Probes of JSON-RPC and MCP basics that need no tool.
enum ProtocolProbes {
    /// A line that is not JSON: the server must answer -32700 with a null id (JSON-RPC 2.0 §5.1).
    static func malformed(_ c: MCPConnection, timeout: Duration) async -> (answered: Bool, code: Int?, idIsNull: Bool) {
        let before = await c.strayResponses.count
        await c.sendRaw(Array("{\"jsonrpc\": \"2.0\", \"id\": 7, \"method\": \"ping\"\n".utf8))
        // A ping after it: its answer means the server has read past the malformed line.
        _ = await c.request("ping", timeout: timeout)
        let strays = await c.strayResponses.dropFirst(before)
        guard let answer = strays.first else { return (false, nil, false) }
        return (true, answer["error"]?["code"]?.intValue, answer["id"]?.isNull ?? false)
    }

    /// Notifications must never be answered (JSON-RPC 2.0 §4.1): send two, then a ping as a barrier.
    static func notifications(_ c: MCPConnection, timeout: Duration) async -> [String] {
        let before = await c.strayResponses.count
        await c.notify("notifications/preflight-probe", params: .object([]))
        await c.sendRaw(Array("{\"jsonrpc\":\"2.0\",\"method\":\"ping\"}\n".utf8))
        _ = await c.request("ping", timeout: timeout)
        return await c.strayResponses.dropFirst(before).map { JSONWriter.encode($0).prefixString(200) }
    }

    /// The methods that declared capabilities promise beyond listing: `logging/setLevel` for
    /// `logging`, `completion/complete` for `completions`. Only "method not found" says they are missing.
    static func capabilityMethods(_ c: MCPConnection, capabilities: JSONValue?, prompts: [JSONValue], timeout: Duration)
        async -> [LiveFacts.CapabilityMethod]
    {
        var out: [LiveFacts.CapabilityMethod] = []
        if capabilities?["logging"] != nil {
            let outcome = await c.request("logging/setLevel", params: .object([("level", .string("info"))]), timeout: timeout)
            out.append(.init(capability: "logging", method: "logging/setLevel", outcome: outcome))
        }
        if capabilities?["completions"] != nil {
            let prompt = prompts.first?["name"]?.stringValue ?? "preflight-probe"
            let argument = prompts.first?["arguments"]?.arrayValue?.first?["name"]?.stringValue ?? "value"
            let params = JSONValue.object([
                ("ref", .object([("type", .string("ref/prompt")), ("name", .string(prompt))])),
                ("argument", .object([("name", .string(argument)), ("value", .string(""))])),
            ])
            let outcome = await c.request("completion/complete", params: params, timeout: timeout)
            out.append(.init(capability: "completions", method: "completion/complete", outcome: outcome))
        }
        return out
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
