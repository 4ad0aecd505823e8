"""MCP structure of a project: server objects (SDK classes, their subclasses, factories), the functions
registered as tools, resources, prompts and low-level handlers (decorators, `add_tool`, `tool()(fn)`, on
a server held in a variable, an attribute, a parameter or `self`), lifespans, and the calls that start a
transport."""
import ast
import re

from pa_model import LOWLEVEL, SERVER_CLASSES, SERVER_FACTORIES, kwarg, order, short_name, str_const

TRANSPORTS = ("stdio", "sse", "streamable-http", "http")
RUN_METHODS = {"run_stdio_async": "stdio", "run_sse_async": "sse", "sse_app": "sse",
               "run_streamable_http_async": "streamable-http", "streamable_http_app": "streamable-http",
               "run_http_async": "http", "http_app": "http"}
APP_BUILDERS = ("sse_app", "streamable_http_app", "http_app")  # build an ASGI app: HTTP, but serve nothing
TRANSPORT_CALLS = {"mcp.server.stdio.stdio_server": "stdio", "mcp.server.sse.SseServerTransport": "sse",
                   "mcp.server.streamable_http_manager.StreamableHTTPSessionManager": "streamable-http"}
HTTP_SERVE_CALLS = ("uvicorn.run", "hypercorn.asyncio.serve")
HIGH_HANDLERS = ("tool", "resource", "prompt")
LOW_HANDLERS = {"call_tool": "tool", "read_resource": "resource", "get_prompt": "prompt",
                "list_tools": None, "list_resources": None, "list_prompts": None, "list_resource_templates": None}
REGISTER_CALLS = {"add_tool": "tool", "add_resource_fn": "resource", "add_prompt": "prompt"}


class Handler:
    """A function the server calls with client input: a tool, resource or prompt (kind), or a low-level
    handler (`lowlevel` true; its parameters are the tool name and the argument dictionary)."""

    def __init__(self, fn, kind, name, lowlevel):
        self.fn, self.kind, self.name, self.lowlevel = fn, kind, name, lowlevel


class Run:
    def __init__(self, call, module, transport, mode, emitted):
        self.call, self.module, self.transport = call, module, transport
        self.mode = mode          # "stdio" (may serve stdio), "http" (serves HTTP), "app" (builds an app)
        self.emitted = emitted    # reported in runCalls


