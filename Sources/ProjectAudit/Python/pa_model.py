"""The project model of the analyzer: modules named the way Python imports them, their functions and
classes, what a name or an expression denotes (a project function, a class, an instance, an MCP server,
an external library object) and which functions a call may reach. Pure standard library, Python 3.9+.

Values are tuples: ("mod", Module), ("fn", Function), ("meth", Function) (a bound method), ("cls", Class),
("inst", Class), ("server", sdk_class, framework), ("ext", dotted) (an external name) and
("extobj", dotted) (what calling an external name returned)."""
import ast
import sys
from collections import deque

AST = ast.AST
FUNCS = (ast.FunctionDef, ast.AsyncFunctionDef)
# Never worth visiting: no later pass looks them up by node (outside `__main__` blocks, see _build).
LEAVES = (ast.expr_context, ast.operator, ast.boolop, ast.unaryop, ast.cmpop, ast.Constant)
OWNED = (ast.Call, ast.Subscript, ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)  # owner map entries
# The nodes of a function's own scope that later passes look at (all statements, and these expressions).
KEPT = (ast.stmt, ast.Call, ast.Subscript, ast.Compare, ast.NamedExpr, ast.withitem, ast.comprehension,
        ast.ExceptHandler, ast.ListComp, ast.SetComp, ast.GeneratorExp, ast.DictComp)
LOWLEVEL = "mcp-lowlevel"

# Fully-qualified constructor -> (class, framework). Checked against the mcp 2.3.0 and fastmcp 4.2.3
# wheels; mcp.server.fastmcp is the mcp 1.x path (a stub raising ModuleNotFoundError in mcp 2.x).
SERVER_CLASSES = {mod + "." + cls: (cls, fw) for cls, fw, mods in (
    ("FastMCP", "mcp", "mcp.server.fastmcp mcp.server.fastmcp.server mcp.server"),
    ("MCPServer", "mcp", "mcp.server.mcpserver mcp.server.mcpserver.server mcp.server"),
    ("FastMCP", "fastmcp", "fastmcp fastmcp.server fastmcp.server.server"),
    ("Server", LOWLEVEL, "mcp.server.lowlevel mcp.server.lowlevel.server mcp.server"),
) for mod in mods.split()}
SERVER_FACTORIES = ("from_fastapi", "from_openapi", "as_proxy")  # FastMCP.from_openapi(...) etc.
# Never project modules, even when a project folder has the same name as a leading import segment.
EXTERNAL_ROOTS = set(getattr(sys, "stdlib_module_names", ())) | {
    "mcp", "fastmcp", "pydantic", "pydantic_settings", "starlette", "fastapi", "uvicorn", "anyio", "httpx",
    "requests", "typer", "click", "os", "sys", "typing", "asyncio", "json", "logging", "pathlib", "re"}
MAX_TREE_DEPTH = 2000  # deeper syntax trees are refused: a fixed cap keeps results identical across versions
MAX_DEPTH = 24  # how far value resolution follows assignments, returns and parameters
FALLBACK_METHODS = 5  # `obj.m()` with an unknown receiver reaches project methods `m` when there are few


class DepthError(Exception):
    def __init__(self, line):
        Exception.__init__(self, "expression nested too deeply")
        self.line = line


def is_main_guard(test):
    if not (isinstance(test, ast.Compare) and len(test.ops) == 1 and isinstance(test.ops[0], ast.Eq)):
        return False
    sides = [test.left, test.comparators[0]]
    return any(isinstance(s, ast.Name) and s.id == "__name__" for s in sides) and \
        any(str_const(s) == "__main__" for s in sides)


def str_const(node):
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def kwarg(call, name):
    return next((k.value for k in call.keywords if k.arg == name), None)


def children(node):
    """`ast.iter_child_nodes` as a list, in the same order, without a generator per node and field (the
    tree walks below visit every node of the project)."""
    out = []
    for name in node._fields:
        value = getattr(node, name, None)
        if isinstance(value, AST):
            out.append(value)
        elif isinstance(value, list):
            out += [x for x in value if isinstance(x, AST)]
    return out


