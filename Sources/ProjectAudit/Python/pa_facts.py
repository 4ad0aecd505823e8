"""Facts read from one file: writes to stdout, logging configuration and environment reads (direct, and
pydantic-settings fields with their prefixes across the project's class hierarchy). Each fact keeps its
AST node so that the reachability pass can tell whether it runs while stdio is the protocol channel."""
import ast

from pa_model import kwarg, str_const

STDOUT, STDERR = ("sys.stdout", "sys.__stdout__"), ("sys.stderr", "sys.__stderr__")
SETTINGS_BASES = ("pydantic_settings.BaseSettings", "pydantic_settings.main.BaseSettings",
                  "pydantic.BaseSettings", "pydantic.env_settings.BaseSettings", "pydantic.v1.BaseSettings")
PRINTS = ("print", "builtins.print", "rich.print", "pprint.pprint", "pprint.pp")
ECHOES = ("click.echo", "click.secho", "typer.echo", "typer.secho")
CONSOLES = ("rich.console.Console", "rich.Console")
CONSOLE_WRITES = ("print", "log", "print_json", "rule", "out")


def is_const(node, value):
    return isinstance(node, ast.Constant) and node.value is value


def given(node):
    """An argument that was passed and is not a literal None."""
    return node is not None and not is_const(node, None)


def annotation_text(node):
    if node is None:
        return None
    try:
        return ast.unparse(node)
    except (RecursionError, ValueError, AttributeError):
        return "..."


class Fact:
    __slots__ = ("node", "record")

    def __init__(self, node, record):
        self.node, self.record = node, record


class FileFacts:
    def __init__(self, project, module):
        self.p, self.m = project, module
        self.writes, self.logging, self.env = [], [], []
        self.current = None  # the call being read: its function is the scope of the names in it
        for node, _ in module.calls:
            self.current = node
            self._output(node)
            self._env_call(node)
        for node in module.subscripts:
            if isinstance(node.ctx, ast.Load) and module.dotted(node.value) == "os.environ" and str_const(node.slice):
                self.env.append(Fact(node, {"name": node.slice.value, "line": node.lineno, "hasDefault": False}))

    def scope(self, node):
        return self.m.owner.get(id(self.current if self.current is not None else node))

    def stream_of(self, node):
        q = self.m.dotted(node)
        if q not in STDOUT + STDERR and isinstance(node, ast.Name):
            default = self.parameter_default(node)  # def setup(stream=sys.stderr): StreamHandler(stream)
            q = self.m.dotted(default) if default is not None else q
        return "stdout" if q in STDOUT else "stderr" if q in STDERR else "unknown"

    def parameter_default(self, name):
        fn = self.scope(name)
        if fn is None or name.id not in fn.args:
            return None
        a = fn.node.args
        positional = a.posonlyargs + a.args
        for i, p in enumerate(positional):
            if p.arg == name.id and i >= len(positional) - len(a.defaults):
                return a.defaults[i - (len(positional) - len(a.defaults))]
        return next((d for p, d in zip(a.kwonlyargs, a.kw_defaults) if p.arg == name.id), None)

    def assigned(self, node):
        """The value a Name was assigned (last assignment in its function, else at module level)."""
        if not isinstance(node, ast.Name):
            return node
        fn = self.scope(node)
        values = (fn.locals().get(node.id) if fn else None) or self.m.assigns.get(node.id) or [None]
        return values[-1]

    # ---- stdout and logging
    def _output(self, call):
        q = self.m.dotted(call.func) or ""
        head, _, method = q.rpartition(".")
        write = None
        if q in PRINTS:
            f = kwarg(call, "file") or (kwarg(call, "stream") if q.startswith("pprint") else None)
            if not given(f):
                write = "print()" if q != "rich.print" else "rich.print()"
            elif self.stream_of(f) == "stdout":
                write = "print(file=sys.stdout)"
        elif q in ECHOES:
            err = kwarg(call, "err")
            if not (isinstance(err, ast.Constant) and err.value is True) and not given(kwarg(call, "file")):
                write = method + "()"
        elif head in STDOUT + ("sys.stdout.buffer",) and method in ("write", "writelines"):
            write = "sys.stdout." + method
        elif isinstance(call.func, ast.Attribute) and call.func.attr in CONSOLE_WRITES \
                and self.console_stream(call.func.value) == "stdout":
            write = "Console." + call.func.attr + "()"
        elif q == "logging.basicConfig":
            stream = kwarg(call, "stream")
            s = self.stream_of(stream) if given(stream) else \
                "file" if kwarg(call, "filename") is not None else \
                self.handlers_stream(kwarg(call, "handlers")) if kwarg(call, "handlers") is not None else "default"
            write = self.log(call, "basicConfig", s, "basicConfig(stream=sys.stdout)")
        elif q in ("logging.StreamHandler", "logging.handlers.StreamHandler"):
            s = self.handler_stream(call)
            write = self.log(call, "StreamHandler", s, "StreamHandler(sys.stdout)")
        elif q == "logging.config.dictConfig" and call.args:
            write = self.log(call, "dictConfig", self.dict_config_stream(call), "dictConfig(ext://sys.stdout)")
        elif q == "logging.config.fileConfig":
            self.log(call, "fileConfig", "unknown")
        elif q == "rich.logging.RichHandler":
            self.log(call, "RichHandler", self.console_stream(kwarg(call, "console")))
        elif q == "structlog.configure":
            self.log(call, "structlog", self.structlog_stream(kwarg(call, "logger_factory")))
        elif q == "loguru.logger.add" and call.args:
            sink = call.args[0]
            s = self.stream_of(sink)
            s = "file" if s == "unknown" and (str_const(sink) or isinstance(sink, ast.JoinedStr)) else s
            write = self.log(call, "loguru", s, "logger.add(sys.stdout)")
        if write:
            self.writes.append(Fact(call, {"line": call.lineno, "kind": write}))

    def log(self, call, kind, stream, stdout_kind=None):
        """Record a logging configuration; returns the stdout write kind when it targets stdout."""
        self.logging.append(Fact(call, {"line": call.lineno, "kind": kind, "stream": stream}))
        return stdout_kind if stream == "stdout" else None

    def handler_stream(self, call):
        stream = kwarg(call, "stream") or (call.args[0] if call.args else None)
        return "default" if not given(stream) else self.stream_of(stream)

    def handlers_stream(self, handlers):
        """basicConfig(handlers=[...]): the streams of StreamHandlers listed inline."""
        items = handlers.elts if isinstance(handlers, (ast.List, ast.Tuple)) else []
        streams = set()
        for h in items:
            q = self.m.dotted(h.func) if isinstance(h, ast.Call) else None
            if q in ("logging.StreamHandler", "logging.handlers.StreamHandler"):
                streams.add(self.handler_stream(h))
            elif q in ("logging.FileHandler", "logging.handlers.RotatingFileHandler",
                       "logging.handlers.TimedRotatingFileHandler", "logging.handlers.WatchedFileHandler"):
                streams.add("file")
            else:
                streams.add("unknown")
        for s in ("stdout", "stderr", "default", "unknown", "file"):
            if s in streams:
                return s
        return "unknown"

    def dict_config_stream(self, call):
        d = self.assigned(call.args[0])
        if not isinstance(d, ast.Dict):
            return "unknown"
        strings = {n.value for n in ast.walk(d) if str_const(n) is not None}
        for marker, stream in (("ext://sys.stdout", "stdout"), ("ext://sys.stderr", "stderr"),
                               ("logging.StreamHandler", "default"), ("filename", "file")):
            if marker in strings:  # a StreamHandler without "stream" writes to stderr: "default"
                return stream
        return "unknown"

    def console_stream(self, console):
        """Where a rich Console writes: RichHandler() without one uses rich's global Console (stdout)."""
        if console is None:
            return "stdout"
        console = self.assigned(console)
        if isinstance(console, ast.Call) and (self.m.dotted(console.func) or "") in CONSOLES:
            f, err = kwarg(console, "file"), kwarg(console, "stderr")
            if f is not None:
                return self.stream_of(f)
            return "stderr" if isinstance(err, ast.Constant) and err.value is True else "stdout"
        return "unknown"

    def structlog_stream(self, factory):
        if factory is None:
            return "stdout"  # structlog's default logger factory is PrintLoggerFactory() -> sys.stdout
        q = self.m.dotted(factory.func) if isinstance(factory, ast.Call) else None
        if q and q.split(".")[-1] in ("PrintLoggerFactory", "WriteLoggerFactory", "BytesLoggerFactory"):
            f = kwarg(factory, "file") or (factory.args[0] if factory.args else None)
            return "stdout" if f is None else self.stream_of(f)
        return "unknown"

    # ---- environment
    def _env_call(self, node):
        kind = env_call(self.m, node)
        key = node.args[0] if node.args else kwarg(node, "key")
        if kind and str_const(key):
            self.env.append(Fact(node, {"name": key.value, "line": node.lineno, "hasDefault": env_default(node)}))


