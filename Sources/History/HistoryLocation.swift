import Foundation

/// Where the history is kept by default and how the file is opened.
public enum HistoryLocation {
    public static let folderName = ".preflight"
    public static let fileName = "history.sqlite"
    /// `PREFLIGHT_HISTORY`: a path to use instead of the default, or `off`.
    public static let environmentVariable = "PREFLIGHT_HISTORY"

    /// `<project>/.preflight/history.sqlite`; the current folder's without a project.
    public static func defaultPath(project: String?) -> String {
        let base = URL(fileURLWithPath: project ?? ".")
        return base.appendingPathComponent(folderName).appendingPathComponent(fileName).path
    }

    /// Opens the file, creating its folder when missing. A `.preflight` folder made here gets a
    /// `.gitignore` of `*`, so that the history is never committed by accident.
    public static func open(_ path: String) throws(HistoryError) -> SQLiteHistoryStore {
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent()
        let fm = FileManager.default
        var isDirectory: ObjCBool = false
        if !fm.fileExists(atPath: folder.path, isDirectory: &isDirectory) {
            do {
                try fm.createDirectory(at: folder, withIntermediateDirectories: true)
            } catch {
                throw HistoryError("cannot create \(folder.path): \(error.localizedDescription)")
            }
            if folder.lastPathComponent == folderName {
                try? Data("# Preflight's run history: local, not for the repository.\n*\n".utf8)
                    .write(to: folder.appendingPathComponent(".gitignore"))
            }
        } else if !isDirectory.boolValue {
            throw HistoryError("\(folder.path) is not a folder")
        }
        return try SQLiteHistoryStore(path: path)
    }
}
