import PreflightCore

enum ShutdownVerdict {
    /// `cleanExitRequired`: closing stdin is a normal end of session, so an error status is worth a warning;
    /// a signal's own default action (death by that signal) is a normal way to end too.
    static func output(_ s: LiveFacts.Shutdown?, what: String, facts f: LiveFacts, cleanExitRequired: Bool = false)
        -> CheckOutput
    {
        guard let s else {
            if !f.handshakeOK {
                return .skip("the main instance did not start a session, so no fresh instance was started")
            }
            return .skip("the \(what) probe did not run: the deadline (--timeout) came first")
        }
        if let failure = s.failure { return .skip("the \(what) probe could not start the server: \(failure)") }
        guard s.handshakeOK else { return .skip("the instance for the \(what) probe did not start serving") }
        var evidence = JSONObjectBuilder()
        evidence.set("exited", s.exited)
        evidence.set("elapsedMs", s.elapsedMs)
        evidence.set("exitCode", s.exitCode.map { JSONValue.int(Int($0)) } ?? .null)
        evidence.set("signal", s.signal.map { JSONValue.int(Int($0)) } ?? .null)
        evidence.set("leftoverProcesses", JSONValue.strings(s.leftovers))
        if let host = s.host { evidence.set("loadAverage", .double(host.loadAverage)) }
        if !s.exited { return .fail("still running \(s.waitedMs) ms after \(s.trigger)", evidence: evidence.value) }
        if !s.leftovers.isEmpty {
            return .fail(
                "exited after \(s.trigger) but left \(s.leftovers.count) process(es) running: \(s.leftovers.joined(separator: ", "))",
                evidence: evidence.value)
        }
        if s.late, let host = s.host {
            return .warn(
                "exited \(s.elapsedMs) ms after \(s.trigger), over the \(s.limitMs) ms limit, on a saturated machine "
                    + "(\(host.description)): the exit may have waited for a core; measure on an idle machine",
                evidence: evidence.value)
        }
        let how = s.exitCode.map { "exit code \($0)" } ?? s.signal.map { "signal \($0)" } ?? "exited"
        evidence.set("stderrTail", JSONValue.strings(s.stderrTail))
        if cleanExitRequired, let code = s.exitCode, code != 0 {
            let said =
                s.stderrTail.last { !$0.trimmingCharacters(in: .whitespaces).isEmpty }.map {
                    "; stderr ended with: \($0.prefixString(160))"
                } ?? ""
            return .warn(
                "exited \(s.elapsedMs) ms after \(s.trigger) but with exit code \(code), an error on the way out\(said)",
                evidence: evidence.value)
        }
        return .pass("exited \(s.elapsedMs) ms after \(s.trigger) (\(how)), no process left", evidence: evidence.value)
    }
}
