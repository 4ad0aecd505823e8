import Foundation
import Testing

@testable import History

/// Several runs opening a history file that does not exist yet (a CI matrix, two terminals).
@Suite struct HistoryConcurrencyTests {
    @Test func runsCreatingTheFileAtOnceAllOpenIt() async throws {
        let folder = try HistoryStoreTests.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        for round in 0..<5 {
            let path = folder.appendingPathComponent("h\(round).sqlite").path
            let failures = await withTaskGroup(of: String?.self) { group in
                for _ in 0..<6 {
                    group.addTask {
                        do {
                            _ = try SQLiteHistoryStore(path: path)
                            return nil
                        } catch { return "\(error)" }
                    }
                }
                var out: [String] = []
                for await f in group { if let f { out.append(f) } }
                return out
            }
            #expect(failures.isEmpty, "\(failures)")
        }
    }
}
