"""MCP Preflight static analyzer for Python sources.

Usage: python3 analyzer.py ROOT RELPATH [RELPATH ...]

Parses each file with the standard library `ast` module (never imports or runs it) and prints ONE
JSON document on stdout describing MCP servers, tools, stdout writes, logging setup, environment
reads, SQL construction, file access and shell calls. Per-file problems become an "error" entry and
the exit status stays 0. Pure standard library; Python 3.9 - 3.13.
"""
import ast, io, json, os, re, sys, threading, tokenize  # noqa: E401 (standard library only)

MAX_BYTES = 2 * 1024 * 1024
# Deeper trees are reported as errors. CPython >= 3.11 refuses ~3000 levels by itself; a fixed cap
# keeps results identical across versions and keeps the (iterative) walks below cheap.
MAX_DEPTH = 2000
# 3.9/3.10 build the AST with unchecked C recursion and die with SIGSEGV on e.g. `1+1+...` with
# 200k terms. Parsing in a thread with a large stack lets the parse finish so the cap reports it.
THREAD_STACK = 512 * 1024 * 1024

LISTS = ("imports", "servers", "tools", "runCalls", "prints", "stdoutWrites", "loggingConfig",
         "envReads", "sqlExecutes", "fileAccess", "shellCalls")
FUNCS = (ast.FunctionDef, ast.AsyncFunctionDef)
BINDINGS = (ast.Import, ast.ImportFrom, ast.Assign, ast.AnnAssign, ast.AugAssign)

# Fully-qualified constructor -> (class, framework). Checked against the mcp 2.3.0 and fastmcp 4.2.3
# wheels; mcp.server.fastmcp is the mcp 1.x path (a stub raising ModuleNotFoundError in mcp 2.x).
SERVER_CLASSES = {mod + "." + cls: (cls, fw) for cls, fw, mods in (
    ("FastMCP", "mcp", "mcp.server.fastmcp mcp.server.fastmcp.server mcp.server"),
    ("MCPServer", "mcp", "mcp.server.mcpserver mcp.server.mcpserver.server mcp.server"),
    ("FastMCP", "fastmcp", "fastmcp fastmcp.server fastmcp.server.server"),
    ("Server", "mcp-lowlevel", "mcp.server.lowlevel mcp.server.lowlevel.server mcp.server"),
) for mod in mods.split()}
SERVER_FACTORIES = ("from_fastapi", "from_openapi", "as_proxy")  # FastMCP.from_openapi(...) etc.
INSTRUCTIONS_POS = {"FastMCP": 1, "MCPServer": 3, "Server": 2}  # positional index of `instructions`
TRANSPORTS = ("stdio", "sse", "streamable-http", "http")
RUN_METHODS = {"run_stdio_async": "stdio", "run_sse_async": "sse", "sse_app": "sse",
               "run_streamable_http_async": "streamable-http", "streamable_http_app": "streamable-http",
               "run_http_async": "http", "http_app": "http"}
TRANSPORT_CALLS = {"mcp.server.stdio.stdio_server": "stdio", "mcp.server.sse.SseServerTransport": "sse",
                   "mcp.server.streamable_http_manager.StreamableHTTPSessionManager": "streamable-http"}

STDOUT, STDERR = ("sys.stdout", "sys.__stdout__"), ("sys.stderr", "sys.__stderr__")
SETTINGS_BASES = ("pydantic_settings.BaseSettings", "pydantic_settings.main.BaseSettings",
                  "pydantic.BaseSettings", "pydantic.env_settings.BaseSettings", "pydantic.v1.BaseSettings")
SQL_METHODS = ("execute", "executemany", "executescript")

OPEN_FUNCS = "open builtins.open io.open codecs.open os.open aiofiles.open anyio.open_file".split()
PATH_CTORS = "Path pathlib.Path pathlib.PurePath pathlib.PosixPath anyio.Path trio.Path".split()
OS_FS = ["os." + n for n in "remove unlink listdir scandir rmdir removedirs mkdir makedirs rename replace "
                            "walk chmod".split()] + ["os.path.join", "glob.glob", "glob.iglob"]
PATH_METHODS = "read_text read_bytes write_text write_bytes open iterdir glob rglob unlink rmdir mkdir " \
               "touch rename".split()
RESOLVERS = ("os.path.realpath", "os.path.abspath")
CHECKERS = ("os.path.commonpath", "os.path.commonprefix")
CHECK_METHODS = ("is_relative_to", "relative_to", "startswith")
HELPER_HINTS = ("safe", "contain", "within", "validate_path", "resolve_path", "allowed")
NOT_HELPERS = ("safe_load", "safe_load_all", "safe_dump", "safe_dump_all", "safe_substitute")

SHELL_ALWAYS = ("os.system os.popen asyncio.create_subprocess_shell asyncio.subprocess.create_subprocess_shell "
                "subprocess.getoutput subprocess.getstatusoutput commands.getoutput commands.getstatusoutput").split()