def walk(node):
    """`ast.walk` (breadth first, the same order) over `children`."""
    todo = deque([node])
    while todo:
        node = todo.popleft()
        todo.extend(children(node))
        yield node


def own_walk(roots):
    """The nodes of a scope: nested function and lambda bodies are left out (their decorators and defaults
    run in this scope); class bodies are included (they run when the class statement runs)."""
    stack = list(roots)
    while stack:
        n = stack.pop()
        yield n
        if isinstance(n, FUNCS):
            stack.extend(n.decorator_list)
            stack.extend(d for d in n.args.defaults + n.args.kw_defaults if d is not None)
        elif isinstance(n, ast.Lambda):
            stack.extend(d for d in n.args.defaults + n.args.kw_defaults if d is not None)
        else:
            stack.extend(children(n))


def stored_names(target):
    return [n.id for n in walk(target) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store)]


class Function:
    def __init__(self, node, module, cls, parent):
        self.node, self.module, self.cls, self.parent = node, module, cls, parent
        self.name = node.name
        self.nested, self.local_classes = {}, {}
        prefix = (parent.qual + ".<locals>." if parent else (cls.qual + "." if cls else module.name + "."))
        self.qual = prefix + node.name
        a = node.args
        decorators = {d.id for d in node.decorator_list if isinstance(d, ast.Name)}
        self.static = "staticmethod" in decorators
        self.classmethod = "classmethod" in decorators
        self.positional = [x.arg for x in a.posonlyargs + a.args]
        self.kwonly = [x.arg for x in a.kwonlyargs]
        self.vararg = a.vararg.arg if a.vararg else None
        self.kwarg = a.kwarg.arg if a.kwarg else None
        self.args = {x.arg: x for x in a.posonlyargs + a.args + a.kwonlyargs + [a.vararg, a.kwarg] if x is not None}
        self._own, self.calls = [], []  # filled by Module._build: statements and KEPT nodes, calls of its scope
        self._locals = self._returns = None

    @property
    def bound(self):
        """Whether a call through an instance passes the first positional parameter implicitly."""
        return self.cls is not None and not self.static

    @property
    def params(self):
        """Parameters a caller passes: positional ones (without self/cls), *args, keyword-only ones, **kwargs."""
        pos = self.positional[1:] if self.bound and self.positional else self.positional
        return pos + ([self.vararg] if self.vararg else []) + self.kwonly + ([self.kwarg] if self.kwarg else [])

    def own(self):
        return self._own

    def locals(self):
        """Local name -> values assigned to it (None marks a binding whose value is not known)."""
        if self._locals is None:
            out, declared = {}, set()
            for n in self.own():
                if isinstance(n, (ast.Global, ast.Nonlocal)):
                    declared.update(n.names)
                elif isinstance(n, ast.Assign):
                    for t in n.targets:
                        bind_target(out, t, n.value)
                elif isinstance(n, ast.AnnAssign) and isinstance(n.target, ast.Name):
                    out.setdefault(n.target.id, []).append(n.value)
                elif isinstance(n, (ast.AugAssign, ast.For, ast.AsyncFor, ast.comprehension)):
                    for name in stored_names(n.target):
                        out.setdefault(name, []).append(None)
                elif isinstance(n, ast.NamedExpr):
                    out.setdefault(n.target.id, []).append(n.value)
                elif isinstance(n, ast.withitem) and n.optional_vars is not None:
                    bind_target(out, n.optional_vars, n.context_expr)
                elif isinstance(n, ast.ExceptHandler) and n.name:
                    out.setdefault(n.name, []).append(None)
            for name in declared:
                out.pop(name, None)
            self._locals = out
        return self._locals

    def returns(self):
        if self._returns is None:
            self._returns = [n.value for n in self.own() if isinstance(n, ast.Return) and n.value is not None]
        return self._returns


