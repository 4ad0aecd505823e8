"""Weather MCP server: deterministic, offline weather data over MCP."""

__version__ = "1.0.0"
