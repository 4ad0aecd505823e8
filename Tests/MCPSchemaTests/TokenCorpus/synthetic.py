"""Realistic synthetic MCP servers for the token-estimate corpus.

Hand-written in the shapes real servers produce: zod-to-json-schema output of TypeScript servers
(draft-07, additionalProperties false), long markdown descriptions with code, unicode text.
The Python-SDK server is built in-process by make_corpus.py so its schemas are the SDK's own.
"""

D7 = "http://json-schema.org/draft-07/schema#"


def obj(props, required=(), **extra):
    schema = {"type": "object", "properties": props}
    if required:
        schema["required"] = list(required)
    schema["additionalProperties"] = False
    schema["$schema"] = D7
    schema.update(extra)
    return schema


def tool(name, description, schema, **extra):
    return {"name": name, "description": description, "inputSchema": schema, **extra}


FILESYSTEM = {
    "tools": [
        tool(
            "read_text_file",
            "Read the complete contents of a file from the file system as text. Handles various text encodings "
            "and provides detailed error messages if the file cannot be read. Use this tool when you need to "
            "examine the contents of a single file. Use the 'head' parameter to read only the first N lines of "
            "a file, or the 'tail' parameter to read only the last N lines of a file. Operates on the file as "
            "text regardless of extension. Only works within allowed directories.",
            obj(
                {
                    "path": {"type": "string"},
                    "tail": {"type": "number", "description": "If provided, returns only the last N lines of the file"},
                    "head": {"type": "number", "description": "If provided, returns only the first N lines of the file"},
                },
                ["path"],
            ),
        ),
        tool(
            "read_multiple_files",
            "Read the contents of multiple files simultaneously. This is more efficient than reading files one by "
            "one when you need to analyze or compare multiple files. Each file's content is returned with its "
            "path as a reference. Failed reads for individual files won't stop the entire operation. Only works "
            "within allowed directories.",
            obj({"paths": {"type": "array", "items": {"type": "string"}}}, ["paths"]),
        ),
        tool(
            "write_file",
            "Create a new file or completely overwrite an existing file with new content. Use with caution as it "
            "will overwrite existing files without warning. Handles text content with proper encoding. Only works "
            "within allowed directories.",
            obj({"path": {"type": "string"}, "content": {"type": "string"}}, ["path", "content"]),
        ),
        tool(
            "edit_file",
            "Make line-based edits to a text file. Each edit replaces exact line sequences with new content. "
            "Returns a git-style diff showing the changes made. Only works within allowed directories.",
            obj(
                {
                    "path": {"type": "string"},
                    "edits": {
                        "type": "array",
                        "items": {
                            "type": "object",
                            "properties": {
                                "oldText": {"type": "string", "description": "Text to search for - must match exactly"},
                                "newText": {"type": "string", "description": "Text to replace with"},
                            },
                            "required": ["oldText", "newText"],
                            "additionalProperties": False,
                        },
                    },
                    "dryRun": {
                        "type": "boolean",
                        "default": False,
                        "description": "Preview changes using git-style diff format",
                    },
                },
                ["path", "edits"],
            ),
        ),
        tool(
            "create_directory",
            "Create a new directory or ensure a directory exists. Can create multiple nested directories in one "
            "operation. If the directory already exists, this operation will succeed silently. Perfect for setting "
            "up directory structures for projects or ensuring required paths exist. Only works within allowed "
            "directories.",
            obj({"path": {"type": "string"}}, ["path"]),
        ),
        tool(
            "list_directory_with_sizes",
            "Get a detailed listing of all files and directories in a specified path, including sizes. Results "
            "clearly distinguish between files and directories with [FILE] and [DIR] prefixes. This tool is useful "
            "for understanding directory structure and finding specific files within a directory. Only works "
            "within allowed directories.",
            obj(
                {
                    "path": {"type": "string"},
                    "sortBy": {
                        "type": "string",
                        "enum": ["name", "size"],
                        "default": "name",
                        "description": "Sort entries by name or size",
                    },
                },
                ["path"],
            ),
        ),
        tool(
            "directory_tree",
            "Get a recursive tree view of files and directories as a JSON structure. Each entry includes 'name', "
            "'type' (file/directory), and 'children' for directories. Files have no children array, while "
            "directories always have a children array (which may be empty). The output is formatted with 2-space "
            "indentation for readability. Only works within allowed directories.",
            obj(
                {
                    "path": {"type": "string"},
                    "excludePatterns": {"type": "array", "items": {"type": "string"}, "default": []},
                },
                ["path"],
            ),
        ),
        tool(
            "move_file",
            "Move or rename files and directories. Can move files between directories and rename them in a single "
            "operation. If the destination exists, the operation will fail. Works across different directories and "
            "can be used for simple renaming within the same directory. Both source and destination must be within "
            "allowed directories.",
            obj({"source": {"type": "string"}, "destination": {"type": "string"}}, ["source", "destination"]),
        ),
        tool(
            "search_files",
            "Recursively search for files and directories matching a pattern. The patterns should be glob-style "
            "patterns that match paths relative to the working directory. Use pattern like '*.ext' to match files "
            "in current directory, and '**/*.ext' to match files in all subdirectories. Returns full paths to all "
            "matching items. Great for finding files when you don't know their exact location. Only searches "
            "within allowed directories.",
            obj(
                {
                    "path": {"type": "string"},
                    "pattern": {"type": "string"},
                    "excludePatterns": {"type": "array", "items": {"type": "string"}, "default": []},
                },
                ["path", "pattern"],
            ),
        ),
        tool(
            "get_file_info",
            "Retrieve detailed metadata about a file or directory. Returns comprehensive information including "
            "size, creation time, last modified time, permissions, and type. This tool is perfect for understanding "
            "file characteristics without reading the actual content. Only works within allowed directories.",
            obj({"path": {"type": "string"}}, ["path"]),
        ),
        tool(
            "list_allowed_directories",
            "Returns the list of directories that this server is allowed to access. Subdirectories within these "
            "allowed directories are also accessible. Use this to understand which directories and their nested "
            "paths are available before trying to access files.",
            obj({}),
        ),
    ]
}

