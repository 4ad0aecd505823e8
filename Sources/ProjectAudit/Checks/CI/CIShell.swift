/// Splits a CI `run`/`script` text into simple commands, the way a POSIX shell reads it: quotes
/// keep words together, `\` at a line end continues the line, `#` starts a comment, and `&&`,
/// `||`, `;`, `|`, `(`, `)`, `$(` and newlines end a command. Only the first word of a command is
/// a program, so `echo "pytest"` is an `echo`, never a test run.
enum CIShell {
    struct Command: Sendable, Equatable {
        var words: [String]
        /// 0-based line within the script where the command starts.
        var line: Int
        /// The operator that ends the command: `&&`, `||`, `;`, `|`, `&`, a newline (`\n`) or `` at the end.
        var separator: String = ""
    }

    static func split(_ script: String) -> [Command] {
        var parser = Parser()
        let chars = Array(script)
        var i = 0
        while i < chars.count {
            let c = chars[i]
            let next: Character? = i + 1 < chars.count ? chars[i + 1] : nil
            if let quote = parser.quote {
                if c == quote {
                    parser.quote = nil
                } else if c == "\\", quote == "\"", let next {
                    if next != "\n" { parser.word.append(next) } else { parser.line += 1 }
                    i += 1
                } else {
                    if c == "\n" { parser.line += 1 }
                    parser.word.append(c)
                }
                i += 1
                continue
            }
            switch c {
            case "\\":
                if next == "\n" { parser.line += 1 } else if let next { parser.append(next) }
                i += 1
            case "'", "\"":
                parser.quote = c
                parser.inWord = true
            case "#" where !parser.inWord:
                while i + 1 < chars.count, chars[i + 1] != "\n" { i += 1 }
            case " ", "\t", "\r":
                parser.endWord()
            case "\n":
                parser.endCommand("\n")
                parser.line += 1
            case "&" where parser.word.hasSuffix(">") || next == ">":
                parser.append(c)  // `2>&1`, `&>file`: a redirection, not a separator
            case "&" where next == "&", "|" where next == "|":
                parser.endCommand(String([c, c]))
                i += 1
            case ";", "&", "|", "(", ")", "`":
                parser.endCommand(String(c))
            case "$" where next == "(":
                parser.endCommand()
                i += 1
            default:
                parser.append(c)
            }
            i += 1
        }
        parser.endCommand()
        return parser.commands
    }

    private struct Parser {
        var commands: [Command] = []
        var words: [String] = []
        var word = ""
        var inWord = false
        var quote: Character?
        var line = 0
        var commandLine = 0

        mutating func append(_ c: Character) {
            word.append(c)
            inWord = true
        }

        mutating func endWord() {
            guard inWord else { return }
            if words.isEmpty { commandLine = line }
            words.append(word)
            word = ""
            inWord = false
        }

        mutating func endCommand(_ separator: String = "") {
            endWord()
            if !words.isEmpty { commands.append(Command(words: words, line: commandLine, separator: separator)) }
            words = []
        }
    }
}
