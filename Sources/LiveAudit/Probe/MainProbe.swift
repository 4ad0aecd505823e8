import Foundation
import MCPWire
import PreflightCore
import Processes

/// The transport under the main session's connection, for the probes that need more than JSON-RPC.
enum Peer: Sendable {
    case stdio
    case http(StreamableHTTPTransport)
    case sse(LegacySSETransport)

    var transport: LiveFacts.Transport {
        switch self {
        case .stdio: return .stdio
        case .http: return .streamableHTTP
        case .sse: return .httpSSE
        }
    }
}

/// The main session's steps, in order, with the bookkeeping of which one ran last.
struct MainProbe {
    let c: MCPConnection
    /// Nil for `--url` alone: the process is not Preflight's to watch.
    let process: ServerProcess?
    let peer: Peer
    let options: LiveOptions
    let deadline: Deadline
    let ledger = ResultLedger()
    var o = MainSession.Observed()
    /// The step that ran last: where a crash noticed later happened.
    private var current = "the handshake"
    /// Timeouts and transport failures seen so far: a new one asks whether the server still answers.
    private var timeoutsSeen = 0
    private var failuresSeen = 0

    init(c: MCPConnection, process: ServerProcess?, peer: Peer, options: LiveOptions, deadline: Deadline) {
        self.c = c
        self.process = process
        self.peer = peer
        self.options = options
        self.deadline = deadline
    }

    var t: Duration { options.requestTimeout }
    /// Servers that import a lot (ML stacks) take tens of seconds to start: a longer audit waits longer.
    var startBudget: Duration { deadline.cap(max(t, .seconds(30), options.timeout / 4)) }

    /// Whether `step` may start: the server is alive and the deadline allows. Records a crash (during
    /// the step that ran last) or the cut (before `step`) otherwise.
    mutating func proceed(to step: String) async -> Bool {
        guard o.facts.crash == nil, o.facts.cutShort == nil else { return false }
        var exited = process?.hasExited ?? false
        let closed = await c.closed
        // stdout's end is often read a moment before the exit can be seen: wait for it, briefly,
        // so that a server that exited is not reported as one that only closed stdout.
        if closed, !exited, let process { exited = await process.waitForExit(timeout: .milliseconds(500)) }
        if exited || closed {
            o.facts.crash = LiveFacts.Crash(
                step: current, exit: exited ? process?.exitStatus : nil, stderrTail: [], unresponsiveAfter: nil)
            return false
        }
        if deadline.passed {
            o.facts.cutShort = step
            return false
        }
        // A request of the last step timed out (or found no server over HTTP): if the barrier request
        // does too, the server hangs or is gone, and every later step would blame its own area for it.
        let timeouts = await c.timeoutCount
        let failures = await c.transportFailureCount
        if timeouts > timeoutsSeen || failures > failuresSeen {
            let wait = deadline.cap(min(t, .seconds(5)))
            let barrier = await c.request(o.facts.barrierMethod, timeout: wait)
            if case .timedOut = barrier {
                o.facts.crash = LiveFacts.Crash(step: current, exit: nil, stderrTail: [], unresponsiveAfter: wait)
                return false
            }
            if case .transportFailure(nil, let reason) = barrier {
                o.facts.crash = LiveFacts.Crash(step: current, exit: nil, stderrTail: [], unreachable: reason)
                return false
            }
            timeoutsSeen = await c.timeoutCount
            failuresSeen = await c.transportFailureCount
        }
        current = step
        o.facts.stepsRun.append(step)
        options.progress?(step)
        return true
    }

