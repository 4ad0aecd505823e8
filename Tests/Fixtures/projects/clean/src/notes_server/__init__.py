"""Notes MCP server: a small personal note store over MCP."""

__version__ = "0.4.1"
