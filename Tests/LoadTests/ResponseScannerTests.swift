import Testing

@testable import Load

/// The hot loop's byte scanner against the shapes real servers write.
@Suite struct ResponseScannerTests {
    func scan(_ text: String) -> ResponseScanner.Scan { ResponseScanner.scan(Array(text.utf8)) }

    @Test func readsResultsInAnyKeyOrder() {
        let lines = [
            #"{"jsonrpc":"2.0","id":42,"result":{"content":[{"type":"text","text":"ok"}],"isError":false}}"#,
            #"{"result": {"content": [], "isError": false}, "jsonrpc": "2.0", "id": 42}"#,
            #"{"id":42,"result":{"content":[{"type":"text","text":"\"id\":7, \"isError\": true }{"}]},"jsonrpc":"2.0"}"#,
            #"  {"jsonrpc":"2.0","id":42,"result":{}}  "#,
        ]
        for line in lines {
            #expect(scan(line) == ResponseScanner.Scan(kind: .result, id: 42, isError: false, code: 0), "\(line)")
        }
    }

    @Test func readsToolErrorsAndRPCErrors() {
        #expect(scan(#"{"jsonrpc":"2.0","id":3,"result":{"content":[],"isError":true}}"#).isError)
        #expect(!scan(#"{"jsonrpc":"2.0","id":3,"result":{"content":[{"isError":true}]}}"#).isError)
        let error = scan(#"{"jsonrpc":"2.0","id":9,"error":{"message":"boom","code":-32603,"data":{"code":1}}}"#)
        #expect(error == ResponseScanner.Scan(kind: .error, id: 9, isError: false, code: -32603))
    }

    @Test func tellsRequestsNotificationsAndForeignIDs() {
        #expect(scan(#"{"jsonrpc":"2.0","id":"abc","method":"ping"}"#).kind == .request)
        #expect(scan(#"{"jsonrpc":"2.0","method":"notifications/message","params":{"id":1}}"#).kind == .notification)
        #expect(scan(#"{"jsonrpc":"2.0","id":"7","result":{}}"#).id == -1)
        #expect(scan(#"{"jsonrpc":"2.0","id":7.5,"result":{}}"#).id == -1)
        #expect(scan(#"{"jsonrpc":"2.0","id":null,"error":{"code":-32700,"message":"x"}}"#).kind == .invalid)
    }

    @Test func anyBytesAreSafe() {
        let lines = [
            "", "{", "}", "[1,2]", "not json", #"{"id":"#, #"{"id":1,"result":{"content":"unterminated}"#, #"{"a":"\\"}"#,
            #"{"id":99999999999999999999999,"result":{}}"#, "{\"id\":1,\"result\":{\u{0}\u{FF}}}",
            String(repeating: "[", count: 10_000),
        ]
        for line in lines { _ = scan(line) }
        #expect(scan("not json").kind == .invalid)
        #expect(scan(#"{"id":1,"result":{"content":"unterminated}"#).kind == .invalid)
    }
}
