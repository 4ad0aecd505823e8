import PreflightCore

/// The environment variables the server's own code reads, minus the ones the OS or the Python runtime
/// provides. Shared by `env.example-file` and `docs.env-vars`.
enum EnvVarSupport {
    /// Set by the OS, the shell, the terminal, CI or the Python runtime: never the project's configuration.
    static let systemNames: Set<String> = [
        "HOME", "PATH", "USER", "PWD", "SHELL", "TMPDIR", "TEMP", "TMP", "LANG", "LANGUAGE", "TERM", "TZ", "VIRTUAL_ENV",
        "CI", "HOSTNAME", "LOGNAME", "USERNAME", "USERPROFILE", "APPDATA", "LOCALAPPDATA", "SYSTEMROOT", "COLUMNS", "LINES",
    ]
    static let systemPrefixes = ["LC_", "PYTHON", "XDG_"]
    /// Families whose members are runtime-provided when the code only reads them with a fallback
    /// (`CI_COMMIT_SHA`, `TERM_PROGRAM`, `VIRTUAL_ENV_PROMPT`). `HOME_`, `USER_`, `PATH_` and `TEMP_` are left
    /// out: `HOME_ASSISTANT_URL`, `USER_AGENT`, `PATH_PREFIX` and `TEMP_UNIT` are ordinary application settings.
    static let defaultedFamilies = ["PWD", "SHELL", "TMPDIR", "TMP", "LANG", "TERM", "TZ", "VIRTUAL_ENV", "CI", "HOSTNAME"]

    static func isSystem(_ name: String) -> Bool {
        systemNames.contains(name) || systemPrefixes.contains { name.hasPrefix($0) }
    }

    /// Whether a variable read only with a default is a runtime-provided one.
    static func isSystemFamily(_ name: String) -> Bool {
        defaultedFamilies.contains { name.hasPrefix($0 + "_") }
    }

    /// Every variable the server code (test files excluded) reads, sorted by name, each at its first read.
    static func variablesRead(_ project: Project) -> [(name: String, location: Location)] {
        var first: [String: Location] = [:]
        var alwaysDefaulted: [String: Bool] = [:]
        for file in project.serverPythonFiles {
            for read in file.envReads where !read.name.isEmpty {
                let location = Location(file.path, line: read.line)
                if let known = first[read.name] {
                    if location < known { first[read.name] = location }
                } else {
                    first[read.name] = location
                }
                alwaysDefaulted[read.name] = (alwaysDefaulted[read.name] ?? true) && read.hasDefault
            }
        }
        return first.keys.sorted().compactMap { name in
            if isSystem(name) { return nil }
            if alwaysDefaulted[name] == true && isSystemFamily(name) { return nil }
            return first[name].map { (name, $0) }
        }
    }

    /// Whether the code's variables are known: nil when they are, else why not (no Python facts).
    static func unknownReason(_ project: Project) -> String? {
        if let tooOld = project.pythonTooOld { return "the variables the Python source reads are unknown: it \(tooOld)" }
        guard project.python == nil, let why = project.pythonUnavailable else { return nil }
        return "the Python source could not be analysed, so the variables it reads are unknown: \(why)"
    }
}
