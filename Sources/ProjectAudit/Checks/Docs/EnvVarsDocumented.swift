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
            ])
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
                        "import os\nTOKEN = os.environ['WEATHER_TOKEN']\nUNITS = os.getenv('WEATHER_UNITS', 'metric')\n",
                    ".env.example": "WEATHER_TOKEN=\n\n# Optional\n# WEATHER_UNITS=metric\n",
                ], note: "a commented-out optional entry documents it"),
            Example([
                "src/app/settings.py":
                    "from pydantic_settings import BaseSettings, SettingsConfigDict\nclass S(BaseSettings):\n    model_config = SettingsConfigDict(env_prefix='APP_')\n    token: str\n",
                "README.md": "# Srv\n\nAPP_TOKEN: the API token.\n",
            ]),
        ])

    func run(_ project: Project) -> CheckOutput {
        if let why = EnvVarSupport.unknownReason(project) { return .skip(why) }
        let read = EnvVarSupport.variablesRead(project)
        guard !read.isEmpty else { return .pass("the code reads no environment variable") }
        let documented = project.documentation.map(\.text).joined(separator: "\n")
        // Commented-out optional entries (`# NAME=default`) document a variable too, as env.example-file counts them.
        let example = project.envExample.map { EnvExampleFile.listedNames($0, text: project.text($0.path) ?? "") } ?? []
        let missing = read.filter { !example.contains($0.name) && !Self.mentions(documented, $0.name) }
        let findings = missing.map {
            Finding("`\($0.name)` (read at \($0.location.display)) is in neither README nor .env.example", at: $0.location)
        }
        return .from(findings, pass: "all \(read.count) variable\(read.count == 1 ? "" : "s") the code reads are documented")
    }

    /// A whole-word mention, so that `API_KEY` is not found inside `OPENAI_API_KEY`.
    static func mentions(_ text: String, _ name: String) -> Bool {
        var search = text[...]
        while let range = search.range(of: name) {
            let before = range.lowerBound > text.startIndex ? text[text.index(before: range.lowerBound)] : " "
            let after = range.upperBound < text.endIndex ? text[range.upperBound] : " "
            let isWord: (Character) -> Bool = { $0.isLetter || $0.isNumber || $0 == "_" }
            if !isWord(before) && !isWord(after) { return true }
            search = text[range.upperBound...]
        }
        return false
    }
}