    /// Starts the session in `era` (decided over HTTP), or detects it (stdio). False when no session started.
    mutating func start(httpEra era: LiveFacts.EraFacts?, skipDiscover: Bool = false) async -> Bool {
        options.progress?("handshake")
        let ledger = ledger
        await c.observeResults { method, result in ledger.record(method: method, result: result) }
        o.facts.transport = peer.transport
        if var era {
            if era.isModern, let version = era.version {
                o.facts.handshake = await SessionStart.modern(c, version: version, budget: startBudget)
            } else if era.era != nil {
                let h = await SessionSteps.initialize(c, version: LiveOptions.latestRevision, timeout: startBudget)
                o.facts.handshake = h
                era.version = h.protocolVersion ?? era.version
            }
            o.facts.era = era
        } else {
            let started = await SessionStart.stdio(c, budget: startBudget, skipDiscover: skipDiscover)
            o.facts.handshake = started.handshake
            o.facts.era = started.era
            o.exitedOnDiscover = started.exitedOnDiscover
        }
        if o.facts.isModern { o.facts.modern = LiveFacts.ModernFacts() }
        return o.facts.handshakeOK
    }

    mutating func run(started: ContinuousClock.Instant, httpEra: LiveFacts.EraFacts? = nil, skipDiscover: Bool = false)
        async
    {
        guard await start(httpEra: httpEra, skipDiscover: skipDiscover) else { return await finish() }
        let caps = o.facts.handshake?.capabilities

        if await proceed(to: "listing") {
            o.facts.tools = await SessionSteps.list(c, "tools/list", key: "tools", timeout: deadline.cap(t))
            o.facts.tools.declared = caps?["tools"] != nil
            // Over HTTP with a server Preflight did not start, there is no spawn to time from.
            if o.facts.tools.failure == nil, let process {
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
            await ProtocolProbes.run(c, facts: &o.facts, capabilities: caps, timeout: deadline.cap(t))
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
                if process?.hasExited == true { break }
            }
        }
        if !callable.isEmpty, await proceed(to: "invalid arguments") {
            for tool in callable where !deadline.passed {
                o.facts.invalidCalls += await ToolProbe.invalidCalls(c, process, tool: tool, timeout: deadline.cap(t))
                if process?.hasExited == true { break }
            }
        }
        if o.facts.isModern, await proceed(to: "2026-07-28 probes") {
            var modern = o.facts.modern ?? LiveFacts.ModernFacts()
            await ModernProbes(c: c, peer: peer, facts: o.facts, timeout: deadline.cap(t)).run(into: &modern)
            o.facts.modern = modern
        }
        if !o.facts.toolCalls.isEmpty, await proceed(to: "load") {
            // The server's CPU time around each tool's calls, when it is Preflight's process to read.
            var cpu: (@Sendable () -> Double)?
            if let server = process { cpu = { server.sample.cpuSeconds } }
            let loaded = await LoadProbe.run(c, calls: o.facts.toolCalls, options: options, deadline: deadline, cpuSeconds: cpu)
            o.facts.load = loaded.stats
            o.facts.notLoaded = loaded.skipped
        }
        if await proceed(to: "concurrency") {
            o.facts.concurrency = await LoadProbe.concurrency(
                c, calls: o.facts.toolCalls, inFlight: options.loadConcurrency * 2, barrier: o.facts.barrierMethod,
                timeout: deadline.cap(t))
        }
        if let process, await proceed(to: "memory") {
            o.facts.memory = await MemoryProbe.run(c, process, calls: o.facts.toolCalls, options: options, deadline: deadline)
        }
        // A death during the last step is noticed here.
        _ = await proceed(to: "the end of the session")
        await finish()
    }

    /// Collects what the connection saw; stopping the instance is the launcher's job.
    mutating func finish() async {
        o.facts.impurities = await c.impurities
        o.facts.stdoutBytes = await c.stdoutBytes
        o.facts.stdoutMessages = await c.stdoutMessages
        o.facts.stderrBytes = await c.stderrBytes
        o.facts.notificationCount = await c.notificationCount
        for n in await c.notifications { o.facts.notificationMethods[n.method, default: 0] += 1 }
        o.leakedValues = await c.leakedCanaries
        if var modern = o.facts.modern {
            modern.ledger = ledger.summary
            // Every request of the session went without a log level, except the opt-in probe's own.
            modern.logsWithoutOptIn = max(0, (o.facts.notificationMethods["notifications/message"] ?? 0) - modern.logsWithOptIn)
            o.facts.modern = modern
        }
        await c.observeResults(nil)
    }
}
