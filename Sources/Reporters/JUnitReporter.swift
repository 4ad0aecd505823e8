import PreflightCore

/// JUnit XML for CI test tabs: one `<testsuite>` per checklist section, one `<testcase>` per check.
///
/// A `warn` is reported as a passing test with a `<system-out>` note: whether warnings fail CI is
/// the failure threshold's decision (the exit code), not something the test view should overrule.
/// Suppressed, `skip` and `manual` checks are `<skipped>`; checks have no timings, so `time` is 0.
public struct JUnitReporter: Reporter {
    public init() {}

    public func render(_ report: Report) -> String {
        let bySection = Dictionary(grouping: report.checks, by: \.section)
        let suites = Section.allCases.compactMap { section in
            bySection[section].map { Suite(section: section, checks: $0.sorted { $0.id < $1.id }) }
        }
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        out += "<testsuites name=\"preflight\""
        out += Self.counts(suites.flatMap(\.checks)) + " time=\"\(Self.seconds(report.durationMs))\">\n"
        for suite in suites { out += Self.suite(suite) }
        out += "</testsuites>\n"
        return out
    }

    struct Suite {
        var section: Section
        var checks: [CheckResult]
    }

    enum Outcome { case passed, warned, failed, errored, skipped }

    static func outcome(_ r: CheckResult) -> Outcome {
        if r.suppressed { return .skipped }
        switch r.status {
        case .pass: return .passed
        case .warn: return .warned
        case .fail: return .failed
        case .error: return .errored
        case .skip, .manual: return .skipped
        }
    }

    static func counts(_ checks: [CheckResult]) -> String {
        let outcomes = checks.map(outcome)
        func n(_ o: Outcome) -> Int { outcomes.filter { $0 == o }.count }
        return " tests=\"\(checks.count)\" failures=\"\(n(.failed))\" errors=\"\(n(.errored))\" skipped=\"\(n(.skipped))\""
    }

    static func suite(_ suite: Suite) -> String {
        var out = "  <testsuite name=\"\(attr(suite.section.title))\"" + counts(suite.checks) + " time=\"0\">\n"
        for r in suite.checks { out += testcase(r) }
        return out + "  </testsuite>\n"
    }

    static func testcase(_ r: CheckResult) -> String {
        let open = "    <testcase classname=\"preflight.\(attr(r.section.rawValue))\" name=\"\(attr(r.id.rawValue))\" time=\"0\""
        switch outcome(r) {
        case .passed:
            return open + "/>\n"
        case .skipped:
            return open + ">\n      <skipped message=\"\(attr(skipMessage(r)))\"/>\n    </testcase>\n"
        case .warned:
            let body = "warning: " + details(r)
            return open + ">\n      <system-out>\(text(body))</system-out>\n    </testcase>\n"
        case .failed, .errored:
            let tag = r.status == .error ? "error" : "failure"
            let element = "<\(tag) message=\"\(attr(r.message))\" type=\"\(r.status.rawValue)\">\(text(details(r)))</\(tag)>"
            return open + ">\n      \(element)\n    </testcase>\n"
        }
    }

    static func skipMessage(_ r: CheckResult) -> String {
        if r.suppressed { return "suppressed (\(r.status.rawValue)): \(r.suppressionReason ?? r.message)" }
        return r.status == .manual ? "manual: \(r.message)" : r.message
    }

    /// The failure body a CI log shows: what, where, and how to fix it.
    static func details(_ r: CheckResult) -> String {
        var lines = [r.message]
        if r.findings.count > 1 || (r.findings.first.map { $0.message != r.message } ?? false) {
            lines += r.findings.map { f in f.location.map { "\($0.display): \(f.message)" } ?? f.message }
        } else {
            lines += r.locations.map { "at \($0.display)" }
        }
        if !r.remediation.isEmpty { lines.append("fix: \(r.remediation)") }
        return lines.joined(separator: "\n")
    }

    static func seconds(_ ms: Int) -> String {
        let ms = max(ms, 0)
        let frac = String(ms % 1000)
        return "\(ms / 1000)." + String(repeating: "0", count: 3 - frac.count) + frac
    }

    /// Attribute values also escape whitespace, which parsers would otherwise normalise to spaces.
    static func attr(_ s: String) -> String {
        escape(s) { c in
            switch c {
            case "\"": return "&quot;"
            case "'": return "&apos;"
            case "\n": return "&#10;"
            case "\r": return "&#13;"
            case "\t": return "&#9;"
            default: return nil
            }
        }
    }

    static func text(_ s: String) -> String {
        escape(s) { $0 == "\r" ? "&#13;" : nil }
    }

    /// Escapes markup and replaces what XML 1.0 cannot carry at all (most C0 controls, U+FFFE/U+FFFF,
    /// even as character references) with U+FFFD, so one odd byte in a message cannot break the file.
    static func escape(_ s: String, extra: (Unicode.Scalar) -> String?) -> String {
        var out = ""
        for scalar in s.unicodeScalars {
            if let replacement = extra(scalar) {
                out += replacement
                continue
            }
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\t", "\n", "\r": out.unicodeScalars.append(scalar)
            default:
                if scalar.value < 0x20 || scalar.value == 0xFFFE || scalar.value == 0xFFFF {
                    out += "\u{FFFD}"
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out
    }
}
