import Foundation
import PreflightCore

/// What `preflight doctor` examines and how.
public struct DoctorRequest: Sendable {
    /// `--client-config` files; when given, nothing is discovered.
    public var files: [String] = []
    /// `--client NAME`: only this client's files (or: read the given files as this client's).
    public var client: MCPClient?
    /// Doctor's environment: HOME and the other variables the locations and launches derive from.
    public var environment: [String: String]
    public var workingDirectory: String
    /// The PATH of a desktop-launched app (Claude Desktop).
    public var desktopPATH = Doctor.defaultDesktopPATH
    /// Bound of each server's handshake; each server is started at most twice and always stopped.
    public var timeout: Duration = .seconds(30)
    /// Servers examined at once.
    public var concurrency = 3
    /// Compute the corrected entry of each server that a configuration change fixes.
    public var fix = false

    public init(environment: [String: String], workingDirectory: String) {
        self.environment = environment
        self.workingDirectory = workingDirectory
    }
}

/// Finds the MCP client configurations on this machine, checks every server entry, starts each one
/// as its client would and reports why the ones that fail do. Never writes to any configuration.
public struct Doctor: Sendable {
    /// The PATH a desktop session gives apps on Linux (no `~/.local/bin`, nvm, pyenv or cargo).
    /// `PREFLIGHT_DESKTOP_PATH` overrides it for unusual desktops (and for tests).
    public static let defaultDesktopPATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"

    public init() {}

    public func run(_ request: DoctorRequest) async -> DoctorReport {
        let locator = ClientLocator(environment: request.environment, workingDirectory: request.workingDirectory)
        let searched: [ClientConfigLocation]
        let found: [ClientConfigLocation]
        if request.files.isEmpty {
            searched = locator.candidates().filter { request.client == nil || $0.client == request.client }
            found = searched.filter { FileManager.default.isReadableFile(atPath: $0.path) }
        } else {
            found = request.files.map { path in
                let absolute = path.hasPrefix("/") ? path : (request.workingDirectory as NSString).appendingPathComponent(path)
                let text = (try? String(contentsOfFile: absolute, encoding: .utf8)) ?? ""
                let client = request.client ?? ClientLocator.guessClient(path: absolute, text: text)
                let home = request.environment["HOME"] ?? NSHomeDirectory()
                let project = Self.isProjectScoped(absolute, home: home) ? Self.projectOf(absolute) : nil
                return ClientConfigLocation(client: client, path: (absolute as NSString).standardizingPath, project: project)
            }
            searched = found
        }
        var files: [DoctorReport.FileResult] = []
        var entries: [ClientEntry] = []
        for location in found {
            switch ClientEntryReader.read(location) {
            case .success(let list):
                files.append(DoctorReport.FileResult(location: location, servers: list.count, problem: nil))
                entries += list
            case .failure(let problem):
                files.append(DoctorReport.FileResult(location: location, servers: 0, problem: problem))
            }
        }
        let examiner = EntryExaminer(request: request)
        let results = await Self.bounded(entries, concurrency: max(1, request.concurrency)) { await examiner.examine($0) }
        return DoctorReport(toolVersion: PreflightVersion.current, searched: searched, files: files, servers: results)
    }

    /// Project-scoped files live in the project (`.mcp.json`, `.cursor/mcp.json`, `.vscode/...`, `.gemini/...`, `.zed/...`).
    static func isProjectScoped(_ path: String, home: String) -> Bool {
        let name = (path as NSString).lastPathComponent
        let parent = ((path as NSString).deletingLastPathComponent as NSString).lastPathComponent
        if name == ".mcp.json" { return true }
        return [".cursor", ".vscode", ".gemini", ".zed"].contains(parent)
            && (path as NSString).deletingLastPathComponent != (home as NSString).appendingPathComponent(parent)
    }

    static func projectOf(_ path: String) -> String {
        let dir = (path as NSString).deletingLastPathComponent
        return (path as NSString).lastPathComponent == ".mcp.json" ? dir : (dir as NSString).deletingLastPathComponent
    }

    /// Runs `body` on every item, at most `concurrency` at a time, keeping the input order.
    static func bounded<T: Sendable, R: Sendable>(
        _ items: [T], concurrency: Int, _ body: @escaping @Sendable (T) async -> R
    ) async -> [R] {
        await withTaskGroup(of: (Int, R).self) { group in
            var results: [(Int, R)] = []
            var next = 0
            while next < min(concurrency, items.count) {
                let i = next
                group.addTask { (i, await body(items[i])) }
                next += 1
            }
            while let done = await group.next() {
                results.append(done)
                if next < items.count {
                    let i = next
                    group.addTask { (i, await body(items[i])) }
                    next += 1
                }
            }
            return results.sorted { $0.0 < $1.0 }.map(\.1)
        }
    }
}