def env_call(module, node):
    """Whether a call reads the environment: `os.getenv(k)`, `os.environ.get(k)`."""
    q = module.dotted(node.func)
    return q in ("os.getenv", "os.environ.get")


def env_default(node):
    default = node.args[1] if len(node.args) > 1 else kwarg(node, "default")
    return given(default)


# ---- pydantic-settings
def settings_reads(project):
    """(module, node, record) for every field of a pydantic-settings class, prefixed as pydantic-settings
    prefixes it; prefixes and case sensitivity are inherited through project classes in any module."""
    configs, changed = {}, True
    while changed:  # fixpoint: settings classes may inherit from other project settings classes
        changed = False
        for c in (c for c in project.classes if id(c) not in configs):
            inherited = None
            for v in reversed(project.bases(c)):
                if v[0] == "ext" and v[1] in SETTINGS_BASES:
                    inherited = dict(inherited or {})
                elif v[0] == "cls" and id(v[1]) in configs:
                    inherited = dict(configs[id(v[1])], **(inherited or {}))
            if inherited is not None:
                configs[id(c)] = dict(inherited, **settings_config(c.node))
                changed = True
    out = []
    for c in (c for c in project.classes if id(c) in configs):
        prefix, case = configs[id(c)].get("env_prefix", ""), configs[id(c)].get("case_sensitive", False)
        for stmt in c.node.body:
            if not (isinstance(stmt, ast.AnnAssign) and isinstance(stmt.target, ast.Name)):
                continue
            field = stmt.target.id
            annotation = annotation_text(stmt.annotation) or ""
            if field.startswith("_") or field == "model_config" or "ClassVar" in annotation:
                continue
            alias, has_default = field_info(c.module, stmt)
            name = alias or prefix + field  # pydantic-settings: an alias is used as-is, without the prefix
            out.append((c.module, stmt, {"name": name if case else name.upper(), "line": stmt.lineno,
                                         "hasDefault": has_default}))
    return out


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


def field_info(module, stmt):
    """(alias or None, hasDefault) for a settings field; honours Field(...) and Annotated[..., Field()]."""
    value, alias = stmt.value, None
    has_default = value is not None and not is_const(value, Ellipsis)
    fields = [n for n in ast.walk(stmt.annotation) if isinstance(n, ast.Call)]
    for fc in ([value] if isinstance(value, ast.Call) else []) + fields:
        q = module.dotted(fc.func) or ""
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