def bind_target(out, target, value):
    if isinstance(target, ast.Name):
        out.setdefault(target.id, []).append(value)
    elif isinstance(target, (ast.Tuple, ast.List)):
        elts = value.elts if isinstance(value, (ast.Tuple, ast.List)) and len(value.elts) == len(target.elts) \
            else [None] * len(target.elts)
        for t, v in zip(target.elts, elts):
            bind_target(out, t, v)
    elif isinstance(target, ast.Starred):
        bind_target(out, target.value, None)


class Class:
    def __init__(self, node, module, fn):
        self.node, self.module, self.fn = node, module, fn
        self.name = node.name
        self.qual = (fn.qual + ".<locals>." if fn else module.name + ".") + node.name
        self.methods = {}
        self.attrs = {}  # attribute -> [(value, Function or None)]: class-body and self.x assignments


class Module:
    def __init__(self, path, name, tree, is_pkg):
        self.path, self.name, self.tree, self.is_pkg = path, name, tree, is_pkg
        self.package = name if is_pkg else name.rpartition(".")[0]
        self.names = {}           # local alias -> absolute dotted origin (imports anywhere in the file)
        self.from_imported = set()
        self.imports = set()      # as written (relative ones with leading dots), for the file's facts
        self.imported = set()     # absolute dotted names, for the import closure
        self.functions, self.classes, self.assigns = {}, {}, {}
        self.all_functions, self.all_classes = [], []
        self.owner = {}           # id(node) -> innermost Function (absent: module level)
        self.main_nodes = set()   # ids of module-level nodes inside `if __name__ == "__main__":`
        self.calls, self.top_calls, self.main_calls, self.subscripts = [], [], [], []
        self._build()

    def demo_calls(self):
        """Calls in an `if __name__ == "__main__":` block that starts nothing (a demo or a self-test)."""
        starts = any((short_name(c.func) or "").startswith(("run", "serve", "start")) or short_name(c.func) == "main"
                     for c in self.main_calls)
        return set() if starts else set(map(id, self.main_calls))

    def absolute(self, level, module):
        if not level:
            return module or ""
        parts = self.package.split(".") if self.package else []
        if level - 1 > len(parts):
            return None
        parts = parts[:len(parts) - (level - 1)]
        return ".".join(parts + ([module] if module else []))

    def _build(self):
        """One iterative pass over the tree: ownership of every node, the nodes and calls of each function,
        definitions, imports and assignments. Trees deeper than MAX_TREE_DEPTH are refused (DepthError)."""
        top = (None, None, False)
        stack = [(self.tree, top, 0)]  # node, (function, class whose body holds it, in main guard), depth
        while stack:
            node, scope, depth = stack.pop()
            if depth > MAX_TREE_DEPTH:
                raise DepthError(getattr(node, "lineno", 0))
            depth += 1
            fn, cls, main = scope
            if fn is not None:
                if isinstance(node, OWNED):
                    self.owner[id(node)] = fn
                if isinstance(node, KEPT):
                    fn._own.append(node)
            elif main:
                self.main_nodes.add(id(node))
            if not isinstance(node, ast.stmt):
                if isinstance(node, ast.Call):
                    self.calls.append((node, fn))
                    (fn.calls if fn is not None else self.main_calls if main else self.top_calls).append(node)
                elif isinstance(node, ast.Subscript):
                    self.subscripts.append(node)
                elif isinstance(node, ast.Name):
                    continue
                for c in children(node):
                    if not isinstance(c, LEAVES) and (main or not isinstance(c, ast.Name)):
                        stack.append((c, scope, depth))
                continue
            if isinstance(node, FUNCS):
                f = Function(node, self, cls, fn if cls is None else None)
                self.all_functions.append(f)
                if cls is not None:
                    cls.methods[node.name] = f
                elif fn is not None:
                    fn.nested[node.name] = f
                else:
                    self.functions[node.name] = f
                outer = (fn, None, main)
                body = set(map(id, node.body))
                stack.extend((c, outer, depth) for c in children(node) if id(c) not in body)
                inner = (f, None, False)
                stack.extend((c, inner, depth) for c in node.body)
                continue
            if isinstance(node, ast.ClassDef):
                c = Class(node, self, fn)
                self.all_classes.append(c)
                if fn is not None:
                    fn.local_classes[node.name] = c
                elif cls is None:
                    self.classes[node.name] = c
                outer = (fn, None, main)
                outside = node.bases + node.decorator_list + [k.value for k in node.keywords]
                stack.extend((x, outer, depth) for x in outside)
                body = (fn, c, main)
                stack.extend((x, body, depth) for x in node.body)
                continue
            if isinstance(node, ast.Import):
                for a in node.names:
                    self.imports.add(a.name)
                    self.imported.add(a.name)
                    if a.asname:
                        self.names[a.asname] = a.name
                    else:
                        self.names.setdefault(a.name.split(".")[0], a.name.split(".")[0])
            elif isinstance(node, ast.ImportFrom):
                written = "." * (node.level or 0) + (node.module or "")
                self.imports.add(written)
                base = self.absolute(node.level or 0, node.module)
                if base is not None:
                    self.imported.add(base)
                for a in (a for a in node.names if a.name != "*"):
                    self.imports.add(written + a.name if written.endswith(".") else written + "." + a.name)
                    self.from_imported.add(a.asname or a.name)
                    if base is not None:
                        full = base + "." + a.name if base else a.name
                        self.imported.add(full)
                        self.names[a.asname or a.name] = full
            elif isinstance(node, (ast.Assign, ast.AnnAssign)) and node.value is not None:
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                for t in targets:
                    if cls is not None and isinstance(t, ast.Name):
                        cls.attrs.setdefault(t.id, []).append((node.value, fn))
                    elif fn is None and cls is None:
                        out = {}
                        bind_target(out, t, node.value)
                        for k, v in out.items():
                            self.assigns.setdefault(k, []).extend(v)
                    elif fn is not None and fn.cls is not None and isinstance(t, ast.Attribute) \
                            and isinstance(t.value, ast.Name) and fn.positional and t.value.id == fn.positional[0]:
                        fn.cls.attrs.setdefault(t.attr, []).append((node.value, fn))
            elif scope is top and isinstance(node, ast.If) and is_main_guard(node.test):
                stack.append((node.test, scope, depth))
                stack.extend((c, (None, None, True), depth) for c in node.body)
                stack.extend((c, scope, depth) for c in node.orelse)
                continue
            stack.extend((c, scope, depth) for c in children(node) if not isinstance(c, LEAVES))

    def dotted(self, node):
        """`a.b.c` through this file's import aliases (`fm.FastMCP` -> `mcp.server.fastmcp.FastMCP`)."""
        parts = []
        while isinstance(node, ast.Attribute):
            parts.append(node.attr)
            node = node.value
        if not isinstance(node, ast.Name):
            return None
        parts.append(self.names.get(node.id, node.id))
        return ".".join(reversed(parts))