SUBPROCESS = ["subprocess." + n for n in ("run", "call", "check_call", "check_output", "Popen")]
TOO_DEEP = "expression nested too deeply"


class DepthError(Exception):
    def __init__(self, line):
        Exception.__init__(self, TOO_DEEP)
        self.line = line


# ------------------------------------------------------------------------------------------ helpers
def str_const(node):
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def kwarg(call, name):
    return next((k.value for k in call.keywords if k.arg == name), None)


def is_const(node, value):
    return isinstance(node, ast.Constant) and node.value is value


def given(node):
    """An argument that was passed and is not a literal None."""
    return node is not None and not is_const(node, None)


def is_main_guard(test):
    if not (isinstance(test, ast.Compare) and len(test.ops) == 1 and isinstance(test.ops[0], ast.Eq)):
        return False
    sides = [test.left, test.comparators[0]]
    return any(isinstance(s, ast.Name) and s.id == "__name__" for s in sides) and \
        any(str_const(s) == "__main__" for s in sides)


def walk_ctx(tree, route):
    """Iterative walk over (node, enclosing function defs, inside `if __name__ == "__main__":`),
    appending each entry to the list `route` maps its node type to. Enforces MAX_DEPTH (DepthError
    with the line of the deepest node). Load/Store/Del contexts are leaves nobody reads: checked for
    depth where they are met (they are the last field, so the order of errors is unchanged), not walked."""
    AST, CTX = ast.AST, ast.expr_context
    stack = [(tree, (), False, 0, 0)]
    pop, push, get = stack.pop, stack.append, route.get
    while stack:
        node, funcs, main, depth, line = entry = pop()
        line = getattr(node, "lineno", line)
        if depth > MAX_DEPTH:
            raise DepthError(line)
        bucket = get(type(node))
        if bucket is not None:
            bucket.append(entry[:3])
        depth += 1
        if isinstance(node, FUNCS):
            for field in node._fields:  # decorators/defaults run outside the function
                inner = funcs + (node,) if field == "body" else funcs
                value = getattr(node, field, None)
                for c in (value if isinstance(value, list) else [value]):
                    if isinstance(c, AST):
                        push((c, inner, main, depth, line))
        elif isinstance(node, ast.If) and is_main_guard(node.test):
            for c in node.body:
                push((c, funcs, True, depth, line))
            for c in [node.test] + node.orelse:
                push((c, funcs, main, depth, line))
        else:
            for field in node._fields:
                value = getattr(node, field, None)
                if isinstance(value, list):
                    for c in value:
                        if isinstance(c, AST):
                            push((c, funcs, main, depth, line))
                elif isinstance(value, AST):
                    if not isinstance(value, CTX):
                        push((value, funcs, main, depth, line))
                    elif depth > MAX_DEPTH:
                        raise DepthError(line)


def simple_unparse(n):
    """Fallback annotation text where ast.unparse is missing: names, attributes, subscripts, `|`."""
    u = simple_unparse
    return n.id if isinstance(n, ast.Name) else repr(n.value) if isinstance(n, ast.Constant) else \
        u(n.value) + "." + n.attr if isinstance(n, ast.Attribute) else \
        "%s[%s]" % (u(n.value), u(n.slice)) if isinstance(n, ast.Subscript) else \
        ", ".join(u(e) for e in n.elts) if isinstance(n, ast.Tuple) else \
        u(n.left) + " | " + u(n.right) if isinstance(n, ast.BinOp) else "..."


def annotation_text(node):
    if node is None:
        return None
    try:
        return ast.unparse(node) if hasattr(ast, "unparse") else simple_unparse(node)
    except (RecursionError, ValueError, AttributeError):
        return "..."


def loaded_names(node):
    return {n.id for n in ast.walk(node) if isinstance(n, ast.Name) and not isinstance(n.ctx, ast.Store)}


def stored_names(target):
    return [n.id for n in ast.walk(target) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store)]


def non_literal(e):
    """True unless `e` is a constant or an f-string without placeholders."""
    return not isinstance(e, ast.Constant) and not (
        isinstance(e, ast.JoinedStr) and not any(isinstance(v, ast.FormattedValue) for v in e.values))