_REPO = {
    "owner": {"type": "string", "description": "Repository owner (username or organization)"},
    "repo": {"type": "string", "description": "Repository name"},
}
_PAGING = {
    "page": {"type": "number", "minimum": 1, "description": "Page number for pagination (min 1)"},
    "perPage": {
        "type": "number",
        "minimum": 1,
        "maximum": 100,
        "description": "Results per page for pagination (min 1, max 100)",
    },
}

GITHUB = {
    "tools": [
        tool(
            "create_or_update_file",
            "Create or update a single file in a GitHub repository. If updating, you must provide the SHA of the "
            "file you want to update. Use this tool to create or update a file in a GitHub repository remotely; "
            "do not use it for local file operations.",
            obj(
                {
                    **_REPO,
                    "path": {"type": "string", "description": "Path where to create/update the file"},
                    "content": {"type": "string", "description": "Content of the file"},
                    "message": {"type": "string", "description": "Commit message"},
                    "branch": {"type": "string", "description": "Branch to create/update the file in"},
                    "sha": {
                        "type": "string",
                        "description": "Required if updating an existing file. The blob SHA of the file being replaced.",
                    },
                },
                ["owner", "repo", "path", "content", "message", "branch"],
            ),
        ),
        tool(
            "search_repositories",
            "Find GitHub repositories by name, description, readme, topics, or other metadata. Perfect for "
            "discovering projects, finding examples, or locating specific repositories across GitHub.",
            obj(
                {
                    "query": {
                        "type": "string",
                        "description": "Repository search query. Examples: 'machine learning in:name stars:>1000 "
                        "language:python', 'topic:react', 'user:facebook'. Supports advanced search syntax for "
                        "precise filtering.",
                    },
                    "minimal_output": {
                        "type": "boolean",
                        "default": True,
                        "description": "Return minimal repository information (default: true). When false, returns "
                        "full GitHub API repository objects.",
                    },
                    **_PAGING,
                },
                ["query"],
            ),
        ),
        tool(
            "list_issues",
            "List issues in a GitHub repository. For pagination, use the 'endCursor' from the previous response's "
            "'pageInfo' in the 'after' parameter.",
            obj(
                {
                    **_REPO,
                    "state": {
                        "type": "string",
                        "enum": ["OPEN", "CLOSED"],
                        "description": "Filter by state, by default both open and closed issues are returned when "
                        "not provided",
                    },
                    "labels": {"type": "array", "items": {"type": "string"}, "description": "Filter by labels"},
                    "orderBy": {
                        "type": "string",
                        "enum": ["CREATED_AT", "UPDATED_AT", "COMMENTS"],
                        "description": "Order issues by field. If provided, the 'direction' also needs to be provided.",
                    },
                    "direction": {"type": "string", "enum": ["ASC", "DESC"], "description": "Order direction."},
                    "since": {
                        "type": "string",
                        "description": "Filter by date (ISO 8601 timestamp, e.g. 2024-01-31T23:59:59Z)",
                    },
                    "after": {"type": "string", "description": "Cursor for pagination."},
                    **_PAGING,
                },
                ["owner", "repo"],
            ),
        ),
        tool(
            "create_pull_request",
            "Create a new pull request in a GitHub repository.",
            obj(
                {
                    **_REPO,
                    "title": {"type": "string", "description": "PR title"},
                    "body": {"type": "string", "description": "PR description"},
                    "head": {"type": "string", "description": "Branch containing changes"},
                    "base": {"type": "string", "description": "Branch to merge into"},
                    "draft": {"type": "boolean", "description": "Create as draft PR"},
                    "maintainer_can_modify": {"type": "boolean", "description": "Allow maintainer edits"},
                },
                ["owner", "repo", "title", "head", "base"],
            ),
        ),
        tool(
            "merge_pull_request",
            "Merge a pull request in a GitHub repository.",
            obj(
                {
                    **_REPO,
                    "pullNumber": {"type": "number", "description": "Pull request number"},
                    "commit_title": {"type": "string", "description": "Title for merge commit"},
                    "commit_message": {"type": "string", "description": "Extra detail for merge commit"},
                    "merge_method": {
                        "type": "string",
                        "enum": ["merge", "squash", "rebase"],
                        "description": "Merge method",
                    },
                },
                ["owner", "repo", "pullNumber"],
            ),
        ),
        tool(
            "search_code",
            "Fast and precise code search across ALL GitHub repositories using GitHub's native search engine. Best "
            "for finding exact symbols, functions, classes, or specific code patterns.",
            obj(
                {
                    "query": {
                        "type": "string",
                        "description": "Search query using GitHub's powerful code search syntax. Examples: "
                        "'content:Skill language:Java org:github', 'NOT is:archived language:Python OR "
                        "language:go', 'repo:github/github-mcp-server'. Supports exact matching, language filters, "
                        "path filters, and more.",
                    },
                    "sort": {"type": "string", "description": "Sort field ('indexed' only)"},
                    "order": {"type": "string", "enum": ["asc", "desc"], "description": "Sort order for results"},
                    **_PAGING,
                },
                ["query"],
            ),
        ),
        tool(
            "get_commit",
            "Get details for a commit from a GitHub repository",
            obj(
                {
                    **_REPO,
                    "sha": {"type": "string", "description": "Commit SHA, branch name, or tag name"},
                    "include_diff": {
                        "type": "boolean",
                        "default": True,
                        "description": "Whether to include file diffs and stats in the response. Default is true.",
                    },
                    **_PAGING,
                },
                ["owner", "repo", "sha"],
            ),
        ),
        tool(
            "add_issue_comment",
            "Add a comment to a specific issue in a GitHub repository. Use this tool to add comments to pull "
            "requests as well (in this case pass pull request number as issue_number), but only if user is not "
            "asking specifically to add review comments.",
            obj(
                {
                    **_REPO,
                    "issue_number": {"type": "number", "description": "Issue number to comment on"},
                    "body": {"type": "string", "description": "Comment content"},
                },
                ["owner", "repo", "issue_number", "body"],
            ),
        ),
    ]
}

