import Foundation
import PreflightCore

/// The metadata of a project packaged with setup.py (or setup.cfg) instead of pyproject.toml, read
/// from literals: `python_requires`, `install_requires` (or the requirements file it reads),
/// `console_scripts` and `extras_require`. Values built by code are not evaluated.
struct SetupPy {
    struct Value {
        var text: String
        var location: Location
    }

    var path: String
    var pythonRequires: Value?
    var installRequires: [Value] = []
    /// Where `install_requires` comes from when it is read from a file (`requirements.txt`).
    var requirementsFile: String?
    var consoleScripts: [Value] = []
    var extras: [(name: String, entries: [Value])] = []

    /// setup.py or setup.cfg when the project has no pyproject.toml.
    static func load(_ project: Project) -> SetupPy? {
        guard !project.exists(PyprojectSupport.path) else { return nil }
        if let text = project.text("setup.py") { return fromSetupPy(text, project: project) }
        if let text = project.text("setup.cfg") { return fromSetupCfg(text) }
        return nil
    }

    static func fromSetupPy(_ text: String, project: Project) -> SetupPy {
        var setup = SetupPy(path: "setup.py")
        func lineOf(_ offset: String.Index) -> Int { text[..<offset].reduce(1) { $0 + ($1 == "\n" ? 1 : 0) } }
        func strings(after keyword: String, open: Character, close: Character) -> [Value]? {
            guard let key = text.range(of: #"\b\#(keyword)\s*=\s*"#, options: .regularExpression),
                text[key.upperBound...].first == open
            else { return nil }
            var depth = 0
            var end = key.upperBound
            for index in text[key.upperBound...].indices {
                if text[index] == open { depth += 1 }
                if text[index] == close { depth -= 1 }
                if depth == 0 {
                    end = index
                    break
                }
            }
            let body = text[key.upperBound..<end]
            var out: [Value] = []
            var search = body.startIndex
            while let literal = body[search...].range(of: #"(["'])([^"'\n]*)\1"#, options: .regularExpression) {
                let value = String(body[literal].dropFirst().dropLast())
                out.append(Value(text: value, location: Location("setup.py", line: lineOf(literal.lowerBound))))
                search = literal.upperBound
            }
            return out
        }
        if let key = text.range(of: #"\bpython_requires\s*=\s*(["'])([^"']*)\1"#, options: .regularExpression) {
            let literal = text[key].drop { $0 != "\"" && $0 != "'" }
            setup.pythonRequires = Value(
                text: String(literal.dropFirst().dropLast()), location: Location("setup.py", line: lineOf(key.lowerBound)))
        }
        if let list = strings(after: "install_requires", open: "[", close: "]") {
            setup.installRequires = list
        } else if text.range(of: #"\binstall_requires\s*="#, options: .regularExpression) != nil,
            let file = ["requirements.txt", "requirements/base.txt", "requirements/prod.txt"].first(where: project.exists)
        {
            // `install_requires=requirements` read from a file: the file is the list.
            setup.requirementsFile = file
            setup.installRequires = requirementLines(project.text(file) ?? "", path: file)
        }
        if let entryPoints = text.range(of: #"console_scripts["']?\s*[:=]\s*\["#, options: .regularExpression) {
            let rest = text[entryPoints.upperBound...]
            let body = rest[..<(rest.firstIndex(of: "]") ?? rest.endIndex)]
            var search = body.startIndex
            while let literal = body[search...].range(of: #"(["'])([^"'\n]*)\1"#, options: .regularExpression) {
                let value = String(body[literal].dropFirst().dropLast())
                setup.consoleScripts.append(Value(text: value, location: Location("setup.py", line: lineOf(literal.lowerBound))))
                search = literal.upperBound
            }
        }
        if let extras = text.range(of: #"\bextras_require\s*=\s*\{"#, options: .regularExpression) {
            let rest = text[extras.upperBound...]
            var search = rest.startIndex
            // `"dev": ["pytest", ...]` pairs, up to the closing brace.
            let end = rest.firstIndex(of: "}") ?? rest.endIndex
            while let pair = rest[search..<end].range(of: #"(["'])([\w.-]+)\1\s*:\s*\[[^\]]*\]"#, options: .regularExpression) {
                let pairText = rest[pair]
                let name = String(pairText.dropFirst().prefix { $0 != "\"" && $0 != "'" })
                let entries = PythonLiterals.strings(in: String(pairText.drop { $0 != "[" })).map {
                    Value(text: $0, location: Location("setup.py", line: lineOf(pair.lowerBound)))
                }
                setup.extras.append((name, entries))
                search = pair.upperBound
            }
        }
        return setup
    }

    static func fromSetupCfg(_ text: String) -> SetupPy {
        var setup = SetupPy(path: "setup.cfg")
        let ini = INI.parse(text)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        func location(of value: String) -> Location {
            Location("setup.cfg", line: (lines.firstIndex { $0.contains(value) } ?? 0) + 1)
        }
        func values(_ raw: String?) -> [Value] {
            (raw ?? "").split(separator: "\n").map { $0.trimmed }.filter { !$0.isEmpty && !$0.hasPrefix("#") }.map {
                Value(text: $0, location: location(of: $0))
            }
        }
        if let requires = ini["options"]?["python_requires"] {
            setup.pythonRequires = Value(text: requires, location: location(of: "python_requires"))
        }
        setup.installRequires = values(ini["options"]?["install_requires"])
        setup.consoleScripts = values(ini["options.entry_points"]?["console_scripts"])
        setup.extras = (ini["options.extras_require"] ?? [:]).sorted { $0.key < $1.key }.map { ($0.key, values($0.value)) }
        return setup
    }

    /// Requirement lines of a requirements file (options, includes and comments skipped).
    static func requirementLines(_ text: String, path: String) -> [Value] {
        text.split(separator: "\n", omittingEmptySubsequences: false).enumerated().compactMap { index, raw in
            let line = String(raw.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first ?? "").trimmed
            guard !line.isEmpty, !line.hasPrefix("-") else { return nil }
            return Value(text: line, location: Location(path, line: index + 1))
        }
    }

    /// `name = pkg.module:func` → (`name`, `pkg.module:func`).
    static func script(_ entry: String) -> (name: String, target: String)? {
        guard let eq = entry.firstIndex(of: "=") else { return nil }
        return (entry[..<eq].trimmed, String(entry[entry.index(after: eq)...]).trimmed)
    }
}
