"""Where client input goes: taint from the parameters of tools (and resource, prompt and low-level
handlers) through assignments, returns and calls into project functions in any module, to file APIs,
SQL text and shell commands.

Each project function gets a summary per parameter: whether its return value derives from it, which
sinks it reaches (with the chain of functions on the way), whether it checks containment of a path
derived from it, and whether it validates it (regex, allow-list, `isidentifier`). Taint is a map
parameter -> SQL level (see `sqlish`): the level rises when the value is interpolated into text that
reads like SQL (f-string, `%`, `.format`, `+`), which is what makes a SQL sink an injection rather
than a query the tool was asked to run."""
import ast
import re

from pa_gates import Gates
from pa_model import argument_for, children, g_default, kwarg, stored_names, walk
from pa_vocab import (
    PATH_FUNCS, PATH_PREFIXES, PATH_METHODS, PATH_ARG_METHODS, WRITE_METHODS, LIB_METHODS, FORWARD_FUNCS,
    HTTP_CLIENTS, HTTP_METHODS, HTTP_BODY, SHELL_ALWAYS, SUBPROCESS, SQL_METHODS, AMBIGUOUS_SQL, SQL_FUNCS,
    SQL_WORDS, SQL_STATEMENT, SANITIZERS, SANITIZER_PREFIXES, PROPAGATORS, PROPAGATOR_PREFIXES, CONTENT_METHODS,
    SAFE_ATTRS, PROBES, PROBE_METHODS, RESOLVERS, BASENAMES, CHECKERS, CHECK_METHODS, HELPER_HINTS, NOT_HELPERS,
    VALIDATE_HINT, VALIDATE_CALLS, VALIDATE_METHODS, COMPREHENSIONS, MUTATORS, PATHLIKE, SAFE_ANNOTATIONS,
    INDIRECT, QUOTING, MAX_CHAIN, MAX_HITS
)


class Hit:
    """A sink reached from a parameter. `local`: the path was probed on this machine's filesystem
    (`os.path.isfile`) on the way, so a request that carries it hands a local file to another program.
    `unless`: parameters that, when a call passes a value for them, keep this one from the sink (it gets
    there only through their default branch: `out = out or inp + ".ogg"`). `restricted`: resolved and
    tested against an allow-list (its extension or name `in` a collection), but not contained in a root."""
    __slots__ = ("kind", "label", "path", "line", "sql", "contained", "local", "via", "unless", "restricted")

    def __init__(self, kind, label, path, line, sql=0, contained=False, local=False, via=(), unless=frozenset(),
                 restricted=False):
        self.kind, self.label, self.path, self.line = kind, label, path, line
        self.sql, self.contained, self.local, self.via, self.unless = sql, contained, local, via, unless
        self.restricted = restricted

    def key(self):
        return self.kind, self.path, self.line, self.label

    def derived(self, sql=0, contained=False, local=False, via=(), unless=None, restricted=False):
        return Hit(self.kind, self.label, self.path, self.line, max(self.sql, sql), self.contained or contained,
                   self.local or local, via + self.via, self.unless if unless is None else unless,
                   self.restricted or restricted)


class Summary:
    def __init__(self):
        self.ret = {"path": {}, "inj": {}}  # mode -> param index -> sql flag
        self.hits = {}                      # param index -> {key: Hit}
        self.checks, self.probes = set(), set()
        self.validates = {"path": set(), "inj": set()}
        self.resolves, self.compares = set(), set()  # half a containment check, completed by a caller
        self.restricts = set()  # resolved and tested against an allow-list, not contained


EMPTY = Summary()


def merge(into, other):
    changed = False
    for i, flag in other.items():
        old = into.get(i)
        if old is None or flag > old:
            into[i] = flag if old is None else max(old, flag)
            changed = True
    return changed


TRAVERSAL_PROBES = ("../../etc/passwd", "/etc/passwd", "..", "a/../../b", "..\\..\\x", "~/.ssh/id_rsa")


def rejects_traversal(module, pattern):
    """Whether a regex (a literal, or a module-level `re.compile(literal)`) matches none of the usual
    traversal strings: then what it accepts names no other directory."""
    if isinstance(pattern, ast.Name) and pattern.id in module.assigns:
        value = module.assigns[pattern.id][-1]
        if isinstance(value, ast.Call) and module.dotted(value.func) == "re.compile" and value.args:
            pattern = value.args[0]
    if not (isinstance(pattern, ast.Constant) and isinstance(pattern.value, str)):
        return False
    try:
        compiled = re.compile(pattern.value, re.IGNORECASE)
    except (re.error, RecursionError, OverflowError):
        return False
    # `\.py$` accepts "../../x.py": probe with the extensions the pattern names too.
    suffixes = [""] + ["." + e for e in re.findall(r"\\\.([A-Za-z0-9]+)", pattern.value)]
    return not any(compiled.search(p + s) for p in TRAVERSAL_PROBES for s in suffixes)