DATABASE = {
    "tools": [
        tool(
            "query",
            "Run a read-only SQL query against the connected PostgreSQL 16 database and return the rows as JSON.\n\n"
            "The query runs inside a `READ ONLY` transaction with `statement_timeout = 15s`; writes fail with "
            "SQLSTATE 25006. Results are capped at 500 rows - use `LIMIT`/`OFFSET` for paging.\n\n"
            "Example:\n```sql\nSELECT o.id, o.created_at, c.email, SUM(li.qty * li.unit_price) AS total\n"
            "FROM orders o\nJOIN customers c ON c.id = o.customer_id\nJOIN line_items li ON li.order_id = o.id\n"
            "WHERE o.created_at >= now() - interval '30 days'\nGROUP BY o.id, c.email\nORDER BY total DESC\n"
            "LIMIT 20;\n```\n\nTips:\n- Prefer `EXPLAIN (FORMAT JSON)` via the `explain` tool before running "
            "heavy joins.\n- Quote mixed-case identifiers: `\"UserProfile\"`.\n- Parameters use `$1, $2, ...` "
            "placeholders; pass them in `params` (e.g. `[42, \"2024-06-01\"]`).",
            {
                "type": "object",
                "properties": {
                    "sql": {"type": "string", "minLength": 1, "maxLength": 20000, "description": "The SQL statement."},
                    "params": {
                        "type": "array",
                        "items": {"type": ["string", "number", "boolean", "null"]},
                        "maxItems": 100,
                        "description": "Positional parameters for $1..$n.",
                    },
                    "timeout_ms": {"type": "integer", "minimum": 100, "maximum": 15000, "default": 5000},
                },
                "required": ["sql"],
            },
        ),
        tool(
            "explain",
            "Show the query plan for a statement (EXPLAIN ANALYZE is never used, so the statement is not executed). "
            "Returns the JSON plan plus a short summary such as `Seq Scan on orders (cost=0.00..4312.50 rows=120500 "
            "width=48)` so you can spot missing indexes.",
            {
                "type": "object",
                "properties": {
                    "sql": {"type": "string"},
                    "format": {"type": "string", "enum": ["json", "text", "yaml"], "default": "json"},
                    "verbose": {"type": "boolean", "default": False},
                },
                "required": ["sql"],
            },
        ),
        tool(
            "list_tables",
            "List tables and views in a schema with row estimates (from pg_class.reltuples) and total size, e.g. "
            "`public.orders  ~1.2M rows  384 MB`.",
            {
                "type": "object",
                "properties": {
                    "schema": {"type": "string", "default": "public", "pattern": "^[a-z_][a-z0-9_]{0,62}$"},
                    "include_views": {"type": "boolean", "default": True},
                },
            },
        ),
        tool(
            "describe_table",
            "Describe a table: columns (name, type, nullability, default), primary key, foreign keys, indexes and "
            "check constraints. Equivalent to psql's `\\d+ table_name`.",
            {
                "type": "object",
                "properties": {
                    "table": {
                        "type": "string",
                        "description": "Qualified or bare table name, e.g. 'public.orders' or \"line_items\".",
                        "pattern": "^([a-z_][a-z0-9_]*\\.)?[a-z_][a-z0-9_]*$",
                    }
                },
                "required": ["table"],
            },
        ),
        tool(
            "run_migration",
            "Apply a migration file from ./migrations (e.g. `0042_add_orders_status.sql`). Requires `confirm: true`. "
            "Destructive: takes an ACCESS EXCLUSIVE lock for DDL.\n\n```python\n# what the server does\nwith conn."
            "transaction():\n    conn.execute(open(path).read())\n    conn.execute(\"INSERT INTO schema_migrations"
            "(version) VALUES (%s)\", [version])\n```",
            {
                "type": "object",
                "properties": {
                    "file": {"type": "string", "pattern": "^\\d{4}_[a-z0-9_]+\\.sql$"},
                    "confirm": {"const": True},
                },
                "required": ["file", "confirm"],
            },
            annotations={"destructiveHint": True, "idempotentHint": False},
        ),
    ],
    "resources": [
        {
            "uri": "postgres://localhost:5432/shop/schema",
            "name": "schema",
            "description": "Full DDL of the public schema (pg_dump --schema-only).",
            "mimeType": "application/sql",
        },
        {
            "uri": "postgres://localhost:5432/shop/stats",
            "name": "stats",
            "description": "pg_stat_statements top 50 by total_exec_time, refreshed every 60 s.",
            "mimeType": "application/json",
        },
    ],
    "prompts": [
        {
            "name": "optimize_query",
            "description": "Analyse a slow query: read its plan, propose indexes (CREATE INDEX CONCURRENTLY ...), "
            "and rewrite it if a CTE or lateral join would help.",
            "arguments": [
                {"name": "sql", "description": "The slow query", "required": True},
                {"name": "target_ms", "description": "Desired latency in milliseconds, e.g. 50"},
            ],
        }
    ],
}

