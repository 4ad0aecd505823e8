import Testing

@testable import LiveAudit

/// How stderr lines become log records for `logging.structured`.
@Suite struct LogRecordTests {
    @Test func aBoxedStartupBannerIsNotARecord() {
        let stderr = [
            "╭──────────────────────────────────────╮",
            "│        ▄▀▀ ▄▀█ █▀▀ ▀█▀ █▀▄▀█         │",
            "│    🖥  Server name: banner            │",
            "│    📦 Transport:   STDIO             │",
            "╰──────────────────────────────────────╯",
            "2026-11-30 09:10:00,000 - banner - INFO - Starting MCP server 'banner' with transport 'stdio'",
            "2026-11-30 09:10:01,000 - banner - INFO - Processing request of type CallToolRequest",
        ]
        let records = StructuredLogs.records(stderr, startsRead: stderr.map { _ in true })
        #expect(records.count == 2)
        #expect(records.allSatisfy(StructuredLogs.hasLevel))
    }

    @Test func bareTextStillCounts() {
        let stderr = ["starting up", "2026-11-30 09:10:00,000 - x - INFO - ready", "oops something broke"]
        let records = StructuredLogs.records(stderr, startsRead: stderr.map { _ in true })
        #expect(records.count == 3 && records.filter(StructuredLogs.hasLevel).count == 1)
    }
}
