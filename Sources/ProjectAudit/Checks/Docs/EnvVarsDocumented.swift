import PreflightCore

struct EnvVarsDocumented: StaticCheck {
    static let description = CheckDescription(
        id: "docs.env-vars", title: "Environment variables are documented", section: .documentation,
        severity: .warning,
        rationale: """
            A variable the code reads but nobody wrote down is discovered in production, as a crash or a silently \
            wrong default.
            """,
        remediation: "Name every variable in README (an environment table) or `.env.example`, with whether it is required.",
        failing: [
            Example([
                "src/app/config.py":
                    "import os\nTOKEN = os.environ['WEATHER_TOKEN']\nUNITS = os.getenv('WEATHER_UNITS', 'metric')\n",
                "README.md": "# Srv\n\nSet `WEATHER_TOKEN`.\n",
            ]),
            Example(
                [
                    "src/app/config.py":
                        "import os\n\ndef get_var(label, env_name):\n    value = os.getenv(env_name)\n    if not value:\n        raise SystemExit(f'{label} missing')\n    return value\n\nPAT = get_var('token', 'SERVICE_PAT')\n",
                    "README.md": "# Srv\n",
                ], note: "read through a helper"),
        ],
        passing: [
            Example([
                "src/app/config.py":
                    "import os\nTOKEN = os.environ['WEATHER_TOKEN']\nUNITS = os.getenv('WEATHER_UNITS', 'metric')\nHOME = os.environ['HOME']\n",
                "README.md": "# Srv\n\n| `WEATHER_TOKEN` | required |\n",
                ".env.example": "WEATHER_UNITS=metric\n",
            ]),
            Example(
                [
                    "src/app/config.py":
                        "import os\nTOKEN = os.environ['DEMO_TOKEN']\nURL = os.getenv('DEMO_URL', 'https://x')\n",
                    "README.md": "# Srv\n",
                    ".env.example": "DEMO_TOKEN=\n# DEMO_URL=https://api.example.com\n",
                ], note: "a commented-out .env.example entry documents an optional variable"),
            Example([
                "src/app/settings.py":
                    "from pydantic_settings import BaseSettings, SettingsConfigDict\nclass S(BaseSettings):\n    model_config = SettingsConfigDict(env_prefix='APP_')\n    token: str\n",
                "README.md": "# Srv\n\nAPP_TOKEN: the API token.\n",
            ]),
            Example(
                [
                    "src/app/config.py":
                        "import os\n\ndef env(name, default=None):\n    return os.environ.get(name, default)\n\nTOKEN = env('APP_TOKEN')\nURL = env('APP_URL', 'https://api.example.com')\n",
                    ".env.example": "APP_TOKEN=\n# APP_URL=https://api.example.com\n",
                ], note: "read through a helper; an optional variable listed commented out"),
        ])

    func run(_ project: Project) -> CheckOutput {
        if let why = EnvVarSupport.unknownReason(project) { return .skip(why) }
        let read = EnvVarSupport.variablesRead(project)
        guard !read.isEmpty else { return .pass("the code reads no environment variable") }
        let documented = project.documentation.map(\.text).joined(separator: "\n")
        let words = Self.words(documented)
        let example = project.envExample?.keys ?? []
        let missing = read.filter { !example.contains($0.name) && !Self.mentions(documented, $0.name, words: words) }
        let findings = missing.map {
            Finding("`\($0.name)` (read at \($0.location.display)) is in neither README nor .env.example", at: $0.location)
        }
        return .from(findings, pass: "all \(read.count) variable\(read.count == 1 ? "" : "s") the code reads are documented")
    }

    /// A whole-word mention, so that `API_KEY` is not found inside `OPENAI_API_KEY`. `words` is
    /// `words(text)`: a name made of word characters is looked up there, anything else searched.
    static func mentions(_ text: String, _ name: String, words: Set<Substring>) -> Bool {
        if !name.isEmpty, name.allSatisfy(isWord) { return words.contains(Substring(name)) }
        var search = text[...]
        while let range = search.range(of: name) {
            let before = range.lowerBound > text.startIndex ? text[text.index(before: range.lowerBound)] : " "
            let after = range.upperBound < text.endIndex ? text[range.upperBound] : " "
            if !isWord(before) && !isWord(after) { return true }
            search = text[range.upperBound...]
        }
        return false
    }

    static func isWord(_ c: Character) -> Bool { c.isLetter || c.isNumber || c == "_" }

    /// The maximal runs of word characters (letters, digits, `_`) in `text`, in one pass over its
    /// UTF-8 bytes; a non-ASCII character is decided by its Unicode properties.
    static func words(_ text: String) -> Set<Substring> {
        var words: Set<Substring> = []
        var start: String.Index?
        let utf8 = text.utf8
        var i = utf8.startIndex
        while i < utf8.endIndex {
            let b = utf8[i]
            let word: Bool
            let next: String.Index
            if b < 0x80 {
                word = (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || b == 0x5F
                next = utf8.index(after: i)
            } else if b >= 0xC0 {
                let s = text.unicodeScalars[i]
                word =
                    s.properties.isAlphabetic || s.properties.numericType != nil
                    || s.properties.generalCategory == .nonspacingMark
                next = text.unicodeScalars.index(after: i)
            } else {
                // A continuation byte is never reached from a scalar boundary; step over it safely.
                word = start != nil
                next = utf8.index(after: i)
            }
            if word {
                if start == nil { start = i }
            } else if let from = start {
                words.insert(text[from..<i])
                start = nil
            }
            i = next
        }
        if let from = start { words.insert(text[from...]) }
        return words
    }
}