I18N = {
    "tools": [
        tool(
            "translate",
            "Translate text between languages. Übersetzt Texte zwischen Sprachen – unterstützt Deutsch, Français, "
            "Español, 日本語, 中文 (简体/繁體), 한국어, Русский and العربية. Keeps Markdown formatting and "
            "placeholders like {name} or %s intact. ✨ Tip: pass `formality: \"formal\"` for Sie/vous.",
            {
                "type": "object",
                "properties": {
                    "text": {"type": "string", "maxLength": 5000, "description": "Text to translate, e.g. 'Grüß Gott!'"},
                    "source_lang": {
                        "type": "string",
                        "description": "BCP-47 code of the source language; omit to auto-detect.",
                    },
                    "target_lang": {
                        "type": "string",
                        "enum": ["de", "en-GB", "en-US", "es", "fr", "it", "ja", "ko", "pt-BR", "ru", "zh-Hans",
                                 "zh-Hant", "ar"],
                    },
                    "formality": {"type": "string", "enum": ["default", "formal", "informal"], "default": "default"},
                },
                "required": ["text", "target_lang"],
            },
        ),
        tool(
            "wetter_abfragen",
            "Liefert das aktuelle Wetter für eine Stadt: Temperatur in °C, gefühlte Temperatur, Luftfeuchtigkeit "
            "(%), Windgeschwindigkeit in km/h und Niederschlag in mm. Beispiel: „München“, „Köln“ oder „Zürich“.",
            {
                "type": "object",
                "properties": {
                    "stadt": {"type": "string", "description": "Name der Stadt, z. B. 'Düsseldorf'"},
                    "einheiten": {"type": "string", "enum": ["metrisch", "imperial"], "default": "metrisch"},
                },
                "required": ["stadt"],
            },
        ),
        tool(
            "天気予報",
            "指定した都市の天気予報を取得します。最大7日先まで対応しています。例：「東京」「大阪」「札幌」。"
            "気温は摂氏（℃）で返されます。",
            {
                "type": "object",
                "properties": {
                    "都市": {"type": "string", "description": "都市名（例：東京）"},
                    "日数": {"type": "integer", "minimum": 1, "maximum": 7, "default": 3},
                },
                "required": ["都市"],
            },
        ),
        tool(
            "搜索新闻",
            "搜索最新的中文新闻报道，返回标题、来源、发布时间和摘要。支持按类别过滤：科技、财经、体育、娱乐。",
            {
                "type": "object",
                "properties": {
                    "关键词": {"type": "string", "description": "搜索关键词，例如“人工智能”"},
                    "类别": {"type": "string", "enum": ["科技", "财经", "体育", "娱乐"]},
                },
                "required": ["关键词"],
            },
        ),
        tool(
            "поиск_книг",
            "Ищет книги в каталоге библиотеки по названию, автору или ISBN. Например: «Война и мир», "
            "«Достоевский» или 978-5-17-090630-8. Возвращает до 20 результатов.",
            {
                "type": "object",
                "properties": {
                    "запрос": {"type": "string", "description": "Поисковый запрос"},
                    "год_от": {"type": "integer", "minimum": 1450, "description": "Год издания, не ранее"},
                },
                "required": ["запрос"],
            },
        ),
        tool(
            "react_with_emoji",
            "Add an emoji reaction to a chat message 👍 🎉 ❤️ 🚀 👀 😂. Use the Unicode character itself, not the "
            "shortcode (:tada:). Café-style names like “naïve résumé” are fine in the note field.",
            {
                "type": "object",
                "properties": {
                    "message_id": {"type": "string", "pattern": "^[0-9]{10}\\.[0-9]{6}$"},
                    "emoji": {"type": "string", "maxLength": 8, "examples": ["👍", "🎉"]},
                    "note": {"type": "string"},
                },
                "required": ["message_id", "emoji"],
            },
        ),
    ]
}

