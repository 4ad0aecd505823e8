import Foundation
import Processes

/// The Python that parses a project's sources, resolved once to its real executable (a pyenv shim
/// would otherwise cost a chain of shells on every run).
struct PythonInterpreter: Sendable {
    var executable: String
    var version: ReleaseVersion
}

/// The Python the project's code must parse with. `minimum` is the lower bound of `requires-python`
/// (else the `.python-version` pin): older fails for a reason that is the interpreter's. `preferred` is
/// the pin when `requires-python` admits it (what uv and pyenv run), else `minimum`.
struct PythonRequirement: Sendable {
    var minimum: ReleaseVersion
    var preferred: ReleaseVersion
    var allowed: VersionSet?
    var source: String
}

enum PythonLocator {
    /// The analyzer itself needs 3.9 (`ast.unparse`, positional-only parameters).
    static let analyzerMinimum = ReleaseVersion([3, 9])

    struct Candidate: Equatable {
        var path: String
        /// From the install's name (`python3.12`, `versions/3.12.1`); nil for `python3`.
        var version: ReleaseVersion?
        /// Ties between equal versions: uv-managed, then pyenv, then PATH.
        var rank: Int
    }

    static func requirement(of project: Project) -> PythonRequirement? {
        var allowed: VersionSet?
        var spec = ""
        if let text = project.pyproject?["project"]?["requires-python"]?.stringValue,
            case .success(let set) = SpecifierSet.parse(text)
        {
            allowed = set.versions
            spec = text
        }
        var pinned: (version: ReleaseVersion, source: String)?
        if let file = ConfigPythonVersionFile.versionFile(project),
            let pin = ConfigPythonVersionFile.pin(in: project.text(file) ?? "", path: file),
            let lower = pin.versions?.intervals.first?.lower, lower.parts.count >= 2,
            allowed.map({ $0.overlaps(.range(minor(lower), .successor(ofPrefix: minor(lower).parts))) }) ?? true
        {
            pinned = (minor(lower), "\(file) `\(pin.request)`")
        }
        if let lower = allowed?.intervals.first?.lower {
            return PythonRequirement(
                minimum: minor(lower), preferred: pinned?.version ?? minor(lower), allowed: allowed,
                source: "requires-python `\(spec)`")
        }
        return pinned.map { PythonRequirement(minimum: $0.version, preferred: $0.version, allowed: nil, source: $0.source) }
    }

    static func minor(_ v: ReleaseVersion) -> ReleaseVersion { ReleaseVersion(Array((v.parts + [0, 0]).prefix(2))) }