class Project:
    def __init__(self, modules, is_test=lambda path: False, unmodelled_methods=None):
        self.modules = modules
        self.is_test = is_test
        # Method names of files not modelled (tests) and how many: they count for the fallback's ambiguity.
        self.unmodelled_methods = unmodelled_methods or {}
        self.by_name = {}
        for m in sorted(modules, key=lambda m: (is_test(m.path), m.path.count("/"), m.path)):
            self.by_name.setdefault(m.name, m)
        self.functions = [f for m in modules for f in m.all_functions]
        self.classes = [c for m in modules for c in m.all_classes]
        self.methods_by_name = {}
        for f in self.functions:
            if f.cls is not None:
                self.methods_by_name.setdefault(f.name, []).append(f)
        self.calls_by_name = {}   # short callee name -> [(call, caller Function or None, Module)]
        self.refs_by_name = {}    # the same for functions passed as arguments: `anyio.run(main)`
        self.calls = []
        for m in modules:
            for node, fn in m.calls:
                self.calls.append((node, fn, m))
                key = short_name(node.func)
                if key:
                    self.calls_by_name.setdefault(key, []).append((node, fn, m))
                for a in node.args + [k.value for k in node.keywords]:
                    key = short_name(a)
                    if key:
                        self.refs_by_name.setdefault(key, []).append((a, fn, m))
        self._memo, self._busy = {}, set()
        self._bases, self._server_base, self._subclasses = {}, {}, None
        self._callers = {}

    # ---- modules and dotted names
    def module_for(self, dotted):
        m = self.by_name.get(dotted)
        if m is not None or not dotted or dotted.split(".")[0] in EXTERNAL_ROOTS:
            return m
        parts = dotted.split(".")
        for drop in range(1, len(parts)):  # namespace packages and sys.path additions: `awslabs.x.y` -> `x.y`
            m = self.by_name.get(".".join(parts[drop:]))
            if m is not None:
                return m
        return None

    def resolve_dotted(self, dotted, depth=0):
        if dotted in SERVER_CLASSES or depth > MAX_DEPTH:
            return {("ext", dotted)}
        parts = dotted.split(".")
        if parts[0] not in EXTERNAL_ROOTS:
            for i in range(len(parts), 0, -1):
                m = self.module_for(".".join(parts[:i]))
                if m is None:
                    continue
                vals = {("mod", m)}
                for attr in parts[i:]:
                    vals = self.attr_values(vals, attr, depth + 1)
                if vals:
                    return vals
                break
        return {("ext", dotted)}

    # ---- classes
    def bases(self, c):
        if id(c) not in self._bases:
            self._bases[id(c)] = ()
            out = []
            for b in c.node.bases:
                while isinstance(b, ast.Subscript):  # FastMCP[LifespanT], Generic[T]
                    b = b.value
                out.extend(self.values(b, c.fn, c.module))
            self._bases[id(c)] = tuple(out)
        return self._bases[id(c)]

    def mro(self, c):
        out, stack, seen = [], [c], set()
        while stack:
            k = stack.pop(0)
            if id(k) in seen:
                continue
            seen.add(id(k))
            out.append(k)
            stack.extend(v[1] for v in self.bases(k) if v[0] == "cls")
        return out

    def subclasses(self, c):
        if self._subclasses is None:
            self._subclasses = {}
            for k in self.classes:
                for v in self.bases(k):
                    if v[0] == "cls":
                        self._subclasses.setdefault(id(v[1]), []).append(k)
        out, stack = [], list(self._subclasses.get(id(c), []))
        while stack:
            k = stack.pop()
            if k not in out:
                out.append(k)
                stack.extend(self._subclasses.get(id(k), []))
        return out

    def server_base(self, c):
        """(sdk class, framework) when `c` derives from an SDK server class, else None."""
        if id(c) not in self._server_base:
            self._server_base[id(c)] = None
            found = None
            for v in self.bases(c):
                if v[0] == "ext" and v[1] in SERVER_CLASSES:
                    found = SERVER_CLASSES[v[1]]
                elif v[0] == "cls":
                    found = self.server_base(v[1])
                if found:
                    break
            self._server_base[id(c)] = found
        return self._server_base[id(c)]

    def method(self, c, name):
        return next((k.methods[name] for k in self.mro(c) if name in k.methods), None)

    # ---- values
    def values(self, expr, fn, module, depth=0):
        if expr is None or depth > MAX_DEPTH:
            return frozenset()
        key = (id(expr), id(fn))
        if key in self._memo:
            return self._memo[key]
        if key in self._busy:
            return frozenset()
        self._busy.add(key)
        try:
            result = frozenset(self._values(expr, fn, module, depth))
        finally:
            self._busy.discard(key)
        self._memo[key] = result
        return result

    def _values(self, e, fn, module, depth):
        if isinstance(e, ast.Name):
            return self.name_values(e.id, fn, module, depth)
        if isinstance(e, ast.Attribute):
            return self.attr_values(self.values(e.value, fn, module, depth + 1), e.attr, depth + 1)
        if isinstance(e, ast.Call):
            return self.call_values(e, fn, module, depth)
        if isinstance(e, ast.Await):
            return self.values(e.value, fn, module, depth + 1)
        if isinstance(e, (ast.BoolOp, ast.IfExp)):
            parts = e.values if isinstance(e, ast.BoolOp) else [e.body, e.orelse]
            return set().union(*(self.values(p, fn, module, depth + 1) for p in parts))
        if isinstance(e, ast.NamedExpr):
            return self.values(e.value, fn, module, depth + 1)
        return set()

    def name_values(self, name, fn, module, depth):
        f = fn
        while f is not None:
            if f.cls is not None and f.positional and name == f.positional[0] and not f.static:
                return {("cls" if f.classmethod else "inst", f.cls)}
            local = f.locals()
            if name in f.nested:
                return {("fn", f.nested[name])}
            if name in f.local_classes:
                return {("cls", f.local_classes[name])}
            if name in local:
                return set().union(*(self.values(v, f, module, depth + 1) for v in local[name] if v is not None))
            if name in f.args:
                return self.param_values(f, name, depth + 1)
            f = f.parent
        if name in module.functions:
            return {("fn", module.functions[name])}
        if name in module.classes:
            return {("cls", module.classes[name])}
        if name in module.assigns:
            values = module.assigns[name]
            return set().union(*(self.values(v, None, module, depth + 1) for v in values if v is not None))
        if name in module.names:
            return self.resolve_dotted(module.names[name], depth + 1)
        return {("ext", name)}

    def attr_values(self, base, attr, depth):
        out = set()
        for v in base:
            kind = v[0]
            if kind == "mod":
                m = v[1]
                if attr in m.functions:
                    out.add(("fn", m.functions[attr]))
                elif attr in m.classes:
                    out.add(("cls", m.classes[attr]))
                elif attr in m.assigns:
                    out |= set().union(*(self.values(x, None, m, depth + 1) for x in m.assigns[attr] if x is not None))
                elif attr in m.names:
                    out |= self.resolve_dotted(m.names[attr], depth + 1)
                else:
                    sub = self.by_name.get(m.name + "." + attr if m.name else attr)
                    if sub is not None:
                        out.add(("mod", sub))
            elif kind in ("inst", "cls"):
                c = v[1]
                meth = self.method(c, attr)
                if meth is not None:
                    out.add(("meth" if kind == "inst" and not meth.static else "fn", meth))
                    if kind == "inst":  # an override in a subclass may be what runs
                        out |= {("meth", k.methods[attr]) for k in self.subclasses(c) if attr in k.methods}
                    continue
                for k in self.mro(c) + (self.subclasses(c) if kind == "inst" else []):
                    for value, scope in k.attrs.get(attr, ()):
                        out |= self.values(value, scope, k.module, depth + 1)
            elif kind == "ext":
                out.add(("ext", v[1] + "." + attr))
            elif kind == "extobj":
                out.add(("extobj", v[1] + "." + attr))
        return out

    def call_values(self, call, fn, module, depth):
        out = set()
        for v in self.values(call.func, fn, module, depth + 1):
            kind = v[0]
            if kind == "ext":
                d = v[1]
                head, _, last = d.rpartition(".")
                if d in SERVER_CLASSES:
                    out.add(("server",) + SERVER_CLASSES[d])
                elif last in SERVER_FACTORIES and head in SERVER_CLASSES:
                    out.add(("server",) + SERVER_CLASSES[head])
                else:
                    out.add(("extobj", d))
            elif kind == "cls":
                out.add(("inst", v[1]))
            elif kind in ("fn", "meth"):
                f = v[1]
                for r in f.returns():
                    out |= self.values(r, f, f.module, depth + 1)
            elif kind == "extobj":
                out.add(("extobj", v[1]))
        return out

    def param_values(self, f, name, depth):
        out = set()
        ann = f.args[name].annotation
        if ann is not None:
            for v in self.values(ann, f.parent, f.module, depth + 1):
                if v[0] == "ext" and v[1] in SERVER_CLASSES:
                    out.add(("server",) + SERVER_CLASSES[v[1]])
                elif v[0] == "cls" and self.server_base(v[1]):
                    out.add(("inst", v[1]))
        for call, caller, module, bound in self.callers(f, depth):
            if self.is_test(module.path) or (caller is None and id(call) in module.demo_calls()):
                continue  # tests and `__main__` demos pass stand-ins, not what the server passes
            arg = argument_for(call, f, name, bound)
            if arg is not None:
                out |= self.values(arg, caller, module, depth + 1)
        return out

    # ---- calls
    def callers(self, f, depth=0):
        """Call sites that may call `f`: [(call, caller, module, bound)]."""
        if id(f) in self._callers:
            return self._callers[id(f)]
        self._callers[id(f)] = []
        names = [f.name] + ([f.cls.name] + [k.name for k in self.subclasses(f.cls)] if f.name == "__init__" else [])
        out = []
        for name in names:
            for call, caller, module in self.calls_by_name.get(name, ()):
                for callee, bound in self.callees(call, caller, module, depth + 1):
                    if callee is f:
                        out.append((call, caller, module, bound))
                        break
        self._callers[id(f)] = out
        return out

    def references(self, f):
        """Places that pass `f` itself to a call (a callback, `anyio.run(main)`): [(node, scope, module)]."""
        return [(n, fn, m) for n, fn, m in self.refs_by_name.get(f.name, ())
                if any(v[0] in ("fn", "meth") and v[1] is f for v in self.values(n, fn, m))]

    def referenced(self, node, fn, module):
        """Project functions an argument expression denotes."""
        if not isinstance(node, (ast.Name, ast.Attribute)):
            return []
        return sorted({v[1] for v in self.values(node, fn, module) if v[0] in ("fn", "meth")}, key=order)

    def callees(self, call, fn, module, depth=0):
        """Project functions a call may run: [(Function, bound)]."""
        out = []
        vals = self.values(call.func, fn, module, depth)
        for v in vals:
            if v[0] == "fn":
                out.append((v[1], False))
            elif v[0] == "meth":
                out.append((v[1], True))
            elif v[0] == "cls":
                init = self.method(v[1], "__init__")
                if init is not None:
                    out.append((init, True))
        if not vals and isinstance(call.func, ast.Attribute) and not self.values(call.func.value, fn, module, depth):
            candidates = self.methods_by_name.get(call.func.attr, [])
            if len(candidates) + self.unmodelled_methods.get(call.func.attr, 0) <= FALLBACK_METHODS:
                out.extend((c, True) for c in candidates)
        return sorted(set(out), key=lambda e: (order(e[0]), e[1]))  # values are sets: fix the order

    def server_of(self, vals):
        """(sdk class, framework, subclass or None) of a server value."""
        for v in sorted(vals, key=value_key):
            if v[0] == "server":
                return v[1], v[2], None
            if v[0] == "inst":
                base = self.server_base(v[1])
                if base:
                    return base[0], base[1], v[1]
        return None


