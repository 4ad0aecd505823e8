import Load
import MCPWire
import PreflightCore
import Processes

/// `preflight load --url URL`, with `--server CMD` the server started first (through the
/// child-process layer), waited for until its URL answers (bounded), sampled during the load and
/// stopped after it. Every request goes to the URL's origin only.
struct HTTPLoad {
    var target: HTTPTarget
    var credentials: HTTPCredentials
    var launch: ChildLaunch?
    var shape: LoadShape

    func run(choose: @escaping LoadRunner.Chooser, progress: @escaping @Sendable (LoadEvent) -> Void)
        async throws(AuditError) -> (LoadResult, LoadTargetInfo)
    {
        guard let launch else {
            return try unwrap(await load(process: nil, choose: choose, progress: progress))
        }
        let tail = StderrTail()
        let output = ChildOutput(
            stdout: { chunks in for await chunk in chunks { tail.append(chunk) } },
            stderr: { chunks in for await chunk in chunks { tail.append(chunk) } })
        let target = target
        let budget = shape.prepareTimeout
        progress(.step("starting the server"))
        let outcome: Result<(LoadResult, LoadTargetInfo), LoadFailure>
        do {
            (outcome, _) = try await ChildSession.run(launch, label: "load server", output: output, shutdownGrace: .seconds(5)) {
                child in
                progress(.step("waiting for \(target.origin)"))
                let ready = await ServerReadiness.wait(for: target, process: child, budget: budget)
                guard ready.isReady else {
                    let said = tail.lines.suffix(3).joined(separator: " | ")
                    return .failure(
                        LoadFailure(
                            "the server did not come up at \(target.url.absoluteString): \(ready)\(said.isEmpty ? "" : "; its output ended with: \(said)")"
                        ))
                }
                return await load(process: child, choose: choose, progress: progress)
            }
        } catch {
            throw .usage(error.description)
        }
        return try unwrap(outcome)
    }

    private func unwrap(_ outcome: Result<(LoadResult, LoadTargetInfo), LoadFailure>) throws(AuditError) -> (
        LoadResult, LoadTargetInfo
    ) {
        switch outcome {
        case .success(let value): return value
        case .failure(let failure): throw .usage(failure.description)
        }
    }

    private func load(
        process: RunningChild?, choose: @escaping LoadRunner.Chooser, progress: @escaping @Sendable (LoadEvent) -> Void
    ) async -> Result<(LoadResult, LoadTargetInfo), LoadFailure> {
        let transport = HTTPLoadTransport(
            url: target, credentials: credentials, process: process, maxConnections: Self.connections(shape),
            instances: shape.instances, command: launch?.argv)
        do {
            let result = try await LoadRunner.run(
                transport, shape: shape, choose: choose, step: { progress(.step($0)) }, progress: { progress(.progress($0)) })
            return .success((result, transport.target))
        } catch {
            return .failure(error)
        }
    }

    /// Sockets per client: one per call it may have in flight, at most 256 (beyond, calls wait for a
    /// socket, and the open loop counts the wait from each call's intended send time).
    static func connections(_ shape: LoadShape) -> Int {
        let k = max(1, shape.instances)
        switch shape.pace {
        case .closed(let n): return min(256, (n + k - 1) / k)
        case .open(let rate, let maxInFlight):
            if let maxInFlight { return min(256, (maxInFlight + k - 1) / k) }
            return min(256, max(16, Int(rate / Double(k) * Double(shape.timeout.components.seconds)) + 16))
        }
    }
}
