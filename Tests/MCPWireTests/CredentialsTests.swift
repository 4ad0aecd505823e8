import MCPWire
import Testing

/// `--header` and `--bearer-env` values reach requests only: errors, descriptions and records never show them.
@Suite struct CredentialsTests {
    static let token = "pf-secret-9c2e41b7d05a3f68"

    @Test func malformedInputIsRejectedWithoutEchoingTheValue() {
        var c = HTTPCredentials()
        for line in ["no colon \(Self.token)", "Bad Name: \(Self.token)", ": \(Self.token)", "X-Key:   "] {
            do {
                try c.addHeader(line)
                Issue.record("accepted \(line.prefix(8))…")
            } catch {
                #expect(!"\(error)".contains(Self.token))
            }
        }
        #expect(throws: HTTPCredentials.Problem.missingVariable("PF_NONE")) {
            try c.addBearer(fromEnvironment: "PF_NONE", environment: [:])
        }
        #expect(throws: HTTPCredentials.Problem.emptyVariable("PF_EMPTY")) {
            try c.addBearer(fromEnvironment: "PF_EMPTY", environment: ["PF_EMPTY": " "])
        }
        #expect(c.isEmpty)
    }

    @Test func recordsShowNamesAndRedactedValuesOnly() throws {
        var c = HTTPCredentials()
        try c.addBearer(fromEnvironment: "PF_TOKEN", environment: ["PF_TOKEN": Self.token])
        try c.addHeader("X-Api-Key: \(Self.token)-key")
        #expect(c.headers["Authorization"] == "Bearer \(Self.token)")
        let shown = c.redact(c.headers.adding("Accept", "application/json").adding("X-Echo", "was \(Self.token)"))
        for line in shown { #expect(!line.value.contains(Self.token), "\(line.name)") }
        #expect(shown["Accept"] == "application/json")
        #expect(!c.scrub("server said \(Self.token)").contains(Self.token))
        #expect(!"\(c)".contains(Self.token) && !String(reflecting: c).contains(Self.token))
        #expect(c.names == ["Authorization", "X-Api-Key"])
    }
}