def order(x):
    """A stable sort key for functions and classes (values hold them in sets)."""
    return x.module.path, x.node.lineno, x.node.col_offset, x.qual


def value_key(v):
    """A stable sort key for values."""
    if v[0] in ("inst", "cls", "fn", "meth"):
        return v[0], order(v[1])
    if v[0] == "mod":
        return v[0], (v[1].path,)
    return v[0], tuple(str(x) for x in v[1:])


def short_name(node):
    return node.id if isinstance(node, ast.Name) else node.attr if isinstance(node, ast.Attribute) else None


def argument_for(call, f, name, bound):
    """The argument expression a call passes for parameter `name` of `f`, or None."""
    kw = kwarg(call, name)
    if kw is not None:
        return kw
    pos = f.positional[1:] if bound and f.bound and f.positional else f.positional
    if name in pos:
        i = pos.index(name)
        args = call.args
        if any(isinstance(a, ast.Starred) for a in args[:i + 1]):
            return None
        return args[i] if i < len(args) else None
    return None


def g_default(g, index):
    """The default value of a function's parameter, or None."""
    a = g.node.args
    positional = a.posonlyargs + a.args
    name = g.params[index]
    for i, p in enumerate(positional):
        if p.arg == name:
            k = i - (len(positional) - len(a.defaults))
            return a.defaults[k] if k >= 0 else None
    for p, d in zip(a.kwonlyargs, a.kw_defaults):
        if p.arg == name:
            return d
    return None