# ---------------------------------------------------------------------------- per-file analysis
class Analyzer:
    def __init__(self, tree):
        # One walk, sorting out the nodes each step reads, in walk order.
        self.funcs, self.classes, self.bindings, self.env_nodes = [], [], [], []
        route = {ast.FunctionDef: self.funcs, ast.AsyncFunctionDef: self.funcs, ast.ClassDef: self.classes,
                 ast.Call: self.env_nodes, ast.Subscript: self.env_nodes}
        route.update((t, self.bindings) for t in BINDINGS)
        walk_ctx(tree, route)
        self.calls = [e for e in self.env_nodes if type(e[0]) is ast.Call]
        self.names = {}          # local name -> dotted origin, from imports
        self.from_imported = set()
        self.imports = set()
        self.servers = {}        # variable -> (class, framework)
        self.tool_fns = {}       # id(FunctionDef) -> (node, params used for data flow)
        self.assigns = {}        # (id(function) or None, name) -> [(line, kind, node)] in line order
        self.taints = {}
        self.out = {k: [] for k in LISTS}

    def run(self):
        for step in (self.collect_imports_and_assigns, self.collect_servers, self.collect_tools,
                     self.collect_runs, self.collect_output, self.collect_env, self.collect_settings,
                     self.collect_sql, self.collect_file_access, self.collect_shell):
            step()
        result = {k: sorted(v, key=lambda e: (e["line"], e.get("name", ""), json.dumps(e, sort_keys=True)))
                  for k, v in self.out.items()}  # by line, then name, then the whole entry: deterministic
        result["imports"] = sorted(self.imports)
        return result

    def dotted(self, node):
        """`a.b.c` resolved through import aliases (`fm.FastMCP` -> `mcp.server.fastmcp.FastMCP`)."""
        parts = []
        while isinstance(node, ast.Attribute):
            parts.append(node.attr)
            node = node.value
        if not isinstance(node, ast.Name):
            return None
        parts.append(self.names.get(node.id, node.id))
        return ".".join(reversed(parts))

    def stream_of(self, node):
        q = self.dotted(node)
        return "stdout" if q in STDOUT else "stderr" if q in STDERR else "unknown"

    def collect_imports_and_assigns(self):
        for node, funcs, _ in self.bindings:
            if isinstance(node, ast.Import):
                for a in node.names:
                    self.imports.add(a.name)
                    if a.asname:
                        self.names[a.asname] = a.name
            elif isinstance(node, ast.ImportFrom):
                base = "." * (node.level or 0) + (node.module or "")
                self.imports.add(base)
                for a in (a for a in node.names if a.name != "*"):
                    full = base + a.name if base.endswith(".") else base + "." + a.name
                    self.imports.add(full)
                    self.names[a.asname or a.name] = full
                    self.from_imported.add(a.asname or a.name)
            elif isinstance(node, (ast.Assign, ast.AnnAssign, ast.AugAssign)) and node.value is not None:
                kind = "aug" if isinstance(node, ast.AugAssign) else "assign"
                for t in node.targets if isinstance(node, ast.Assign) else [node.target]:
                    if isinstance(t, ast.Name):
                        key = (id(funcs[-1]) if funcs else None, t.id)
                        self.assigns.setdefault(key, []).append((node.lineno, kind, node))
        for entries in self.assigns.values():  # the walk is not in source order
            entries.sort(key=lambda e: e[0])

    def last_value(self, name, funcs, line):
        """Value of the last plain assignment to `name` before `line` in the same function, else at
        module level."""
        scope = id(funcs[-1]) if funcs else None
        found = [e for e in self.assigns.get((scope, name), []) if e[0] < line and e[1] == "assign"]
        if not found and scope is not None:
            found = [e for e in self.assigns.get((None, name), []) if e[1] == "assign"]
        return found[-1][2].value if found else None

    # ---- servers, tools, run calls
    def collect_servers(self):
        variable_of = {id(node.value): t.id for entries in self.assigns.values() for _, kind, node in entries
                       if kind == "assign" for t in (node.targets if isinstance(node, ast.Assign) else [node.target])
                       if isinstance(t, ast.Name)}
        for call, _, _ in self.calls:
            factory = isinstance(call.func, ast.Attribute) and call.func.attr in SERVER_FACTORIES
            found = SERVER_CLASSES.get(self.dotted(call.func.value if factory else call.func))
            if not found:
                continue
            var = variable_of.get(id(call))
            if var:
                self.servers[var] = found
            mask, instr, pos = kwarg(call, "mask_error_details"), kwarg(call, "instructions"), \
                INSTRUCTIONS_POS[found[0]]
            if instr is None and not factory and len(call.args) > pos:
                instr = call.args[pos]
            self.out["servers"].append({
                "line": call.lineno, "class": found[0], "framework": found[1], "variable": var,
                "maskErrorDetails": mask.value if isinstance(mask, ast.Constant) and isinstance(mask.value, bool)
                else None, "hasInstructions": given(instr)})

    def tool_server(self, node, attr="tool"):
        """Variable X when `node` is `X.tool` (or X.<attr>) on a high-level server, else None."""
        if not (isinstance(node, ast.Attribute) and node.attr == attr and isinstance(node.value, ast.Name)):
            return None
        var = node.value.id
        if var in self.servers:
            return var if self.servers[var][0] != "Server" else None
        return var if var in self.from_imported else None  # `from .server import mcp`: built elsewhere

    @staticmethod
    def tool_name(call):
        """`name=` literal, else a leading positional string (`@mcp.tool("x")`)."""
        name = str_const(kwarg(call, "name"))
        return name if name is not None or not call.args else str_const(call.args[0])

    def collect_tools(self):
        by_name, seen = {}, set()
        for node, funcs, _ in self.funcs:
            if isinstance(node, FUNCS):
                by_name.setdefault(node.name, []).append((bool(funcs), node.lineno, node))

        def add(fn_name, name, var, line, fn=None, bare=False):
            if fn is None and fn_name in by_name:  # prefer a module-level def, then the first one
                fn = min(by_name[fn_name], key=lambda e: e[:2])[2]
            key = (id(fn) if fn else fn_name, name)
            if key not in seen:
                seen.add(key)
                rec = self.tool_record(fn, fn_name, name or fn_name, var, fn.lineno if fn else line)
                rec["bareDecorator"] = bare  # `@mcp.tool` without (): TypeError in mcp 1.x/2.x, fine in fastmcp
                self.out["tools"].append(rec)

        for node, _, _ in self.funcs:
            for dec in node.decorator_list if isinstance(node, FUNCS) else ():
                call = dec if isinstance(dec, ast.Call) else None
                var = self.tool_server(call.func if call else dec)
                if var:
                    add(node.name, self.tool_name(call) if call else None, var, node.lineno, node, call is None)
        for call, _, _ in self.calls:
            f, target, name, var = call.func, None, None, None
            if self.tool_server(f, "add_tool") and call.args:  # X.add_tool(fn, name=...)
                var, target, name_call = f.value.id, call.args[0], call
                if isinstance(target, ast.Call) and isinstance(target.func, ast.Attribute) \
                        and target.func.attr == "from_function" and target.args:  # Tool.from_function(fn)
                    target, name_call = target.args[0], target
                name = str_const(kwarg(name_call, "name"))
            elif isinstance(f, ast.Call) and self.tool_server(f.func) and call.args:  # X.tool(...)(fn)
                var, target, name = f.func.value.id, call.args[0], self.tool_name(f)
            elif self.tool_server(f) and call.args and isinstance(call.args[0], ast.Name) \
                    and call.args[0].id in by_name:  # fastmcp: X.tool(fn, name=...)
                var, target, name = f.value.id, call.args[0], str_const(kwarg(call, "name"))
            if isinstance(target, ast.Name):
                add(target.id, name, var, call.lineno)

    def tool_record(self, fn, fn_name, name, var, line):
        framework = self.servers[var][1] if var in self.servers else \
            "fastmcp" if any(i.startswith("fastmcp") for i in self.imports) else \
            "mcp" if any(i == "mcp" or i.startswith("mcp.") for i in self.imports) else "unknown"
        rec = {"name": name, "function": fn_name, "line": line, "framework": framework, "server": var,
               "async": isinstance(fn, ast.AsyncFunctionDef), "params": [], "resolved": fn is not None}
        if fn is None:  # e.g. add_tool(fn) with fn imported from another module
            return rec
        a, flow = fn.args, []
        for arg in a.posonlyargs + a.args + [a.vararg] + a.kwonlyargs + [a.kwarg]:
            if arg is None or arg.arg in ("self", "cls"):
                continue
            ctx = self.is_context(arg.annotation)
            rec["params"].append({"name": arg.arg, "annotation": annotation_text(arg.annotation),
                                  "line": arg.lineno, "context": ctx})
            if not ctx:
                flow.append(arg.arg)
        self.tool_fns[id(fn)] = (fn, flow)
        return rec

    def is_context(self, ann):
        """SDK Context: `Context`, `Context[...]`, `Optional[Context]`, aliases, "Context" strings."""
        for n in ast.walk(ann) if ann is not None else ():
            if isinstance(n, (ast.Name, ast.Attribute)) and (self.dotted(n) or "").split(".")[-1] == "Context":
                return True
            if str_const(n) and re.search(r"\bContext\b", n.value):
                return True
        return False

    def collect_runs(self):
        for call, _, _ in self.calls:
            f, entry = call.func, None
            if isinstance(f, ast.Attribute):
                recv = f.value.id if isinstance(f.value, ast.Name) else None
                high = recv in self.servers and self.servers[recv][0] != "Server"
                if f.attr in ("run", "run_async"):
                    t = kwarg(call, "transport") or (call.args[0] if call.args else None)
                    if high or str_const(t) in TRANSPORTS:  # a literal transport identifies any receiver
                        entry = {"transport": str_const(t), "dynamic": t is not None and str_const(t) is None}
                elif high and f.attr in RUN_METHODS:
                    t = kwarg(call, "transport") if RUN_METHODS[f.attr] == "http" else None
                    entry = {"transport": str_const(t) or RUN_METHODS[f.attr], "dynamic": False}
                if entry:
                    entry["call"] = f.attr
            q = self.dotted(f)
            if q in TRANSPORT_CALLS:  # lowlevel: `async with stdio_server() as (r, w)` etc.
                entry = {"transport": TRANSPORT_CALLS[q], "dynamic": False, "call": q.split(".")[-1]}
            if entry:
                entry["line"] = call.lineno
                self.out["runCalls"].append(entry)

    # ---- stdout and logging
    def collect_output(self):
        for call, funcs, main in self.calls:
            q, write = self.dotted(call.func) or "", None
            head, _, method = q.rpartition(".")
            if q in ("print", "builtins.print", "rich.print"):
                f = kwarg(call, "file")
                target = "stdout" if not given(f) else self.stream_of(f).replace("unknown", "other")
                self.out["prints"].append({"line": call.lineno, "toStderr": target != "stdout", "target": target,
                                           "inFunction": funcs[-1].name if funcs else None, "inMainGuard": main})
                if target == "stdout" and given(f):
                    write = "print(file=sys.stdout)"
            elif head in STDOUT + ("sys.stdout.buffer",) and method in ("write", "writelines"):
                write = "sys.stdout." + method
            elif q == "logging.basicConfig":
                stream = kwarg(call, "stream")
                s = self.stream_of(stream) if given(stream) else \
                    "file" if kwarg(call, "filename") is not None else \
                    "unknown" if kwarg(call, "handlers") is not None else "default"
                write = self.log(call, "basicConfig", s, "basicConfig(stream=sys.stdout)")
            elif q in ("logging.StreamHandler", "logging.handlers.StreamHandler"):
                stream = kwarg(call, "stream") or (call.args[0] if call.args else None)
                s = "default" if not given(stream) else self.stream_of(stream)
                write = self.log(call, "StreamHandler", s, "StreamHandler(sys.stdout)")
            elif q == "logging.config.dictConfig" and call.args:
                write = self.log(call, "dictConfig", self.dict_config_stream(call, funcs),
                                 "dictConfig(ext://sys.stdout)")
            elif q == "logging.config.fileConfig":
                self.log(call, "fileConfig", "unknown")
            elif q == "rich.logging.RichHandler":
                self.log(call, "RichHandler", self.rich_stream(kwarg(call, "console"), funcs, call.lineno))
            elif q == "structlog.configure":
                self.log(call, "structlog", self.structlog_stream(kwarg(call, "logger_factory")))
            if write:
                self.out["stdoutWrites"].append({"line": call.lineno, "kind": write})

    def log(self, call, kind, stream, stdout_kind=None):
        """Record a logging configuration; returns the stdoutWrites kind when it targets stdout."""
        self.out["loggingConfig"].append({"line": call.lineno, "kind": kind, "stream": stream})
        return stdout_kind if stream == "stdout" else None

    def dict_config_stream(self, call, funcs):
        d = call.args[0]
        if isinstance(d, ast.Name):  # LOGGING = {...}; dictConfig(LOGGING)
            d = self.last_value(d.id, funcs, call.lineno)
        if not isinstance(d, ast.Dict):
            return "unknown"
        strings = {n.value for n in ast.walk(d) if str_const(n) is not None}
        for marker, stream in (("ext://sys.stdout", "stdout"), ("ext://sys.stderr", "stderr"),
                               ("logging.StreamHandler", "default"), ("filename", "file")):
            if marker in strings:  # a StreamHandler without "stream" writes to stderr: "default"
                return stream
        return "unknown"

    def rich_stream(self, console, funcs, line):
        if isinstance(console, ast.Name):
            console = self.last_value(console.id, funcs, line)
        if console is None:
            return "stdout"  # RichHandler() uses rich's global Console(), which writes to sys.stdout
        if isinstance(console, ast.Call) and (self.dotted(console.func) or "").endswith("Console"):
            f, err = kwarg(console, "file"), kwarg(console, "stderr")
            if f is not None:
                return self.stream_of(f)
            return "stderr" if isinstance(err, ast.Constant) and err.value is True else "stdout"
        return "unknown"

    def structlog_stream(self, factory):
        if factory is None:
            return "stdout"  # structlog's default logger factory is PrintLoggerFactory() -> sys.stdout
        q = self.dotted(factory.func) if isinstance(factory, ast.Call) else None
        if q and q.split(".")[-1] in ("PrintLoggerFactory", "WriteLoggerFactory", "BytesLoggerFactory"):
            f = kwarg(factory, "file") or (factory.args[0] if factory.args else None)
            return "stdout" if f is None else self.stream_of(f)
        return "unknown"

    # ---- environment
    def collect_env(self):
        for node, _, _ in self.env_nodes:
            if isinstance(node, ast.Subscript) and isinstance(node.ctx, ast.Load) \
                    and self.dotted(node.value) == "os.environ" and str_const(node.slice):
                self.env(node.slice.value, node.lineno, "environ[]", False)
            elif isinstance(node, ast.Call):
                q = self.dotted(node.func)
                kind = {"os.getenv": "getenv", "os.environ.get": "environ.get"}.get(q)
                key = node.args[0] if node.args else kwarg(node, "key")
                if kind and str_const(key):
                    default = node.args[1] if len(node.args) > 1 else kwarg(node, "default")
                    self.env(key.value, node.lineno, kind, given(default))

    def env(self, name, line, kind, has_default):
        self.out["envReads"].append({"name": name, "line": line, "kind": kind, "hasDefault": has_default})

    def collect_settings(self):
        classes = [n for n, _, _ in self.classes]
        configs, changed = {}, True
        while changed:  # fixpoint: settings classes may inherit from other local settings classes
            changed = False
            for c in (c for c in classes if c.name not in configs):
                inherited = None
                for q in reversed([self.dotted(b) for b in c.bases]):
                    if q in SETTINGS_BASES or q in configs:
                        inherited = dict(configs.get(q, {}), **(inherited or {}))
                if inherited is not None:
                    configs[c.name] = dict(inherited, **self.settings_config(c))
                    changed = True
        for c in (c for c in classes if c.name in configs):
            prefix, case = configs[c.name].get("env_prefix", ""), configs[c.name].get("case_sensitive", False)
            for stmt in c.body:
                if not (isinstance(stmt, ast.AnnAssign) and isinstance(stmt.target, ast.Name)):
                    continue
                field = stmt.target.id
                if field.startswith("_") or field == "model_config" or "ClassVar" in annotation_text(stmt.annotation):
                    continue
                alias, has_default = self.field_info(stmt)
                name = alias or prefix + field  # pydantic-settings: an alias is used as-is, without the prefix
                self.env(name if case else name.upper(), stmt.lineno, "settings-field", has_default)

    @staticmethod
    def settings_config(cls):
        """env_prefix / case_sensitive from model_config = SettingsConfigDict(...) | {...} or class Config."""
        items = []
        for stmt in cls.body:
            target = stmt.targets[0] if isinstance(stmt, ast.Assign) and len(stmt.targets) == 1 else \
                getattr(stmt, "target", None)
            if isinstance(target, ast.Name) and target.id == "model_config" and stmt.value is not None:
                v = stmt.value
                if isinstance(v, ast.Call):
                    items += [(k.arg, k.value) for k in v.keywords]
                elif isinstance(v, ast.Dict):
                    items += [(str_const(k), val) for k, val in zip(v.keys, v.values)]
            elif isinstance(stmt, ast.ClassDef) and stmt.name == "Config":
                items += [(s.targets[0].id, s.value) for s in stmt.body if isinstance(s, ast.Assign)
                          and len(s.targets) == 1 and isinstance(s.targets[0], ast.Name)]
        return {k: v.value for k, v in items if k in ("env_prefix", "case_sensitive") and isinstance(v, ast.Constant)}

    def field_info(self, stmt):
        """(alias or None, hasDefault) for a settings field; honours Field(...) and Annotated[..., Field()]."""
        value, alias = stmt.value, None
        has_default = value is not None and not is_const(value, Ellipsis)
        fields = [n for n in ast.walk(stmt.annotation) if isinstance(n, ast.Call)]
        for fc in ([value] if isinstance(value, ast.Call) else []) + fields:
            q = self.dotted(fc.func) or ""
            if not (q == "Field" or q.endswith(".Field")):
                continue
            default = kwarg(fc, "default") or (fc.args[0] if fc.args else None)  # Field(...) means required
            fc_default = default is not None and not is_const(default, Ellipsis) \
                or kwarg(fc, "default_factory") is not None
            has_default = fc_default if fc is value else has_default or fc_default
            for key in ("validation_alias", "alias", "env"):  # `env=` is pydantic v1
                v = kwarg(fc, key)
                if isinstance(v, ast.Call) and v.args:  # AliasChoices("A", "B") -> first choice
                    v = v.args[0]
                if isinstance(v, (ast.List, ast.Tuple)) and v.elts:
                    v = v.elts[0]
                if alias is None and str_const(v):
                    alias = v.value
        return alias, has_default

    # ---- SQL
    def sql_construction(self, expr, funcs, line, follow=True):
        if isinstance(expr, ast.Call) and (self.dotted(expr.func) or "").split(".")[-1] == "text" and expr.args:
            expr = expr.args[0]  # SQLAlchemy text(...)
        if isinstance(expr, ast.JoinedStr):
            return "f-string" if non_literal(expr) else None
        if isinstance(expr, ast.BinOp) and isinstance(expr.op, ast.Mod):
            left = self.last_value(expr.left.id, funcs, line) if follow and isinstance(expr.left, ast.Name) \
                else expr.left  # QUERY = "... %s"; QUERY % x
            return "percent" if str_const(left) is not None or isinstance(left, ast.JoinedStr) else None
        if isinstance(expr, ast.Call) and isinstance(expr.func, ast.Attribute) and expr.func.attr == "format" \
                and str_const(expr.func.value) is not None:
            return "format"
        if isinstance(expr, ast.BinOp) and isinstance(expr.op, ast.Add):
            operands, stack = [], [expr]
            while stack:  # flatten a + b + c without recursion
                e = stack.pop()
                if isinstance(e, ast.BinOp) and isinstance(e.op, ast.Add):
                    stack += [e.left, e.right]
                else:
                    operands.append(e)
            has_str = any(str_const(o) is not None or isinstance(o, ast.JoinedStr) for o in operands)
            return "concat" if has_str and any(non_literal(o) for o in operands) else None
        if follow and isinstance(expr, ast.Name):  # one level: q = f"..."; cur.execute(q)
            result = None
            for lineno, kind, node in self.assigns.get((id(funcs[-1]) if funcs else None, expr.id), []):
                if lineno >= line:
                    break
                if kind == "assign":
                    result = self.sql_construction(node.value, funcs, lineno, follow=False)
                elif result is None and isinstance(node.op, ast.Add) and non_literal(node.value):
                    result = "concat"  # q += " AND name = '" + name + "'"
            return result
        return None

    def collect_sql(self):
        for call, funcs, _ in self.calls:
            if not (isinstance(call.func, ast.Attribute) and call.func.attr in SQL_METHODS):
                continue
            arg = call.args[0] if call.args else next(
                (kwarg(call, k) for k in ("sql", "query", "statement", "operation", "sql_script")
                 if kwarg(call, k) is not None), None)
            construction = self.sql_construction(arg, funcs, call.lineno) if arg is not None else None
            if construction:
                self.out["sqlExecutes"].append({
                    "line": call.lineno, "construction": construction, "method": call.func.attr,
                    "variable": arg.id if isinstance(arg, ast.Name) else None,
                    "function": funcs[-1].name if funcs else None})

    # ---- data flow inside tool functions
    def taint(self, fn, params):
        """Local name -> tool params its value may derive from (transitive, flow-insensitive)."""
        if id(fn) in self.taints:
            return self.taints[id(fn)]
        flows = []
        for n in ast.walk(fn):
            if isinstance(n, ast.Assign):
                flows.append((sum((stored_names(t) for t in n.targets), []), n.value))
            elif isinstance(n, (ast.AnnAssign, ast.AugAssign, ast.NamedExpr)) and n.value is not None:
                flows.append((stored_names(n.target), n.value))
            elif isinstance(n, (ast.For, ast.AsyncFor, ast.comprehension)):
                flows.append((stored_names(n.target), n.iter))
            elif isinstance(n, ast.withitem) and n.optional_vars is not None:
                flows.append((stored_names(n.optional_vars), n.context_expr))
        flows = [(targets, loaded_names(src)) for targets, src in flows if targets]
        taint, changed = {p: {p} for p in params}, True
        while changed:
            changed = False
            for targets, sources in flows:
                derived = set().union(*(taint.get(s, ()) for s in sources))
                for t in targets if derived else ():
                    if not derived <= taint.setdefault(t, set()):
                        taint[t] |= derived
                        changed = True
        self.taints[id(fn)] = taint
        return taint

    @staticmethod
    def deps(exprs, taint):
        names = set().union(*(loaded_names(e) for e in exprs)) if exprs else set()
        return set().union(*(taint.get(n, ()) for n in names))

    def file_call(self, call):
        """(label, path expressions) when `call` touches the filesystem, else (None, [])."""
        f, q = call.func, self.dotted(call.func) or ""
        args = call.args + [k.value for k in call.keywords]
        if q in OPEN_FUNCS or q in PATH_CTORS:
            return ("open" if q in OPEN_FUNCS else "Path"), args
        if q in OS_FS or q.startswith("shutil."):
            return q, args
        if isinstance(f, ast.Attribute) and f.attr in PATH_METHODS and q != "webbrowser.open":
            return f.attr, [f.value] + (args if f.attr in ("open", "rename") else [])  # tarfile.open(p) too
        return None, []

    def containment(self, fn, taint, params, helpers=()):
        """Params whose derived values are resolved AND checked, or passed to a containment helper: a name
        with a hint like safe_/validate_path, or a function of this file that checks its own parameter."""
        resolved, checked, helper = set(), set(), set()
        for n in ast.walk(fn):
            if isinstance(n, ast.Compare) and any(isinstance(o, (ast.In, ast.NotIn)) for o in n.ops):
                parents = [c for c in n.comparators if isinstance(c, ast.Attribute) and c.attr == "parents"]
                checked |= self.deps(parents, taint) & params  # `root in target.parents`
            if not isinstance(n, ast.Call):
                continue
            f, q = n.func, self.dotted(n.func) or ""
            label = (f.attr if isinstance(f, ast.Attribute) else f.id if isinstance(f, ast.Name) else "").lower()
            d = self.deps(([f.value] if isinstance(f, ast.Attribute) else []) + n.args +
                          [k.value for k in n.keywords], taint) & params
            resolved |= d if label == "resolve" or q in RESOLVERS else set()
            checked |= d if label in CHECK_METHODS or q in CHECKERS else set()
            hinted = any(h in label for h in HELPER_HINTS) and label not in NOT_HELPERS
            helper |= d if hinted or label in helpers else set()
        return (resolved & checked) | helper

    def containment_helpers(self):
        """Lower-cased names of non-tool functions here that contain a check on one of their parameters."""
        helpers, changed = set(), True
        others = [n for n, _, _ in self.funcs if id(n) not in self.tool_fns]
        while changed:  # fixpoint: `_resolve(p)` may delegate to `_inside_roots(p)`
            changed = False
            for fn in (f for f in others if f.name.lower() not in helpers):
                a = fn.args
                params = {x.arg for x in a.posonlyargs + a.args + a.kwonlyargs if x.arg not in ("self", "cls")}
                if self.containment(fn, self.taint(fn, params), params, helpers):
                    helpers.add(fn.name.lower())
                    changed = True
        return helpers

    def collect_file_access(self):
        helpers = self.containment_helpers() if self.tool_fns else set()
        for fn, params in self.tool_fns.values():
            params = set(params)
            taint = self.taint(fn, params)
            contained = self.containment(fn, taint, params, helpers)
            for n in (n for n in ast.walk(fn) if isinstance(n, ast.Call)):
                label, exprs = self.file_call(n)
                used = sorted(self.deps(exprs, taint) & params)
                if used:
                    self.out["fileAccess"].append({"line": n.lineno, "call": label, "param": used[0], "params": used,
                                                   "function": fn.name, "contained": used[0] in contained})

    def collect_shell(self):
        for call, funcs, _ in self.calls:
            q, shell = self.dotted(call.func), kwarg(call, "shell")
            if not (q in SHELL_ALWAYS or q in SUBPROCESS and isinstance(shell, ast.Constant) and shell.value is True):
                continue
            cmd = call.args[0] if call.args else next(
                (kwarg(call, k) for k in ("args", "cmd", "command") if kwarg(call, k) is not None), None)
            tool = next((f for f in reversed(funcs) if id(f) in self.tool_fns), None)
            used = []
            if tool is not None and cmd is not None:
                params = set(self.tool_fns[id(tool)][1])
                used = sorted(self.deps([cmd], self.taint(tool, params)) & params)
            self.out["shellCalls"].append({"line": call.lineno, "call": q, "shell": True,
                                           "usesParam": used[0] if used else None,
                                           "function": funcs[-1].name if funcs else None})


