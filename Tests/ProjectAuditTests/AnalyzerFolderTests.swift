import Foundation
import Testing

@testable import ProjectAudit

/// The analyzer's files live in a cache folder named by their content, so Python's compiled bytecode
/// is kept between runs; a damaged folder is not used.
@Suite struct AnalyzerFolderTests {
    @Test func theCachedFolderIsCompleteAndReused() throws {
        let first = try #require(AnalyzerFolder.cached(), "HOME or XDG_CACHE_HOME is writable here")
        #expect(first.lastPathComponent == "analyzer-\(AnalyzerFolder.digest)")
        #expect(AnalyzerFolder.isComplete(first))
        #expect(AnalyzerFolder.cached()?.standardizedFileURL.path == first.standardizedFileURL.path)
        AnalyzerFolder.release(first)
        #expect(FileManager.default.fileExists(atPath: first.path), "the cache is kept")
    }

    @Test func aDamagedFolderIsNotComplete() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("preflight-\(UUID().uuidString)")
        try AnalyzerFolder.write(into: folder)
        #expect(AnalyzerFolder.isComplete(folder))
        try Data("# edited\n".utf8).write(to: folder.appendingPathComponent("pa_flow.py"))
        #expect(!AnalyzerFolder.isComplete(folder))
        AnalyzerFolder.release(folder)
        #expect(!FileManager.default.fileExists(atPath: folder.path), "a per-run folder is removed")
    }
}