class MCP:
    def __init__(self, project, uses_mcp):
        self.p = project
        self.uses_mcp = uses_mcp  # some file imports mcp or fastmcp
        self.servers, self.handlers, self.runs, self.lifespans = [], {}, [], []
        self._collect_servers()
        self._collect_handlers()
        self._collect_runs()

    # ---- servers
    def _collect_servers(self):
        p = self.p
        names = {d.rpartition(".")[2] for d in SERVER_CLASSES} | set(SERVER_FACTORIES)
        names |= {c.name for c in p.classes if p.server_base(c)}
        names |= {alias for m in p.modules for alias, d in m.names.items() if d in SERVER_CLASSES}
        for call, fn, m in p.calls:
            if short_name(call.func) not in names:
                continue  # only a name that may denote a server class constructs one
            found = None
            for v in p.values(call.func, fn, m):
                if v[0] == "ext":
                    head, _, last = v[1].rpartition(".")
                    if v[1] in SERVER_CLASSES:
                        found = SERVER_CLASSES[v[1]] + (None,)
                    elif last in SERVER_FACTORIES and head in SERVER_CLASSES:
                        found = SERVER_CLASSES[head] + (None,)
                elif v[0] == "cls" and p.server_base(v[1]):
                    found = p.server_base(v[1]) + (v[1],)
                if found:
                    break
            if not found:
                continue
            sdk, framework, sub = found
            mask = self._mask(call, sub)
            self.servers.append((m, call, sdk, framework, sub.name if sub else None, mask))
            for lifespan in [kwarg(call, "lifespan")] + self._super_kwargs(sub, "lifespan"):
                self.lifespans += p.referenced(lifespan, fn, m) if lifespan is not None else []

    def _super_calls(self, sub):
        """`super().__init__(...)` calls in the constructors of a server subclass and its project bases."""
        out = []
        for k in self.p.mro(sub) if sub is not None else ():
            init = k.methods.get("__init__")
            for n in init.own() if init else ():
                if isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute) and n.func.attr == "__init__" \
                        and isinstance(n.func.value, ast.Call) and getattr(n.func.value.func, "id", None) == "super":
                    out.append(n)
        return out

    def _super_kwargs(self, sub, name):
        return [kwarg(c, name) for c in self._super_calls(sub) if kwarg(c, name) is not None]

    def _mask(self, call, sub):
        for value in [kwarg(call, "mask_error_details")] + self._super_kwargs(sub, "mask_error_details"):
            if isinstance(value, ast.Constant) and isinstance(value.value, bool):
                return value.value
            if value is not None:
                return None
        return None

    # ---- handlers
    def receiver_server(self, recv, scope, module):
        """(framework or None, lowlevel) when `recv` denotes a server, else None."""
        vals = self.p.values(recv, scope, module)
        found = self.p.server_of(vals)
        if found:
            return found[1], found[1] == LOWLEVEL
        if isinstance(recv, ast.Name):
            # `from .server import mcp` from a file that is not part of the audit
            if recv.id in module.from_imported and all(v[0] == "ext" for v in vals) and vals:
                return None, False
            # `def register(server): @server.tool()`, with no call site in the project
            if scope is not None and recv.id in scope.args and not vals and self.uses_mcp:
                return None, False
        return None

    def _add(self, fn, kind, name, lowlevel):
        key = id(fn)
        if key not in self.handlers or (self.handlers[key].kind is None and kind):
            self.handlers[key] = Handler(fn, kind, name or fn.name, lowlevel)

    def _collect_handlers(self):
        p = self.p
        for f in p.functions:
            scope = f.module.owner.get(id(f.node))
            for dec in f.node.decorator_list:
                call = dec if isinstance(dec, ast.Call) else None
                target = call.func if call else dec
                if not isinstance(target, ast.Attribute):
                    continue
                attr = target.attr
                if attr not in HIGH_HANDLERS and attr not in LOW_HANDLERS:
                    continue
                server = self.receiver_server(target.value, scope, f.module)
                if server is None:
                    continue
                _, lowlevel = server
                if lowlevel and attr in LOW_HANDLERS:
                    self._add(f, LOW_HANDLERS[attr], None, True)
                elif not lowlevel and attr in HIGH_HANDLERS:
                    self._add(f, attr, self._name(call) if call else None, False)
        for call, scope, m in p.calls:
            fnode, target, name, kind = call.func, None, None, None
            first = call.args[0] if call.args else kwarg(call, "fn")
            if isinstance(fnode, ast.Attribute) and fnode.attr in REGISTER_CALLS and first is not None:
                server = self.receiver_server(fnode.value, scope, m)
                if server and not server[1]:
                    kind, target, name_call = REGISTER_CALLS[fnode.attr], first, call
                    if isinstance(target, ast.Call) and isinstance(target.func, ast.Attribute) \
                            and target.func.attr == "from_function" and target.args:  # Tool.from_function(fn)
                        target, name_call = target.args[0], target
                    name = str_const(kwarg(name_call, "name"))
            elif isinstance(fnode, ast.Call) and isinstance(fnode.func, ast.Attribute) \
                    and fnode.func.attr in HIGH_HANDLERS and call.args:  # X.tool(...)(fn)
                server = self.receiver_server(fnode.func.value, scope, m)
                if server and not server[1]:
                    kind, target, name = fnode.func.attr, call.args[0], self._name(fnode)
            elif isinstance(fnode, ast.Attribute) and fnode.attr in HIGH_HANDLERS and call.args \
                    and isinstance(call.args[0], (ast.Name, ast.Attribute)):  # fastmcp: X.tool(fn, name=...)
                server = self.receiver_server(fnode.value, scope, m)
                if server and not server[1]:
                    kind, target, name = fnode.attr, call.args[0], str_const(kwarg(call, "name"))
            if target is not None:  # a function, or what a wrapper call such as `with_filters(fn)` returns
                for fn in sorted({v[1] for v in p.values(target, scope, m) if v[0] in ("fn", "meth")}, key=order):
                    self._add(fn, kind, name, False)

    @staticmethod
    def _name(call):
        """`name=` literal, else a leading positional string (`@mcp.tool("x")`)."""
        name = str_const(kwarg(call, "name"))
        return name if name is not None or not call.args else str_const(call.args[0])

    def tools(self):
        return [h for h in self.handlers.values() if h.kind == "tool" and not h.lowlevel]

    def inputs(self):
        """Handlers whose parameters come from the client."""
        return [h for h in self.handlers.values() if h.kind]

    # ---- transports
    def _collect_runs(self):
        p = self.p
        for call, scope, m in p.calls:
            f, run = call.func, None
            q = m.dotted(f) or ""
            if isinstance(f, ast.Attribute) and (f.attr in ("run", "run_async") or f.attr in RUN_METHODS):
                server = self.p.server_of(p.values(f.value, scope, m))
                high = server is not None and server[1] != LOWLEVEL
                if f.attr in ("run", "run_async"):
                    t = kwarg(call, "transport") or (call.args[0] if call.args else None)
                    literal = self._transport(t, scope, m)
                    if high or literal in TRANSPORTS:
                        dynamic = t is not None and literal is None
                        mode = "stdio" if literal in (None, "stdio") else "http"
                        run = Run(call, m, None if dynamic else literal, mode, True)
                elif high and f.attr in RUN_METHODS:
                    t = self._transport(kwarg(call, "transport"), scope, m) if RUN_METHODS[f.attr] == "http" else None
                    transport = t or RUN_METHODS[f.attr]
                    mode = "app" if f.attr in APP_BUILDERS else "stdio" if transport == "stdio" else "http"
                    run = Run(call, m, transport, mode, True)
            if q in TRANSPORT_CALLS:  # lowlevel: `async with stdio_server() as (r, w)` etc.
                t = TRANSPORT_CALLS[q]
                run = Run(call, m, t, "stdio" if t == "stdio" else "http", True)
            elif q in HTTP_SERVE_CALLS:
                run = Run(call, m, "http", "http", False)
            if run:
                self.runs.append(run)

    @staticmethod
    def _transport(t, scope, module):
        """A literal transport, following a local variable assigned only literals; None when dynamic or absent."""
        if t is None:
            return None
        if str_const(t) is not None:
            return str_const(t)
        if isinstance(t, ast.Name):
            values = (scope.locals().get(t.id) if scope else None) or module.assigns.get(t.id) or []
            literals = {str_const(v) for v in values}
            if len(literals) == 1 and None not in literals:
                return literals.pop()
        return None


def is_context(module, ann):
    """SDK Context: `Context`, `Context[...]`, `Optional[Context]`, aliases, "Context" strings."""
    for n in ast.walk(ann) if ann is not None else ():
        if isinstance(n, (ast.Name, ast.Attribute)) and (module.dotted(n) or "").split(".")[-1] == "Context":
            return True
        if str_const(n) and re.search(r"\bContext\b", n.value):
            return True
    return False
