import ArgumentParser
import MCPServe
import PreflightCore

/// `preflight mcp`: Preflight as a stdio MCP server, so that an agent can audit the server it is building.
struct MCPCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mcp",
        abstract: "Serve Preflight over MCP (stdio): check_project, explain_check and list_checks, all read-only.",
        discussion: """
            Add to a client as: {"mcpServers": {"preflight": {"command": "preflight", "args": ["mcp"]}}}. \
            check_project audits a folder statically (nothing is run); live audits stay on the command line.
            """)

    func run() async throws {
        let server = MCPStdioServer(
            name: "mcp-preflight", version: PreflightVersion.current, instructions: PreflightTools.instructions,
            tools: PreflightTools.all)
        await server.run()
    }
}
