import ArgumentParser
import Doctor
import Foundation

struct DoctorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "doctor",
        abstract: "Find the MCP client configurations on this machine and tell why each server does or does not connect.",
        discussion: """
            Reads Claude Desktop, Claude Code, Cursor, VS Code, Windsurf, Gemini CLI, Codex CLI and Zed \
            configurations (HOME-relative), checks every server entry, starts each stdio server exactly as its \
            client would (command, args, env, cwd, the client's PATH) or connects to its URL, completes the \
            handshake and lists the tools. No tool is called and no configuration is changed.
            """)

    enum Format: String, CaseIterable, ExpressibleByArgument { case text, json }

    @Option(name: .customLong("client-config"), help: "Examine this configuration file instead of discovering them. Repeatable.")
    var clientConfig: [String] = []

    @Option(name: .long, help: "Only this client: \(MCPClient.allCases.map(\.rawValue).joined(separator: ", ")).")
    var client: String?

    @Option(name: .long, help: "text or json.")
    var format: Format = .text

    @Flag(name: .long, help: "Print the corrected entry of each server a configuration change fixes (nothing is written).")
    var fix = false

    @Option(name: .long, help: "Seconds each server gets to complete the handshake.")
    var timeout: Double = 30

    @Flag(name: .shortAndLong, help: "Details of every server, the PATH searched, the client checks and the tool names.")
    var verbose = false

    func run() async throws {
        var selected: MCPClient?
        if let client {
            guard let c = MCPClient.named(client) else {
                throw UsageError(
                    "--client: unknown client '\(client)' (one of \(MCPClient.allCases.map(\.rawValue).joined(separator: ", ")))")
            }
            selected = c
        }
        guard timeout > 0 else { throw UsageError("--timeout must be positive") }
        for file in clientConfig where !FileManager.default.isReadableFile(atPath: file) {
            throw UsageError("--client-config \(file): cannot read the file")
        }
        let environment = ProcessInfo.processInfo.environment
        var request = DoctorRequest(environment: environment, workingDirectory: FileManager.default.currentDirectoryPath)
        request.files = clientConfig
        request.client = selected
        request.fix = fix
        request.timeout = .milliseconds(Int(timeout * 1000))
        if let path = environment["PREFLIGHT_DESKTOP_PATH"], !path.isEmpty { request.desktopPATH = path }
        let report = await Doctor().run(request)
        switch format {
        case .text: print(DoctorRenderer.text(report, verbose: verbose, home: environment["HOME"]), terminator: "")
        case .json: print(DoctorRenderer.json(report), terminator: "")
        }
        if !report.passed { throw ExitCode(1) }
    }
}