KITCHEN_SINK = {
    "tools": [
        tool(
            "http_request",
            "Send an HTTP request to an allow-listed API and return status, headers and body (truncated to 64 KiB). "
            "Allowed hosts: api.example.com, hooks.slack.com, 10.0.0.0/8 is blocked. Example call:\n\n"
            "```js\nawait http_request({ method: \"POST\", url: \"https://api.example.com/v2/orders?expand=items\", "
            "headers: { \"Content-Type\": \"application/json\", \"X-Request-Id\": \"3f2b9c1e-8a4d-4e6f-b7c2-"
            "9d0e1f2a3b4c\" }, body: JSON.stringify({ sku: \"AB-1234\", qty: 2 }) });\n```\n\n"
            "Rate limit: 120 req/min, burst 20; retries on 429/503 with exponential back-off (0.5s, 1s, 2s).",
            {
                "$schema": "https://json-schema.org/draft/2020-12/schema",
                "type": "object",
                "properties": {
                    "method": {"type": "string", "enum": ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD"]},
                    "url": {"type": "string", "format": "uri", "maxLength": 2048},
                    "headers": {"type": "object", "additionalProperties": {"type": "string"}, "maxProperties": 32},
                    "body": {"type": ["string", "null"], "maxLength": 1048576},
                    "timeout_s": {"type": "number", "exclusiveMinimum": 0, "maximum": 30, "default": 10},
                },
                "required": ["method", "url"],
                "additionalProperties": False,
            },
        ),
        tool(
            "schedule_job",
            "Schedule a recurring job with a cron expression (5 fields, UTC): e.g. \"*/15 9-17 * * 1-5\" runs every "
            "15 minutes during office hours on weekdays; \"0 3 1 * *\" runs at 03:00 on the 1st of each month. "
            "Returns the job id (ULID such as 01HZX3K9M7Q2W8E4R6T1Y5U0IP) and the next 3 run times.",
            {
                "type": "object",
                "properties": {
                    "name": {"type": "string", "pattern": "^[a-z][a-z0-9-]{2,39}$"},
                    "cron": {"type": "string", "description": "Cron expression, e.g. '0 */6 * * *'"},
                    "timezone": {"type": "string", "default": "UTC", "description": "IANA zone such as Europe/Berlin"},
                    "payload": {"$ref": "#/$defs/payload"},
                    "retry": {
                        "type": "object",
                        "properties": {
                            "max_attempts": {"type": "integer", "minimum": 0, "maximum": 10, "default": 3},
                            "backoff": {"enum": ["fixed", "linear", "exponential"], "default": "exponential"},
                        },
                    },
                },
                "required": ["name", "cron"],
                "$defs": {
                    "payload": {
                        "oneOf": [
                            {"type": "object", "properties": {"kind": {"const": "webhook"}, "url": {"type": "string",
                             "format": "uri"}}, "required": ["kind", "url"]},
                            {"type": "object", "properties": {"kind": {"const": "script"}, "path": {"type": "string"},
                             "args": {"type": "array", "items": {"type": "string"}}}, "required": ["kind", "path"]},
                        ]
                    }
                },
            },
        ),
        tool(
            "render_chart",
            "Render a chart (PNG, 1200x800 @2x) from tabular data. Colours accept hex (#1f77b4, #ff7f0e) or CSS "
            "names. Version 3.4.1 added log axes; set `y_scale: \"log\"` for values spanning 1e-3..1e6.",
            {
                "type": "object",
                "properties": {
                    "kind": {"type": "string", "enum": ["line", "bar", "scatter", "area", "pie", "heatmap"]},
                    "x": {"type": "array", "items": {"type": ["number", "string"]}, "minItems": 1, "maxItems": 10000},
                    "series": {
                        "type": "array",
                        "items": {
                            "type": "object",
                            "properties": {
                                "label": {"type": "string"},
                                "values": {"type": "array", "items": {"type": "number"}},
                                "color": {"type": "string", "pattern": "^#[0-9a-fA-F]{6}$"},
                            },
                            "required": ["values"],
                        },
                    },
                    "y_scale": {"enum": ["linear", "log"], "default": "linear"},
                    "title": {"type": "string", "maxLength": 120},
                },
                "required": ["kind", "x", "series"],
            },
        ),
        tool(
            "lookup_ip",
            "Geolocate an IPv4/IPv6 address, e.g. 203.0.113.42 or 2001:db8::ff00:42:8329, returning country "
            "(ISO 3166-1 alpha-2), city, ASN (AS15169) and a confidence score between 0.0 and 1.0.",
            {
                "type": "object",
                "properties": {"ip": {"type": "string", "anyOf": [{"format": "ipv4"}, {"format": "ipv6"}]}},
                "required": ["ip"],
            },
        ),
    ],
    "prompts": [
        {
            "name": "incident_summary",
            "description": "Summarise an incident for the status page: impact, timeline (UTC, HH:MM), root cause, "
            "remediation and follow-ups. Keep it under 200 words and avoid blame.",
            "arguments": [
                {"name": "incident_id", "description": "e.g. INC-2024-0193", "required": True},
                {"name": "audience", "description": "customers | internal"},
            ],
        }
    ],
}

SERVERS = {
    "filesystem": FILESYSTEM,
    "github": GITHUB,
    "database": DATABASE,
    "i18n": I18N,
    "kitchen-sink": KITCHEN_SINK,
}