    /// Installed Pythons: uv-managed ones, pyenv versions, `python3.X` and `python3` on PATH.
    static func candidates(environment: [String: String], searchPath: String?) -> [Candidate] {
        let home = environment["HOME"] ?? NSHomeDirectory()
        let data = environment["XDG_DATA_HOME"].map { $0 + "/uv/python" } ?? home + "/.local/share/uv/python"
        var out: [Candidate] = []
        let installs: [(dir: String, pattern: String, rank: Int)] = [
            (environment["UV_PYTHON_INSTALL_DIR"] ?? data, #"^cpython-(\d+)\.(\d+)\.(\d+)"#, 0),
            ((environment["PYENV_ROOT"] ?? home + "/.pyenv") + "/versions", #"^(\d+)\.(\d+)\.(\d+)$"#, 1),
        ]
        let fm = FileManager.default
        for install in installs {
            for name in ((try? fm.contentsOfDirectory(atPath: install.dir)) ?? []).sorted() {
                guard let range = name.range(of: install.pattern, options: .regularExpression) else { continue }
                let numbers = name[range].split { !$0.isNumber }.compactMap { Int($0) }
                guard numbers.count == 3 else { continue }
                let bin = "\(install.dir)/\(name)/bin/"
                let binary = ["python\(numbers[0]).\(numbers[1])", "python3"].map { bin + $0 }.first {
                    fm.isExecutableFile(atPath: $0)
                }
                if let binary { out.append(Candidate(path: binary, version: ReleaseVersion(numbers), rank: install.rank)) }
            }
        }
        for minor in 9...20 {
            if let path = CommandRunner.which("python3.\(minor)", path: searchPath) {
                out.append(Candidate(path: path, version: ReleaseVersion([3, minor]), rank: 2))
            }
        }
        for name in ["python3", "python"] {
            if let path = CommandRunner.which(name, path: searchPath) {
                out.append(Candidate(path: path, version: nil, rank: 3))
            }
        }
        return out
    }

    /// Candidates in the order to try: the oldest installed Python at or above the preferred version, the
    /// newest of the others the requirement admits, newer ones beyond its upper bound, `python3`, then the
    /// newest of the older ones. Without a requirement, `python3` first, as before.
    static func ordered(_ candidates: [Candidate], for requirement: PythonRequirement?) -> [Candidate] {
        let usable = candidates.filter { ($0.version.map(minor) ?? analyzerMinimum) >= analyzerMinimum }
        let unknown = usable.filter { $0.version == nil }
        let known = usable.compactMap { c in c.version.map { (candidate: c, version: $0) } }
        let newestFirst: (Candidate, Candidate) -> Bool = { a, b in
            let (va, vb) = (a.version ?? analyzerMinimum, b.version ?? analyzerMinimum)
            return minor(va) != minor(vb) ? minor(va) > minor(vb) : a.rank != b.rank ? a.rank < b.rank : va > vb
        }
        guard let requirement else { return unknown + known.map(\.candidate).sorted(by: newestFirst) }
        func admitted(_ v: ReleaseVersion) -> Bool {
            minor(v) >= requirement.minimum
                && (requirement.allowed.map { $0.overlaps(.range(minor(v), .successor(ofPrefix: minor(v).parts))) } ?? true)
        }
        let preferred = known.filter { admitted($0.version) && minor($0.version) >= requirement.preferred }
            .map(\.candidate).sorted {
                let (a, b) = ($0.version ?? analyzerMinimum, $1.version ?? analyzerMinimum)
                return minor(a) != minor(b) ? minor(a) < minor(b) : $0.rank != $1.rank ? $0.rank < $1.rank : a > b
            }
        let fitting = known.filter { admitted($0.version) && minor($0.version) < requirement.preferred }.map(\.candidate)
            .sorted(by: newestFirst)
        let beyond = known.filter { !admitted($0.version) && minor($0.version) >= requirement.minimum }
            .map(\.candidate).sorted(by: newestFirst).reversed()
        let older = known.filter { minor($0.version) < requirement.minimum }.map(\.candidate).sorted(by: newestFirst)
        return preferred + fitting + beyond + unknown + older
    }

    /// Runs the candidate once: its real executable and exact version.
    static func probe(_ path: String, cache: PythonProbeCache? = .open()) async -> PythonInterpreter? {
        if let known = cache?.lookup(path) { return known }
        let code = "import sys; print(sys.executable); print('%d.%d.%d' % sys.version_info[:3])"
        guard let result = try? await CommandRunner.run(path, ["-I", "-S", "-c", code], timeout: .seconds(30)),
            result.succeeded
        else { return nil }
        let lines = result.stdoutText.split(separator: "\n").map { String($0).trimmed }
        guard lines.count >= 2, let version = ReleaseVersion(pep440: lines[1]), version.parts.count == 3 else { return nil }
        let real = lines[0].hasPrefix("/") && FileManager.default.isExecutableFile(atPath: lines[0]) ? lines[0] : path
        let found = PythonInterpreter(executable: real, version: version)
        cache?.store(found, for: path)
        return found
    }

    /// The interpreter to parse with: `explicit` (`--python`) when given, else the best installed one.
    static func locate(explicit: String?, requirement: PythonRequirement?, searchPath: String?) async -> Result<
        PythonInterpreter, SkipReason
    > {
        if let explicit {
            guard let path = explicit.contains("/") ? explicit : CommandRunner.which(explicit, path: searchPath),
                let found = await probe(path)
            else { return .failure(SkipReason("--python \(explicit) could not be run")) }
            guard minor(found.version) >= analyzerMinimum else {
                return .failure(SkipReason("--python \(explicit) is Python \(found.version); the analyzer needs 3.9 or newer"))
            }
            return .success(found)
        }
        let environment = ProcessInfo.processInfo.environment
        for candidate in ordered(candidates(environment: environment, searchPath: searchPath), for: requirement) {
            if let found = await probe(candidate.path), minor(found.version) >= analyzerMinimum { return .success(found) }
        }
        return .failure(SkipReason("no Python 3.9 or newer found (needed to parse Python source exactly); pass --python"))
    }
}
