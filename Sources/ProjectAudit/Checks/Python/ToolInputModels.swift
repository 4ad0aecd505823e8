import PreflightCore

struct ToolInputModels: StaticCheck {
    static let description = CheckDescription(
        id: "code.tool-input-models", title: "Tool parameters are typed", section: .codeQuality, severity: .error,
        rationale: """
            The SDKs build each tool's `inputSchema` and validate arguments from the parameter annotations. An \
            untyped parameter becomes an unvalidated `any`: the model can send anything and the tool must cope.
            """,
        remediation:
            "Annotate every parameter (`city: str`, `days: Annotated[int, Field(ge=1, le=14)]`) or take a Pydantic model.",
        failing: [
            Example([
                "src/app/server.py":
                    "from mcp.server.fastmcp import FastMCP\nmcp = FastMCP('a')\n\n@mcp.tool()\ndef forecast(city, days: int = 3) -> str:\n    return city\n"
            ]),
            Example(
                [
                    "src/app/server.py":
                        "from typing import Any\nfrom fastmcp import FastMCP\nmcp = FastMCP('a')\n\n@mcp.tool\ndef store(payload: Any) -> str:\n    return 'ok'\n"
                ], note: "Any gives no validation"),
            Example(
                [
                    "src/app/tools/files.py":
                        "def register_file_tools(server):\n    @server.tool()\n    def read(path) -> str:\n        return path\n",
                    "src/app/server.py":
                        "from fastmcp import FastMCP\nfrom .tools.files import register_file_tools\n\nclass App:\n    def __init__(self):\n        self.server = FastMCP('a')\n        register_file_tools(self.server)\n",
                ], note: "registered on a server passed as a parameter, held in an attribute"),
            Example(
                [
                    "src/app/server.py":
                        "from mcp.server.fastmcp import FastMCP\n\nclass DemoServer(FastMCP):\n    def __init__(self):\n        super().__init__('demo')\n        self.add_tool(self.echo)\n        self.tool()(shout)\n\n    def echo(self, text) -> str:\n        return text\n\ndef shout(text: str, times) -> str:\n    return text * times\n\nmcp = DemoServer()\n"
                ], note: "a FastMCP subclass registering with add_tool and tool()(fn)"),
        ],
        passing: [
            Example([
                "src/app/server.py":
                    "from mcp.server.fastmcp import FastMCP, Context\nmcp = FastMCP('a')\n\n@mcp.tool()\nasync def forecast(city: str, ctx: Context, days: int = 3) -> str:\n    return city\n"
            ]),
            Example([
                "src/app/server.py":
                    "from pydantic import BaseModel\nfrom mcp.server.fastmcp import FastMCP\nmcp = FastMCP('a')\nclass Q(BaseModel):\n    city: str\n\n@mcp.tool()\ndef forecast(q: Q) -> str:\n    return q.city\n"
            ]),
        ])

    func run(_ project: Project) -> CheckOutput {
        switch PythonSupport.mcpServerFiles(project) {
        case .failure(let reason): return .skip(reason.message)
        case .success(let files):
            let tools = files.flatMap { f in f.tools.map { (f.path, $0) } }
            guard !tools.isEmpty else {
                return .skip(
                    "no tool registered on a high-level server (a lowlevel server's schemas are checked live by tools.schema-valid)"
                )
            }
            var findings: [Finding] = []
            for (path, tool) in tools {
                for p in tool.params where !p.context {
                    let annotation = p.annotation?.trimmed ?? ""
                    if annotation.isEmpty {
                        findings.append(
                            Finding(
                                "parameter `\(p.name)` of tool `\(tool.name)` has no type annotation",
                                at: Location(path, line: p.line)))
                    } else if ["Any", "typing.Any", "object"].contains(annotation) {
                        findings.append(
                            Finding(
                                "parameter `\(p.name)` of tool `\(tool.name)` is `\(annotation)`: nothing is validated",
                                at: Location(path, line: p.line), status: .warn))
                    }
                }
            }
            return .from(findings, pass: "all parameters of \(tools.count) tool\(tools.count == 1 ? "" : "s") are typed")
        }
    }
}
