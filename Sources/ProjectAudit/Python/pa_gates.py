"""Conditions on a flow: a key found by a lookup whose miss ends the function is no longer client-chosen
(`lookup_gates`), and a sink reached only through a parameter's default branch depends on the call leaving
that argument out (`default_stores`, `call_conditions`). A mixin of `pa_flow.Flow`."""
import ast

from pa_model import argument_for, g_default, own_walk, walk
from pa_vocab import (
    PATH_FUNCS, PATH_PREFIXES, PATH_METHODS, FORWARD_FUNCS, HTTP_CLIENTS, SHELL_ALWAYS, SANITIZERS,
    SANITIZER_PREFIXES, PROPAGATORS, PROPAGATOR_PREFIXES, CONTENT_METHODS, PROBES, VALIDATE_CALLS,
    VALIDATE_METHODS, PATHLIKE, NOT_LOOKUPS, NOT_LOOKUP_PREFIXES, ENDS, TRY_NODES
)


class Gates:
    # ---- default branches: `out = out or inp + ".ogg"`, `if out is None: out = ...`
    def default_stores(self, f):
        """Parameter index -> ids of the values stored to it only when the caller left it out (None, empty)."""
        index = {name: i for i, name in enumerate(f.params)}
        out = {}
        for n in f.own():
            if isinstance(n, ast.If):
                name = self.tested_name(n.test, True)
                if name is not None and name in index:
                    for x in own_walk(n.body):
                        if isinstance(x, (ast.Assign, ast.AnnAssign)) and x.value is not None and \
                                name in [t.id for t in (x.targets if isinstance(x, ast.Assign) else [x.target])
                                         if isinstance(t, ast.Name)]:
                            out.setdefault(index[name], set()).add(id(x.value))
            elif isinstance(n, ast.Assign) and len(n.targets) == 1 and isinstance(n.targets[0], ast.Name) \
                    and n.targets[0].id in index:
                name, v = n.targets[0].id, n.value
                if (isinstance(v, ast.BoolOp) and isinstance(v.op, ast.Or) and self.is_name(v.values[0], name)) or (
                        isinstance(v, ast.IfExp) and (
                            (self.is_name(v.orelse, name) and self.tested_name(v.test, True) == name)
                            or (self.is_name(v.body, name) and self.tested_name(v.test, False) == name))):
                    out.setdefault(index[name], set()).add(id(v))
        return out

    @staticmethod
    def is_name(e, name):
        return isinstance(e, ast.Name) and e.id == name

    def call_conditions(self, hit, site, callee, bound, f):
        """What is left of a callee hit's condition at a call: None when the call passes a value for one of
        the defaulted parameters (the default branch does not run), else the caller's own parameters that
        it passes for them as they are (the hit then depends on the caller's caller)."""
        unknown = any(isinstance(a, ast.Starred) for a in site.args) or any(k.arg is None for k in site.keywords)
        out = set()
        for u in hit.unless:
            arg = argument_for(site, callee, callee.params[u], bound)
            if arg is None:
                default = g_default(callee, u)
                if not unknown and isinstance(default, ast.Constant) and default.value:
                    return None
                continue
            if self.provided(arg, f.module.owner.get(id(site)) or f):
                return None
            if isinstance(arg, ast.Name) and arg.id in f.params and arg.id not in f.locals():
                out.add(f.params.index(arg.id))
        return out

    def provided(self, e, f, depth=0):
        """Whether an argument (of a call in function `f`) certainly holds a value (neither None nor empty):
        a non-empty constant or f-string, text joined to a non-empty constant, a path, a temporary file's
        name, or a local assigned only such values."""
        if isinstance(e, ast.Constant):
            return bool(e.value)
        if isinstance(e, ast.JoinedStr):
            return any(isinstance(v, ast.Constant) and v.value for v in e.values)
        if isinstance(e, ast.BinOp):
            return isinstance(e.op, ast.Div) or (isinstance(e.op, ast.Add) and any(
                isinstance(x, (ast.Constant, ast.JoinedStr)) and self.provided(x, f, depth) for x in (e.left, e.right)))
        module = f.module
        if isinstance(e, ast.Attribute):  # `tmp.name` of a NamedTemporaryFile
            return any(v[0] == "extobj" and v[1].startswith("tempfile.") for v in self.p.values(e.value, f, module))
        if isinstance(e, ast.Call):
            q = module.dotted(e.func) or ""
            return q.startswith("tempfile.") or q in ("os.path.join", "os.path.abspath", "os.path.realpath", "str",
                                                      "pathlib.Path", "Path", "pathlib.PurePath")
        if isinstance(e, ast.Name) and depth < 4 and e.id not in f.args:
            values = f.locals().get(e.id)
            return bool(values) and all(v is not None and self.provided(v, f, depth + 1) for v in values)
        return False

    # ---- lookup gates: `row = db.get(key)`, then `if row is None: return`
    def lookup_gates(self, f, env, clean):
        """[(names, ids of the nodes that run only after a lookup found each name)]. A record found by the
        key exists in the server's own store (a database, a client's library, a dict), so the key names a
        stored record, not a path the client made up. The name must keep the value it was looked up with:
        a parameter never stored to, or a local stored once, before the lookup."""
        out = []
        stores = None
        for st in self.body(f):
            found = self.gate(st, f, env, clean) if isinstance(st, (ast.If,) + TRY_NODES) else None
            if not found:
                continue
            names, covered = found
            if stores is None:
                stores = {}
                for x in walk(f.node):
                    if isinstance(x, ast.Name) and not isinstance(x.ctx, ast.Load):
                        stores.setdefault(x.id, []).append(x.lineno)
            kept = {k for k in names if (k in f.args and not stores.get(k)) or
                    (k not in f.args and len(stores.get(k, ())) == 1 and stores[k][0] < st.lineno)}
            if kept:
                out.append((frozenset(kept), {id(x) for c in covered for x in walk(c)}))
        return out

    def gate(self, st, f, env, clean):
        """(names, statements that run only once the lookup found them) for an `if` or a `try`, or None.
        `if row is None: return` (or raise, continue, break) covers what follows; `if row:` its body;
        `try: row = client.item(key)` with every handler leaving covers the rest (the lookup raises on a
        miss: the code never tests its result for None)."""
        if isinstance(st, ast.If):
            ends = bool(st.body) and isinstance(st.body[-1], ENDS)
            for missing in ((True, False) if ends else (False,)):
                parts = st.test.values if isinstance(st.test, ast.BoolOp) and \
                    isinstance(st.test.op, ast.Or if missing else ast.And) else [st.test]
                for part in parts:
                    subject = self.tested_subject(part, missing)
                    if subject is None or (isinstance(subject, ast.Name) and subject.id not in self.call_results(f)):
                        continue
                    block, i = self.block_of(st, f)
                    call = self.stored_call(subject, block[:i]) if block is not None else None
                    names = self.lookup_keys(call, f, env, clean) if call is not None else set()
                    if names:
                        return names, block[i + 1:] + st.orelse if missing else st.body
            return None
        if not st.handlers or not all(h.body and isinstance(h.body[-1], ENDS) for h in st.handlers):
            return None
        for k, x in enumerate(st.body):
            value = x.value if isinstance(x, (ast.Assign, ast.AnnAssign, ast.Expr)) else None
            value = value.value if isinstance(value, ast.Await) else value
            if not isinstance(value, ast.Call) or (isinstance(value.func, ast.Attribute) and value.func.attr == "get"):
                continue  # `.get` answers a miss with None
            result = x.targets if isinstance(x, ast.Assign) else [x.target] if isinstance(x, ast.AnnAssign) else []
            if any(isinstance(t, ast.Name) and self.tested(t.id, f) for t in result):
                continue  # the code expects None (or nothing) on a miss: only an `if` on it gates
            names = self.lookup_keys(value, f, env, clean)
            if names:
                block, i = self.block_of(st, f)
                return names, st.body[k + 1:] + st.orelse + (block[i + 1:] if block is not None else [])
        return None

    def tested(self, name, f):
        """Whether the function tests a name for None or for truth (`is None`, `if row`, `not row and x`)."""
        for n in self.body(f):
            if isinstance(n, ast.Compare) and isinstance(n.left, ast.Name) and n.left.id == name and any(
                    isinstance(c, ast.Constant) and c.value is None for c in n.comparators):
                return True
            if isinstance(n, (ast.If, ast.While, ast.Assert)):
                stack = [n.test]
                while stack:
                    e = stack.pop()
                    if isinstance(e, ast.Name) and e.id == name:
                        return True
                    if isinstance(e, ast.BoolOp):
                        stack.extend(e.values)
                    elif isinstance(e, ast.UnaryOp) and isinstance(e.op, ast.Not):
                        stack.append(e.operand)
        return False

    def call_results(self, f):
        """Names the function stores a call's result to (`row = db.get(key)`, `row = await ...`)."""
        key = ("calls", id(f))
        if key not in self._blocks:
            self._blocks[key] = {name for names, value, kind in self.flows(f) if kind == "assign" and
                                 isinstance(value.value if isinstance(value, ast.Await) else value, ast.Call)
                                 for name in names}
        return self._blocks[key]

    def block_of(self, st, f):
        """(the statement list holding `st`, its index there), or (None, None)."""
        if id(f) not in self._blocks:
            where = {}
            for x in [f.node] + [n for n in self.body(f) if isinstance(n, (ast.stmt, ast.ExceptHandler))]:
                for field in ("body", "orelse", "finalbody"):
                    stmts = getattr(x, field, None)
                    if isinstance(stmts, list):
                        for k, y in enumerate(stmts):
                            where[id(y)] = (stmts, k)
                for case in getattr(x, "cases", None) or ():  # match statements
                    for k, y in enumerate(case.body):
                        where[id(y)] = (case.body, k)
            self._blocks[id(f)] = where
        return self._blocks[id(f)].get(id(st), (None, None))

    @staticmethod
    def tested_subject(test, missing):
        """What `test` finds missing (`x is None`, `x == None`, `not x`) or, with `missing` false, present
        (`x`, `x is not None`): a name, a call or an assignment expression; else None."""
        e, flip = test, False
        if isinstance(e, ast.UnaryOp) and isinstance(e.op, ast.Not):
            e, flip = e.operand, True
        if isinstance(e, ast.Compare) and len(e.ops) == 1 and isinstance(e.comparators[0], ast.Constant) \
                and e.comparators[0].value is None and isinstance(e.ops[0], (ast.Is, ast.Eq, ast.IsNot, ast.NotEq)):
            flip ^= isinstance(e.ops[0], (ast.Is, ast.Eq))
            e = e.left
        e = e.value if isinstance(e, ast.Await) else e
        return e if flip == missing and isinstance(e, (ast.Name, ast.Call, ast.NamedExpr)) else None

    @staticmethod
    def tested_name(test, missing):
        subject = Gates.tested_subject(test, missing)
        return subject.id if isinstance(subject, ast.Name) else None

    @staticmethod
    def stored_call(subject, before):
        """The call whose result a tested subject is: itself, an assignment expression's value, or what the
        nearest earlier statement of the same block stored to the name (None if that is not a call)."""
        if isinstance(subject, ast.NamedExpr):
            subject = subject.value.value if isinstance(subject.value, ast.Await) else subject.value
        if isinstance(subject, ast.Call):
            return subject
        if not isinstance(subject, ast.Name):
            return None
        for x in reversed(before):
            if not any(isinstance(y, ast.Name) and y.id == subject.id and not isinstance(y.ctx, ast.Load)
                       for y in walk(x)):
                continue
            targets = x.targets if isinstance(x, ast.Assign) else [x.target] if isinstance(x, ast.AnnAssign) else []
            if len(targets) == 1 and isinstance(targets[0], ast.Name) and targets[0].id == subject.id:
                value = x.value.value if isinstance(x.value, ast.Await) else x.value
                return value if isinstance(value, ast.Call) else None
            return None
        return None

    def lookup_keys(self, call, f, env, clean):
        """Tainted names a call looks a record up by. The call is a project function or a method of an
        object (a database, a client, a dict), not a library function; no probe, read, search or fetch;
        its result does not carry the name; a project function does not use it as a path. Names that
        read like paths (`file_path`) are paths, whatever the call does with them."""
        module, fn = f.module, call.func
        q = module.dotted(fn) or ""
        label = fn.attr if isinstance(fn, ast.Attribute) else fn.id if isinstance(fn, ast.Name) else ""
        if not label or NOT_LOOKUPS.search(label) or q in SANITIZERS or q in PROBES or q in PATH_FUNCS \
                or q in PROPAGATORS or q in FORWARD_FUNCS or q in SHELL_ALWAYS or q in VALIDATE_CALLS \
                or q.startswith(SANITIZER_PREFIXES + PROPAGATOR_PREFIXES + PATH_PREFIXES + HTTP_CLIENTS +
                                NOT_LOOKUP_PREFIXES) \
                or label in CONTENT_METHODS or label in PATH_METHODS or label in VALIDATE_METHODS:
            return set()
        keys = {a.id for a in call.args + [k.value for k in call.keywords] if isinstance(a, ast.Name)
                and a.id not in clean and env.get(a.id) and not PATHLIKE.search(a.id)}
        if not keys:
            return set()
        callees = self.callees(call, module)
        root = fn
        while isinstance(root, ast.Attribute):
            root = root.value
        if not callees and isinstance(root, ast.Name) and (root is fn or root.id in module.names):
            return set()  # a builtin (`hasattr`) or a library function (`extract_text(doc)`)
        recv = {}
        if isinstance(fn, ast.Attribute):
            scope = module.owner.get(id(call))
            if any(v[0] == "extobj" and v[1].startswith(HTTP_CLIENTS) for v in self.p.values(fn.value, scope, module)):
                return set()
            recv = self.taint(fn.value, f, env, "path", clean)
        result = self.taint(call, f, env, "path", clean)
        out = set()
        for k in keys:
            own = set(env[k])
            if own & set(result) or own & set(recv):
                continue  # a transformation of the key, or a method of something made from it
            fs = False
            for callee, bound, site in callees:
                cs = self.summary(callee)
                for j, name in enumerate(callee.params):
                    arg = argument_for(site, callee, name, bound)
                    if isinstance(arg, ast.Name) and arg.id == k and (
                            j in cs.probes | cs.checks | cs.resolves | cs.compares
                            or any(h.kind in ("path", "forward") for h in cs.hits.get(j, {}).values())):
                        fs = True  # the project function finds it on the filesystem
            if not fs:
                out.add(k)
        return out