# ------------------------------------------------------------------------------------------ driver
def analyze_file(root, rel):
    result = {k: [] for k in LISTS}
    result.update(path=rel, error=None)
    full = os.path.join(root, rel)
    try:
        size = os.path.getsize(full)
        if size > MAX_BYTES:
            result["error"] = {"line": 0, "message": "file too large (%d bytes, limit %d)" % (size, MAX_BYTES)}
            return result
        with open(full, "rb") as fh:
            data = fh.read()
    except OSError as e:
        result["error"] = {"line": 0, "message": "cannot read file: %s" % (e.strerror or e)}
        return result
    line = 0
    try:
        # A BOM or PEP 263 coding cookie is honoured like the interpreter does; the default is utf-8.
        encoding = tokenize.detect_encoding(io.BytesIO(data).readline)[0]
        tree = ast.parse(data.decode(encoding), filename=rel)
        result.update(Analyzer(tree).run())
        return result
    except SyntaxError as e:
        line, message = e.lineno or 0, e.msg or "invalid syntax"
    except UnicodeDecodeError as e:
        line = data.count(b"\n", 0, e.start) + 1
        message = "cannot decode as %s: %s at byte %d" % (e.encoding, e.reason, e.start)
    except DepthError as e:
        line, message = e.line, TOO_DEEP
    except RecursionError:
        message = TOO_DEEP
    except MemoryError:  # 3.12+: "Parser stack overflowed - Python source too complex to parse"
        message = "source too complex to parse"
    except ValueError as e:  # e.g. null bytes on Python < 3.12
        message = str(e)
    except Exception as e:  # an analyzer bug must not lose the other files
        message = "internal analyzer error: %s: %s" % (type(e).__name__, e)
    result["error"] = {"line": line, "message": message}  # lists are still empty: run() raised before update
    return result


def main(argv):
    if len(argv) < 2:
        sys.stderr.write("usage: analyzer.py ROOT RELPATH...\n")
        return 2
    box = {}

    def work():
        box["doc"] = {"version": 1, "python": sys.version.split()[0],
                      "files": [analyze_file(argv[1], rel) for rel in argv[2:]]}

    try:
        threading.stack_size(THREAD_STACK)
        worker = threading.Thread(target=work)
        worker.start()
        worker.join()
    except (ValueError, RuntimeError, MemoryError):  # the platform refused the large stack
        pass
    if "doc" not in box:
        work()
    sys.stdout.write(json.dumps(box["doc"], sort_keys=True) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