def sqlish(node):
    """How much constant text in a node reads like SQL: 2 a statement (`SELECT ...`), 1 SQL words
    (`... WHERE id = `), 0 not at all. Taint carries the level as its flag."""
    texts = [n.value for n in walk(node) if isinstance(n, ast.Constant) and isinstance(n.value, str)]
    return 2 if any(SQL_STATEMENT.match(t) for t in texts) else 1 if any(SQL_WORDS.search(t) for t in texts) else 0


class Flow(Gates):
    def __init__(self, project, mcp):
        self.p, self.mcp = project, mcp
        self.done, self.active = {}, []
        self._flows, self._calls, self._indirect = {}, {}, {}
        self._alias = {}  # id(Name node) -> name@comprehension: comprehension variables are local to it
        self._blocks = {}  # id(Function) -> {id(statement): (statement list, index)}; ("calls", id) -> names

    def callees(self, call, module):
        """[(Function, bound, call as the callee sees it)]: direct calls, and `asyncio.to_thread(f, x)` as `f(x)`."""
        scope = module.owner.get(id(call))
        out = [(f, bound, call) for f, bound in self.p.callees(call, scope, module)]
        if out:
            return out
        inner = self.indirect(call, module)
        if inner is not None:
            out = [(f, bound, inner) for f, bound in self.p.callees(inner, scope, module)]
        return out

    def indirect(self, call, module):
        if id(call) not in self._indirect:
            q = module.dotted(call.func) or ""
            skip = INDIRECT.get(q) or (INDIRECT.get(call.func.attr) if isinstance(call.func, ast.Attribute)
                                       and call.func.attr in ("run_in_executor", "submit") else None)
            inner = None
            if skip and len(call.args) >= skip and not any(isinstance(a, ast.Starred) for a in call.args[:skip]):
                inner = ast.Call(func=call.args[skip - 1], args=call.args[skip:], keywords=call.keywords)
                ast.copy_location(inner, call)
            self._indirect[id(call)] = inner
        return self._indirect[id(call)]

    # ---- per function structure
    def body(self, f):
        """Nodes of a function including nested function bodies (closures see the outer names)."""
        if id(f) not in self._calls:
            nodes = list(f.own())
            for g in f.nested.values():
                nodes += self.body(g)
            self._calls[id(f)] = nodes
        return self._calls[id(f)]

    def scope_comprehensions(self, f):
        for comp in (n for n in self.body(f) if isinstance(n, COMPREHENSIONS)):
            bound = {name for g in comp.generators for name in stored_names(g.target)}
            parts = [g.target for g in comp.generators] + [g.iter for g in comp.generators[1:]] + \
                [c for g in comp.generators for c in g.ifs] + \
                ([comp.key, comp.value] if isinstance(comp, ast.DictComp) else [comp.elt])
            stack = list(parts)
            while stack:
                x = stack.pop()
                if isinstance(x, ast.Name) and x.id in bound:
                    self._alias.setdefault(id(x), "%s@%d" % (x.id, id(comp)))
                elif isinstance(x, COMPREHENSIONS) and bound & {n for g in x.generators
                                                                 for n in stored_names(g.target)}:
                    continue  # rebinds the name: its own scope
                stack.extend(children(x))

    def name(self, node):
        return self._alias.get(id(node), node.id)

    def flows(self, f):
        if id(f) in self._flows:
            return self._flows[id(f)]
        self.scope_comprehensions(f)
        out = []
        for n in self.body(f):
            if isinstance(n, ast.Assign):
                for t in n.targets:
                    out.append((self.targets(t), n.value, "assign"))
            elif isinstance(n, ast.AnnAssign) and n.value is not None:
                out.append((self.targets(n.target), n.value, "assign"))
            elif isinstance(n, ast.AugAssign):
                out.append((self.targets(n.target), n, "aug"))
            elif isinstance(n, ast.NamedExpr):
                out.append(([n.target.id], n.value, "assign"))
            elif isinstance(n, (ast.For, ast.AsyncFor)):
                out.append((stored_names(n.target), n.iter, "assign"))
            elif isinstance(n, ast.comprehension):
                names = [self.name(x) for x in walk(n.target) if isinstance(x, ast.Name)]
                out.append((names, n.iter, "assign"))
            elif isinstance(n, ast.withitem) and n.optional_vars is not None:
                out.append((stored_names(n.optional_vars), n.context_expr, "assign"))
            elif isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute) and n.func.attr in MUTATORS \
                    and isinstance(n.func.value, ast.Name):
                for a in n.args + [k.value for k in n.keywords]:
                    out.append(([n.func.value.id], a, "assign"))
        self._flows[id(f)] = [x for x in out if x[0]]
        return self._flows[id(f)]

    @staticmethod
    def targets(t):
        """Names a target stores to; `d["k"] = v` and `o.a = v` taint `d` and `o`."""
        names = stored_names(t)
        while isinstance(t, (ast.Subscript, ast.Attribute)):
            t = t.value
        if isinstance(t, ast.Name) and t.id not in names:
            names.append(t.id)
        return names

    # ---- summaries
    def summary(self, f):
        if id(f) in self.done:
            return self.done[id(f)]
        if f in self.active or len(self.active) >= MAX_CHAIN:
            return EMPTY
        self.active.append(f)
        try:
            s = self.analyze(f)
        except RecursionError:
            s = Summary()
        self.active.pop()
        self.done[id(f)] = s
        return s

    def env(self, f, mode, sanitized, skip=None):
        """Name -> taint. `skip`: ids of stored values left out (a default branch the caller does not take)."""
        env = {name: {i: 0} for i, name in enumerate(f.params)}
        for _ in range(12):
            changed = False
            for names, expr, kind in self.flows(f):
                if skip and id(expr) in skip:
                    continue
                if kind == "aug":
                    t = dict(self.taint(expr.target, f, env, mode, sanitized))
                    value = self.taint(expr.value, f, env, mode, sanitized)
                    sql = max(sqlish(expr.value), self.names_sqlish(expr.target, f)) if isinstance(expr.op, ast.Add) \
                        else 0
                    merge(t, {i: max(flag, sql) for i, flag in value.items()})
                else:
                    t = self.taint(expr, f, env, mode, sanitized)
                if not t:
                    continue
                for name in names:
                    if name in sanitized:
                        continue
                    changed |= merge(env.setdefault(name, {}), t)
            if not changed:
                break
        return env

    def names_sqlish(self, node, f):
        if isinstance(node, ast.Name):
            return max([sqlish(e) for names, e, k in self.flows(f) if k == "assign" and node.id in names] + [0])
        return sqlish(node)

    def taint(self, e, f, env, mode, sanitized):
        t = self._taint(e, f, env, mode, sanitized)
        return t

    def _taint(self, e, f, env, mode, sanitized):
        tt = lambda x: self._taint(x, f, env, mode, sanitized)  # noqa: E731
        if isinstance(e, ast.Name):
            return {} if e.id in sanitized else dict(env.get(self.name(e), {}))
        if isinstance(e, ast.Constant) or e is None:
            return {}
        if isinstance(e, ast.JoinedStr):
            out = {}
            for v in e.values:
                if isinstance(v, ast.FormattedValue):
                    merge(out, tt(v.value))
            level = sqlish(e) if out else 0
            out = {i: max(flag, level) for i, flag in out.items()}
            return out
        if isinstance(e, ast.FormattedValue):
            return tt(e.value)
        if isinstance(e, ast.BinOp):
            left, right = tt(e.left), tt(e.right)
            out = dict(left)
            merge(out, right)
            if isinstance(e.op, ast.Mod):
                out = dict(right)
                level = self.names_sqlish(e.left, f) if out else 0
                out = {i: max(flag, level) for i, flag in out.items()}
                merge(out, left)
            elif isinstance(e.op, ast.Add) and out:
                level = max(self.names_sqlish(e.left, f) if right else 0, self.names_sqlish(e.right, f) if left else 0)
                out = {i: max(flag, level) for i, flag in out.items()}
            elif not isinstance(e.op, (ast.Div, ast.Add, ast.Mult)):
                return {}
            return out
        if isinstance(e, ast.Call):
            return self.call_taint(e, f, env, mode, sanitized)
        if isinstance(e, ast.Attribute):
            return {} if e.attr in SAFE_ATTRS else tt(e.value)
        if isinstance(e, ast.Subscript):
            return tt(e.value)
        if isinstance(e, (ast.IfExp,)):
            out = tt(e.body)
            merge(out, tt(e.orelse))
            return out
        if isinstance(e, ast.BoolOp):
            out = {}
            for v in e.values:
                merge(out, tt(v))
            return out
        if isinstance(e, (ast.List, ast.Tuple, ast.Set)):
            out = {}
            for v in e.elts:
                merge(out, tt(v))
            return out
        if isinstance(e, ast.Dict):
            out = {}
            for v in e.values:
                merge(out, tt(v))
            return out
        if isinstance(e, (ast.ListComp, ast.SetComp, ast.GeneratorExp)):
            return tt(e.elt)
        if isinstance(e, ast.DictComp):
            out = tt(e.key)
            merge(out, tt(e.value))
            return out
        if isinstance(e, (ast.Await, ast.Starred, ast.NamedExpr)):
            return tt(e.value)
        if isinstance(e, ast.UnaryOp) and not isinstance(e.op, ast.Not):
            return tt(e.operand)
        return {}

    def call_taint(self, call, f, env, mode, sanitized):
        tt = lambda x: self._taint(x, f, env, mode, sanitized)  # noqa: E731
        module = f.module
        q = module.dotted(call.func) or ""
        args = call.args + [k.value for k in call.keywords]
        fn = call.func
        short = fn.attr if isinstance(fn, ast.Attribute) else fn.id if isinstance(fn, ast.Name) else ""
        if q in SANITIZERS or q.startswith(SANITIZER_PREFIXES) or (mode == "inj" and QUOTING.search(short)):
            return {}
        if q in ("min", "max") and any(isinstance(a, ast.Constant) and isinstance(a.value, (int, float))
                                       for a in call.args):
            return {}  # a number: min(x, 20) raises for anything else
        if isinstance(fn, ast.Attribute) and fn.attr in ("format", "format_map"):
            out = tt(fn.value)
            for a in args:
                merge(out, tt(a))
            level = self.names_sqlish(fn.value, f) if out else 0
            out = {i: max(flag, level) for i, flag in out.items()}
            return out
        if isinstance(fn, ast.Attribute) and fn.attr == "join" and isinstance(fn.value, ast.Constant):
            return tt(call.args[0]) if call.args else {}
        callees = self.callees(call, module)
        if callees:
            out = {}
            for callee, bound, site in callees:
                s = self.summary(callee)
                for j, name in enumerate(callee.params):
                    r = s.ret[mode].get(j)
                    if r is None or j in s.validates[mode]:
                        continue  # a validating helper returns only what passed its check
                    arg = argument_for(site, callee, name, bound)
                    if arg is not None:
                        merge(out, {i: max(flag, r) for i, flag in tt(arg).items()})
            return out
        if q in PROPAGATORS or q.startswith(PROPAGATOR_PREFIXES):
            out = {}
            for a in args:
                merge(out, tt(a))
            return out
        if isinstance(fn, ast.Attribute) and fn.attr not in CONTENT_METHODS:
            recv = tt(fn.value)
            if recv:
                for a in args:
                    merge(recv, tt(a))
                return recv
        return {}

    # ---- sinks
    def sinks(self, call, f):
        """[(kind, label, argument expressions)] for a call: path, forward, sql, shell."""
        module = f.module
        scope = module.owner.get(id(call))
        q = module.dotted(call.func) or ""
        fn = call.func
        args = call.args + [k.value for k in call.keywords]
        out = []
        if q in PATH_FUNCS or q.startswith(PATH_PREFIXES):
            out.append(("path", q, args))
        elif q in SHELL_ALWAYS or (q in SUBPROCESS and self.shell_true(call)):
            cmd = call.args[0] if call.args else next(
                (kwarg(call, k) for k in ("args", "cmd", "command") if kwarg(call, k) is not None), None)
            out.append(("shell", q, [cmd] if cmd is not None else []))
        elif q in FORWARD_FUNCS:
            out.append(("forward", q, args))
        elif q in SQL_FUNCS:
            out.append(("sql", q.rpartition(".")[2], self.sql_arg(call)))
        elif q.startswith(HTTP_CLIENTS) and q.rpartition(".")[2] in HTTP_METHODS:
            out.append(("forward", q, [v for k, v in ((k.arg, k.value) for k in call.keywords) if k in HTTP_BODY]))
        elif isinstance(fn, ast.Attribute):
            attr = fn.attr
            made_by = {v[1] for v in self.p.values(fn.value, scope, module) if v[0] == "extobj"}
            if attr in PATH_METHODS and not (attr in PATH_ARG_METHODS and len(call.args) != 1):  # not str.replace
                out.append(("path-recv", attr, [fn.value] + (args if attr in PATH_ARG_METHODS else [])))
            if any(attr in LIB_METHODS.get(d, ()) for d in made_by) or (attr in WRITE_METHODS and call.args):
                out.append(("path", attr, args[:1] if attr in WRITE_METHODS else args))
            clients = sorted(d for d in made_by if d.startswith(HTTP_CLIENTS))
            if attr in HTTP_METHODS and clients:
                out.append(("forward", clients[0] + "." + attr,
                            [kwarg(call, k) for k in HTTP_BODY if kwarg(call, k) is not None]))
            receiver = self.p.values(fn.value, scope, module)
            if attr in SQL_METHODS and not self.p.callees(call, scope, module) \
                    and not any(v[0] in ("ext", "mod", "server") for v in receiver):
                out.append(("sql", attr, self.sql_arg(call)))
        return out

    @staticmethod
    def shell_true(call):
        shell = kwarg(call, "shell")
        return isinstance(shell, ast.Constant) and shell.value is True

    @staticmethod
    def sql_arg(call):
        arg = call.args[0] if call.args else next(
            (kwarg(call, k) for k in ("sql", "query", "statement", "operation", "sql_script", "cypher")
             if kwarg(call, k) is not None), None)
        return [arg] if arg is not None else []

    # ---- one function
    def analyze(self, f):
        s = Summary()
        clean = self.sanitized(f)
        envs = {mode: self.env(f, mode, clean[mode]) for mode in ("path", "inj")}
        module = f.module
        gates = self.lookup_gates(f, envs["path"], clean["path"])
        defaults = self.default_stores(f)
        cache = {}

        def gated(node, mode):
            """Names looked up before `node` runs, with a miss ending the function (paths only)."""
            if mode != "path" or not gates:
                return frozenset()
            return frozenset(name for names, ids in gates if id(node) in ids for name in names)

        def taint(x, mode, names=frozenset(), provided=None):
            """Taint of `x`, with `names` gated and (when given) parameter `provided` passed by the caller."""
            key = (mode, names, provided)
            if key not in cache:
                cache[key] = envs[mode] if not names and provided is None else \
                    self.env(f, mode, clean[mode] | names, defaults.get(provided))
            return self.taint(x, f, cache[key], mode, clean[mode] | names)

        def conditions(exprs, mode, names, t):
            """Parameter -> the defaulted parameters through whose default branch alone it reaches `exprs`."""
            out = {}
            for j in defaults:
                tj = {}
                for x in exprs:
                    merge(tj, taint(x, mode, names, j))
                for i in t:
                    if i not in tj:
                        out.setdefault(i, set()).add(j)
            return out

        for n in f.returns():
            for mode in ("path", "inj"):
                merge(s.ret[mode], taint(n, mode, gated(n, mode)))
        for n in self.body(f):
            if not isinstance(n, ast.Call):
                continue
            for kind, label, exprs in self.sinks(n, f):
                mode = "inj" if kind in ("sql", "shell") else "path"
                names = gated(n, mode)
                t = {}
                for x in exprs:
                    merge(t, taint(x, mode, names))
                cond = conditions(exprs, mode, names, t) if defaults and t else {}
                for i, flag in t.items():
                    self.add(s, i, Hit("path" if kind == "path-recv" else kind, label, module.path, n.lineno, flag,
                                       unless=frozenset(cond.get(i, ()))))
            for callee, bound, site in self.callees(n, module):
                cs = self.summary(callee)
                for j, name in enumerate(callee.params):
                    if j not in cs.hits:
                        continue
                    arg = argument_for(site, callee, name, bound)
                    if arg is None:
                        continue
                    at = {}
                    for h in list(cs.hits[j].values()):
                        mode = "inj" if h.kind in ("sql", "shell") else "path"
                        unless = self.call_conditions(h, site, callee, bound, f) if h.unless else set()
                        if unless is None:
                            continue  # the call passes what keeps this input from the sink
                        if mode not in at:
                            names = gated(n, mode)
                            t = taint(arg, mode, names)
                            at[mode] = t, conditions([arg], mode, names, t) if defaults and t else {}
                        t, cond = at[mode]
                        for i, flag in t.items():
                            self.add(s, i, h.derived(sql=flag, via=(callee.name,),
                                                     unless=frozenset(unless | cond.get(i, set()))))
        s.checks, s.probes, s.resolves, s.compares, s.restricts = self.checks(f, envs["path"])
        s.validates = {mode: {i for i, name in enumerate(f.params) if name in clean[mode]} for mode in clean}
        for i, hits in s.hits.items():
            for key, h in list(hits.items()):
                contained = h.kind in ("path", "forward") and i in s.checks
                local = h.kind == "forward" and i in s.probes
                restricted = h.kind in ("path", "forward") and i in s.restricts
                if contained or local or restricted:
                    hits[key] = h.derived(contained=contained, local=local, restricted=restricted)
        return s

    @staticmethod
    def add(s, i, hit):
        hits = s.hits.setdefault(i, {})
        old = hits.get(hit.key())
        if old is None and len(hits) < MAX_HITS:
            hits[hit.key()] = hit
        elif old is not None and (hit.sql > old.sql or (old.contained and not hit.contained)
                                  or (old.restricted and not hit.restricted and not hit.contained)
                                  or (hit.local and not old.local)):
            hits[hit.key()] = hit.derived(unless=hit.unless & old.unless)
        elif old is not None and not old.unless <= hit.unless:
            hits[hit.key()] = old.derived(unless=hit.unless & old.unless)

    def deps(self, exprs, f, env):
        out = set()
        for x in exprs:
            out |= set(self.taint(x, f, env, "path", set()))
        return out

    def checks(self, f, env):
        """(contained, probed, resolved, compared, restricted): parameters whose derived paths are resolved
        and checked against a root, here or in helpers (one may resolve, another compare); those probed on
        the local filesystem; those only resolved or only compared; and those resolved and tested against an
        allow-list (`ext not in ALLOWED`, `p.suffix in {...}`) without a root."""
        resolved, checked, helper, probed, listed, restricts = set(), set(), set(), set(), set(), set()
        raw = None
        module = f.module
        for n in self.body(f):
            if isinstance(n, ast.Compare) and any(isinstance(o, (ast.In, ast.NotIn)) for o in n.ops):
                parents = [c.value for c in n.comparators if isinstance(c, ast.Attribute) and c.attr == "parents"]
                checked |= self.deps(parents, f, env)  # `root in target.parents`
                # `ext not in ALLOWED`: the value tested for membership of a collection (not a substring test).
                if not any(isinstance(c, (ast.Constant, ast.JoinedStr)) or isinstance(c, ast.Attribute)
                           and c.attr == "parents" for c in n.comparators):
                    # The test itself makes the tested name clean (an allow-list sanitizes it): read its
                    # origin from the flow before sanitizing.
                    if raw is None:
                        raw = self.env(f, "path", set())
                    listed |= self.deps([n.left], f, raw)
            if not isinstance(n, ast.Call):
                continue
            fn, q = n.func, module.dotted(n.func) or ""
            label = (fn.attr if isinstance(fn, ast.Attribute) else fn.id if isinstance(fn, ast.Name) else "").lower()
            d = self.deps(([fn.value] if isinstance(fn, ast.Attribute) else []) + n.args +
                          [k.value for k in n.keywords], f, env)
            if label == "resolve" or q in RESOLVERS:
                resolved |= d
            if label in CHECK_METHODS or q in CHECKERS:
                checked |= d
            if q in PROBES or (isinstance(fn, ast.Attribute) and fn.attr in PROBE_METHODS):
                probed |= d
            callees = self.callees(n, module)
            for callee, bound, site in callees:
                cs = self.summary(callee)
                for j, name in enumerate(callee.params):
                    arg = argument_for(site, callee, name, bound)
                    if arg is None or j not in cs.checks | cs.probes | cs.resolves | cs.compares | cs.restricts:
                        continue
                    d_arg = self.deps([arg], f, env)
                    for part, into in ((cs.checks, helper), (cs.probes, probed), (cs.resolves, resolved),
                                       (cs.compares, checked), (cs.restricts, restricts)):
                        if j in part:
                            into |= d_arg
            if not callees and any(h in label for h in HELPER_HINTS) and label not in NOT_HELPERS:
                helper |= d
        contained = (resolved & checked) | helper
        return contained, probed, resolved, checked, ((resolved & listed) | restricts) - contained

    def sanitized(self, f):
        """{mode: names} validated before use, per mode. For SQL and shell ("inj"): tested with a regex, an
        allow-list or `isidentifier()` in an `if` that raises or returns (or an assert), or passed to a
        validating function. For paths: only an allow-list, `isidentifier()`-style tests, or a regex that
        rejects `../` and absolute paths."""
        out = {"inj": set(), "path": set()}
        module = f.module
        for n in self.body(f):
            found = None
            if isinstance(n, (ast.If, ast.Assert)):
                stops = isinstance(n, ast.Assert) or any(isinstance(x, (ast.Raise, ast.Return)) for b in n.body
                                                         for x in walk(b))
                found = self.validated_names(n.test, module) if stops else None
            elif isinstance(n, ast.Return) and n.value is not None:
                found = self.validated_names(n.value, module)
            elif isinstance(n, ast.Call):
                fn = n.func
                label = fn.attr if isinstance(fn, ast.Attribute) else fn.id if isinstance(fn, ast.Name) else ""
                callees = self.callees(n, module)
                found = {"inj": set(), "path": set()}
                for callee, bound, site in callees:
                    cs = self.summary(callee)
                    for mode in ("inj", "path"):
                        for j, name in enumerate(callee.params):
                            arg = argument_for(site, callee, name, bound) if j in cs.validates[mode] else None
                            if isinstance(arg, ast.Name):
                                found[mode].add(arg.id)
                if not callees and VALIDATE_HINT.search(label.lower()):
                    found["inj"] |= {a.id for a in n.args if isinstance(a, ast.Name)}
            for mode in out if found else ():
                out[mode] |= found[mode]
        for n in self.body(f):  # x = validate(x)
            if isinstance(n, ast.Assign) and isinstance(n.value, ast.Call):
                args = {a.id for a in n.value.args if isinstance(a, ast.Name)}
                for mode in out:
                    if args & out[mode]:
                        out[mode] |= {x for t in n.targets for x in stored_names(t)}
        out["path"] |= self.rebound_to_basename(f, out["path"])
        return out

    def rebound_to_basename(self, f, clean):
        """Names rebound to their own base name before any use: `name = os.path.basename(name.strip())`
        (or `Path(name).name`), read before it only by the `if name:` that guards it. From there on the
        name holds no directory part, so joining it under a folder stays in that folder. Later stores
        must add nothing tainted (`name += ".pdf"`)."""
        module, out = f.module, set()
        for n in self.body(f):
            if not (isinstance(n, ast.Assign) and len(n.targets) == 1 and isinstance(n.targets[0], ast.Name)):
                continue
            name, value = n.targets[0].id, n.value
            base = (isinstance(value, ast.Call) and (module.dotted(value.func) or "") in BASENAMES) or \
                (isinstance(value, ast.Attribute) and value.attr == "name")
            if not base or not any(isinstance(x, ast.Name) and x.id == name for x in ast.walk(value)):
                continue
            guards = {id(x) for g in self.body(f) if isinstance(g, ast.If) and any(b is n for b in g.body)
                      for x in ast.walk(g.test)}
            inside = {id(x) for x in ast.walk(value)}
            at = (n.lineno, n.col_offset)
            ok = not any(isinstance(x, ast.Name) and x.id == name and id(x) not in inside and id(x) not in guards
                         and (x.lineno, x.col_offset) < at for x in ast.walk(f.node))  # used or stored before
            env = None
            for x in self.body(f):
                if isinstance(x, (ast.Assign, ast.AugAssign)) and x is not n and (x.lineno, x.col_offset) > at \
                        and name in (self.targets(x.target) if isinstance(x, ast.AugAssign)
                                     else [t for tg in x.targets for t in self.targets(tg)]):
                    env = env if env is not None else self.env(f, "path", clean | {name})
                    if self.taint(x.value, f, env, "path", clean | {name}):
                        ok = False  # a later store brings other input in
            if ok:
                out.add(name)
        return out

    def validated_names(self, test, module):
        out = {"inj": set(), "path": set()}
        for n in walk(test):
            name, path_safe = None, False
            if isinstance(n, ast.Compare) and any(isinstance(o, (ast.In, ast.NotIn)) for o in n.ops) \
                    and isinstance(n.left, ast.Name):
                name, path_safe = n.left.id, True  # an allow-list
            elif isinstance(n, ast.Call):
                q = module.dotted(n.func) or ""
                fn = n.func
                if q in VALIDATE_CALLS and len(n.args) > 1 and isinstance(n.args[1], ast.Name):
                    name, path_safe = n.args[1].id, rejects_traversal(module, n.args[0])
                elif isinstance(fn, ast.Attribute) and fn.attr in VALIDATE_METHODS:
                    if isinstance(fn.value, ast.Name) and fn.attr.startswith("is"):
                        name, path_safe = fn.value.id, True  # isidentifier(), isalnum(): no "/" or "."
                    elif n.args and isinstance(n.args[0], ast.Name):
                        name, path_safe = n.args[0].id, rejects_traversal(module, fn.value)
            if name:
                out["inj"].add(name)
                if path_safe:
                    out["path"].add(name)
        return out

    # ---- results
    def results(self):
        """(file path, list name, record) for every sink client input reaches."""
        out = []
        for h in sorted(self.mcp.inputs(), key=lambda h: (h.fn.module.path, h.fn.node.lineno)):
            f = h.fn
            s = self.summary(f)
            for i, name in enumerate(f.params):
                if not self.is_input(h, f, name):
                    continue
                for hit in s.hits.get(i, {}).values():
                    base = {"line": hit.line, "call": hit.label, "tool": h.name, "param": name,
                            "via": list(hit.via)}
                    if hit.kind == "sql" and hit.sql >= (2 if hit.label in AMBIGUOUS_SQL else 1):
                        out.append((hit.path, "sqlExecutes", base))
                    elif hit.kind == "shell":
                        out.append((hit.path, "shellCalls", base))
                    elif hit.kind == "path" or (hit.kind == "forward" and PATHLIKE.search(name)
                                                and (hit.local or not hit.label.startswith(HTTP_CLIENTS))):
                        base.update(contained=hit.contained, forwarded=hit.kind == "forward",
                                    restricted=hit.restricted and not hit.contained)
                        out.append((hit.path, "fileAccess", base))
        return out

    def is_input(self, h, f, name):
        arg = f.args.get(name)
        if arg is None:
            return False
        from pa_mcp import is_context  # noqa: PLC0415 (avoid an import cycle at load time)
        if is_context(f.module, arg.annotation):
            return False
        if h.lowlevel and h.kind == "tool" and f.params and name == f.params[0]:
            return False  # call_tool(name, arguments): the tool name is chosen from the server's own list
        ann = arg.annotation
        if ann is not None:
            try:
                text = ast.unparse(ann)
            except (RecursionError, ValueError, AttributeError):
                text = ""
            if SAFE_ANNOTATIONS.match(text.replace("typing.", "")):
                return False
        return True


