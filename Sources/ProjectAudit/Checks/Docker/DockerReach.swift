import PreflightCore

/// What of a build-context copy ends up in the final image. A builder stage's `COPY . .` reaches
/// it only through the final stages' `COPY --from=builder SRC`: all of it when SRC is the copy's
/// destination or a folder above it, only that part when SRC is inside it (`/app/.venv` takes the
/// context's `.venv`, `/app/dist/*.whl` a build output), so `.git` stays behind.
enum DockerReach {
    enum Reach: Equatable {
        case all
        /// Paths relative to the copy's destination (`.venv`, `dist/*.whl`); empty: nothing.
        case paths([String])
    }

    static func reach(_ file: Dockerfile, copyLine line: Int) -> Reach {
        guard let stageIndex = file.stages.lastIndex(where: { $0.fromLine <= line }) else { return .all }
        let stage = file.stages[stageIndex]
        let lineage = DockerSupport.finalLineage(file)
        if lineage.contains(where: { $0.fromLine == stage.fromLine }) { return .all }
        // Unknown destination: assume it all reaches (a missed exclusion costs more than a warning).
        guard let destination = destination(in: stage, line: line) else { return .all }
        let names = Set([stage.alias?.lowercased(), String(stageIndex)].compactMap { $0 })
        var inside: [String] = []
        for later in lineage {
            for i in later.all("COPY") + later.all("ADD") {
                guard let from = i.flags.first(where: { $0.hasPrefix("--from=") }),
                    names.contains(String(from.dropFirst("--from=".count)).lowercased())
                else { continue }
                let words = i.execForm ?? KeyValueArguments.shellWords(i.body)
                for source in words.dropLast() {
                    if covers(source, destination) { return .all }
                    let path = normalize(source.hasPrefix("/") ? source : "/" + source)
                    if path.hasPrefix(destination + "/") { inside.append(String(path.dropFirst(destination.count + 1))) }
                }
            }
        }
        return .paths(inside)
    }

    /// Whether `item` (`.git`, `.venv`) of the context is in what reaches the image.
    static func takes(_ reach: Reach, _ item: String) -> Bool {
        switch reach {
        case .all: return true
        case .paths(let paths): return paths.contains { $0 == item || $0.hasPrefix(item + "/") || item.hasPrefix($0 + "/") }
        }
    }

    /// The absolute folder or file the copy at `line` writes: its destination, against the stage's
    /// last WORKDIR before it; nil when that is not known (a relative one without a WORKDIR, a variable).
    static func destination(in stage: Dockerfile.Stage, line: Int) -> String? {
        guard let copy = stage.instructions.first(where: { $0.line == line }) else { return nil }
        let words = copy.execForm ?? KeyValueArguments.shellWords(copy.body)
        guard let target = words.last, !target.contains("$") else { return nil }
        if target.hasPrefix("/") { return normalize(target) }
        let workdir = stage.instructions.last { $0.keyword == "WORKDIR" && $0.line < line }?.arguments.trimmed
        guard let workdir, workdir.hasPrefix("/"), !workdir.contains("$") else { return nil }
        return normalize(workdir + "/" + target)
    }

    /// `source` (of a `COPY --from`) takes `destination` with it: the same path, a folder above it,
    /// or a glob whose fixed part is such a folder.
    static func covers(_ source: String, _ destination: String) -> Bool {
        var fixed = source
        if let glob = source.firstIndex(where: { "*?[".contains($0) }) {
            fixed = String(source[..<glob])
            if let slash = fixed.lastIndex(of: "/") { fixed = String(fixed[...slash]) } else { fixed = "" }
        }
        let s = normalize(fixed.hasPrefix("/") ? fixed : "/" + fixed)
        return s == "/" || s == destination || destination.hasPrefix(s + "/")
    }

    static func normalize(_ path: String) -> String {
        var parts: [Substring] = []
        for part in path.split(separator: "/") where part != "." && !part.isEmpty {
            if part == ".." { _ = parts.popLast() } else { parts.append(part) }
        }
        return "/" + parts.joined(separator: "/")
    }
}