def env_helpers(project):
    """Calls of project functions that read the environment variable named by one of their parameters:
    (module, call, name, hasDefault) for each call site passing a literal name."""
    from pa_facts import env_call, env_default, given  # noqa: PLC0415

    keyed = {}  # id(Function) -> (Function, {param index: default spec}); spec: True/False or param index
    for f in project.functions:
        specs = {}
        for n in f.own():
            key, default = None, None
            if isinstance(n, ast.Call) and env_call(f.module, n):
                key = n.args[0] if n.args else kwarg(n, "key")
                d = n.args[1] if len(n.args) > 1 else kwarg(n, "default")
                default = f.params.index(d.id) if isinstance(d, ast.Name) and d.id in f.params else env_default(n)
            elif isinstance(n, ast.Subscript) and isinstance(n.ctx, ast.Load) and \
                    f.module.dotted(n.value) == "os.environ":
                key, default = n.slice, False
            if isinstance(key, ast.Name) and key.id in f.params:
                specs[f.params.index(key.id)] = default
        if specs:
            keyed[id(f)] = (f, specs)
    queue = list(keyed.values())
    while queue:  # callers that pass their own parameter through are helpers too
        g, specs = queue.pop()
        for call, caller, module, bound in project.callers(g):
            if caller is None:
                continue
            new = {}
            for j, spec in specs.items():
                arg = argument_for(call, g, g.params[j], bound)
                if isinstance(arg, ast.Name) and arg.id in caller.params:
                    d = spec
                    if not isinstance(spec, bool):
                        darg = argument_for(call, g, g.params[spec], bound)
                        d = caller.params.index(darg.id) if isinstance(darg, ast.Name) and darg.id in caller.params \
                            else given(darg)
                    new[caller.params.index(arg.id)] = d
            old = keyed.get(id(caller), (caller, {}))[1]
            if any(k not in old for k in new):
                merged = dict(new, **old)
                keyed[id(caller)] = (caller, merged)
                queue.append((caller, merged))
    out = []
    for g, specs in keyed.values():
        for call, caller, module, bound in project.callers(g):
            for j, spec in specs.items():
                arg = argument_for(call, g, g.params[j], bound)
                if isinstance(arg, ast.Constant) and isinstance(arg.value, str) and arg.value:
                    has_default = spec if isinstance(spec, bool) else given(
                        argument_for(call, g, g.params[spec], bound) or g_default(g, spec))
                    out.append((module, call, arg.value, bool(has_default)))
    return out
