"""Which code runs in the server process, and which of it runs while stdio is the protocol channel.

Server code (per file) is the import closure of the modules that start a transport, create a server or
register handlers. Stdio code (per statement) is found on a call graph: from the units (functions,
module bodies, `if __name__ == "__main__":` blocks) that start the stdio transport, keeping in those
units only the statements on a path to or from that start (a `--version` branch that returns first is
not), dropping branches taken only for HTTP transports, and following calls and callbacks from there and
from every handler and lifespan. A branch on a flag parameter (`if verbose:`) is dead in a function that
every call on the way leaves at its false default."""
import ast

from pa_model import argument_for, g_default, is_main_guard, own_walk, str_const, walk

HTTP_WORDS = ("sse", "http", "streamable-http", "streamable_http", "streamable")
TRANSPORT_SUBJECTS = ("transport", "mode", "argv", "protocol", "serve")
HTTP_FLAGS = ("http", "sse", "streamable_http", "use_http", "use_sse", "http_mode")
# Modules whose functions, called at import time, run a callback in the running process.
RUNTIME_REGISTRIES = ("atexit", "signal", "threading", "asyncio", "anyio", "concurrent", "multiprocessing", "sched",
                      "weakref", "trio")
EXIT_CALLS = ("sys.exit", "exit", "quit", "os._exit", "os.abort")
MATCH = getattr(ast, "Match", ())
TRY_STAR = getattr(ast, "TryStar", ())


def transport_words(node):
    items = node.elts if isinstance(node, (ast.Tuple, ast.List, ast.Set)) else [node]
    words = [str_const(i) for i in items]
    return None if not words or None in words else {w.lstrip("-").lower() for w in words}


def http_only(test, branch):
    """Whether the `branch` (True: body, False: else) of an `if` runs only for HTTP transports."""
    if isinstance(test, ast.BoolOp):
        parts = [http_only(v, branch) for v in test.values]
        return all(parts) if isinstance(test.op, ast.Or) == branch else any(parts)
    if isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not):
        return http_only(test.operand, not branch)
    if isinstance(test, (ast.Name, ast.Attribute)):
        name = test.id if isinstance(test, ast.Name) else test.attr
        return branch and name.lower() in HTTP_FLAGS
    if not (isinstance(test, ast.Compare) and len(test.ops) == 1):
        return False
    op, sides = test.ops[0], (test.left, test.comparators[0])
    words = transport_words(sides[1]) or transport_words(sides[0])
    if not words:
        return False
    # "http" alone is ambiguous (`client_type == "http"`): it needs a side that names the transport.
    subject = " ".join(n.id if isinstance(n, ast.Name) else n.attr for s in sides for n in walk(s)
                       if isinstance(n, (ast.Name, ast.Attribute))).lower()
    if words <= {"http"} and not any(w in subject for w in TRANSPORT_SUBJECTS):
        return False
    http, stdio = all(w in HTTP_WORDS for w in words), words == {"stdio"}
    if isinstance(op, (ast.Eq, ast.In, ast.Is)):
        return http if branch else stdio
    if isinstance(op, (ast.NotEq, ast.NotIn, ast.IsNot)):
        return stdio if branch else http
    return False


def true_names(test, branch):
    """Names certainly true when the `branch` (True: body, False: else) of an `if` on `test` runs."""
    if isinstance(test, ast.Name):
        return {test.id} if branch else set()
    if isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not):
        return true_names(test.operand, not branch)
    if isinstance(test, ast.BoolOp) and isinstance(test.op, ast.And) == branch:
        return set().union(*(true_names(v, branch) for v in test.values))
    return set()


def flag_params(f):
    """Parameters with a false constant default (None, False, 0, "") that the function never rebinds."""
    stored = f.locals()
    defaults = [(name, g_default(f, i)) for i, name in enumerate(f.params)]
    return {name for name, d in defaults if isinstance(d, ast.Constant) and not d.value and name not in stored}


class Unit:
    """A function body, a module body (without its main guards) or a module's main-guard blocks."""

    def __init__(self, kind, module, fn, stmts, calls):
        self.kind, self.module, self.fn, self.stmts, self.calls = kind, module, fn, stmts, calls
        self._cfg = self._ctx = None

    def cfg(self):
        if self._cfg is None:
            self._cfg = CFG(self.module, self.stmts)
        return self._cfg


class CFG:
    """Statement-level control flow of a unit. Node 0 is the exit."""

    def __init__(self, module, stmts):
        self.module = module
        self.succ, self.stmt, self.http = [set()], [None], [False]
        self.guard = [frozenset()]  # per node: names an enclosing `if` needs true (`if verbose:`)
        self.node_of = {}   # id(AST node of a statement's own part) -> CFG node
        self._guard = frozenset()
        try:
            self.entry = self.seq(stmts, 0, None, (), False)
        except RecursionError:  # pathological nesting: every statement counts
            self.entry = None

    def new(self, stmt, http):
        self.succ.append(set())
        self.stmt.append(stmt)
        self.http.append(http)
        self.guard.append(self._guard)
        n = len(self.stmt) - 1
        own = []
        for part in self.own_part(stmt):
            own += own_walk([part])
        for x in own:
            self.node_of.setdefault(id(x), n)
        return n, own

    @staticmethod
    def own_part(s):
        if isinstance(s, (ast.If, ast.While)):
            return [s.test]
        if isinstance(s, (ast.For, ast.AsyncFor)):
            return [s.target, s.iter]
        if isinstance(s, (ast.With, ast.AsyncWith)):
            return list(s.items)
        if isinstance(s, (ast.Try,) + ((TRY_STAR,) if TRY_STAR else ())):
            return [h.type for h in s.handlers if h.type is not None]
        if MATCH and isinstance(s, MATCH):
            return [s.subject] + [c.guard for c in s.cases if c.guard is not None]
        return [s]

    def exits(self, own):
        """Whether the nodes of a simple statement (`own`, as `new` walked them) call what ends the process."""
        for n in own:
            if isinstance(n, ast.Call):
                q = self.module.dotted(n.func) or ""
                if q in EXIT_CALLS or (isinstance(n.func, ast.Attribute) and n.func.attr == "error"
                                       and "parser" in (self.module.dotted(n.func.value) or "").lower()):
                    return True
        return False

    def seq(self, stmts, nxt, loop, handlers, http):
        for s in reversed(stmts):
            nxt = self.node(s, nxt, loop, handlers, http)
        return nxt

    def node(self, s, nxt, loop, handlers, http):
        n, own = self.new(s, http)
        edges = self.succ[n]
        edges.update(handlers)  # anything may raise into an enclosing handler
        if isinstance(s, ast.If):
            outer = self._guard
            self._guard = outer | true_names(s.test, True)
            edges.add(self.seq(s.body, nxt, loop, handlers, http or http_only(s.test, True)))
            self._guard = outer | true_names(s.test, False)
            edges.add(self.seq(s.orelse, nxt, loop, handlers, http or http_only(s.test, False)))
            self._guard = outer
        elif isinstance(s, (ast.For, ast.AsyncFor, ast.While)):
            edges.add(self.seq(s.body, n, (nxt, n), handlers, http))
            edges.add(self.seq(s.orelse, nxt, loop, handlers, http))
        elif isinstance(s, (ast.Try,) + ((TRY_STAR,) if TRY_STAR else ())):
            final = self.seq(s.finalbody, nxt, loop, handlers, http) if s.finalbody else nxt
            caught = tuple(self.seq(h.body, final, loop, handlers, http) for h in s.handlers)
            orelse = self.seq(s.orelse, final, loop, handlers, http)
            raised = caught + handlers + ((final,) if s.finalbody else ())
            edges.add(self.seq(s.body, orelse, loop, raised, http))
        elif isinstance(s, (ast.With, ast.AsyncWith)):
            edges.add(self.seq(s.body, nxt, loop, handlers, http))
        elif MATCH and isinstance(s, MATCH):
            edges.update(self.seq(c.body, nxt, loop, handlers, http) for c in s.cases)
            edges.add(nxt)
        elif isinstance(s, ast.Return):
            edges.add(0)
        elif isinstance(s, ast.Raise):
            edges.add(0)
        elif isinstance(s, (ast.Break, ast.Continue)) and loop:
            edges.add(loop[0] if isinstance(s, ast.Break) else loop[1])
        elif self.exits(own):  # own_part(s) is [s] for the statements that get here
            edges.add(0)
        else:
            edges.add(nxt)
        return n

    def around(self, starts):
        """Nodes on a path to or from any of `starts`."""
        fwd, stack = set(), list(starts)
        while stack:
            n = stack.pop()
            if n not in fwd:
                fwd.add(n)
                stack.extend(self.succ[n])
        pred = {}
        for a, bs in enumerate(self.succ):
            for b in bs:
                pred.setdefault(b, []).append(a)
        bwd, stack = set(), list(starts)
        while stack:
            n = stack.pop()
            if n not in bwd:
                bwd.add(n)
                stack.extend(pred.get(n, ()))
        return fwd | bwd


class Reach:
    def __init__(self, project, mcp, entries=()):
        self.p, self.mcp = project, mcp
        self.units, self.unit_of_fn, self.main_of, self.module_unit, self.main_unit = [], {}, {}, {}, {}
        for m in project.modules:
            body = [s for s in m.tree.body if not (isinstance(s, ast.If) and is_main_guard(s.test))]
            mains = [x for s in m.tree.body if isinstance(s, ast.If) and is_main_guard(s.test) for x in s.body]
            self.module_unit[id(m)] = self._unit("module", m, None, body, m.top_calls)
            main = self.main_unit[id(m)] = self._unit("main", m, None, mains, m.main_calls)
            for x in m.main_nodes:
                self.main_of[x] = main
        for f in project.functions:
            self.unit_of_fn[id(f)] = self._unit("fn", f.module, f, f.node.body, f.calls)
        self.stdio_runs = {id(r.call) for r in mcp.runs if r.mode == "stdio"}
        self.serve_nodes = {}   # unit -> CFG nodes that start (or call what starts) the stdio transport
        self._serving()
        # No call that starts a transport was found: the console scripts and `__main__.py` files are where
        # the server starts, so they run in its process (all of their code).
        self.entries = [] if self.serve_nodes else self._entries(entries)
        self.closure = self._closure()
        self.reached = {}
        self.live = {}  # unit -> its flag parameters some call may pass a true value for (None: all)
        self._reach()

    def _unit(self, kind, module, fn, stmts, calls):
        u = Unit(kind, module, fn, stmts, calls)
        self.units.append(u)
        return u

    def unit_of(self, node, module):
        fn = module.owner.get(id(node))
        if fn is not None:
            return self.unit_of_fn[id(fn)]
        return self.main_of.get(id(node)) or self.module_unit[id(module)]

    def _mark(self, unit, node):
        """Record that `node` (an AST node of `unit`) starts stdio; False when it sits in an HTTP-only branch."""
        cfg = unit.cfg()
        n = cfg.node_of.get(id(node))
        if n is None or cfg.http[n]:
            return False
        self.serve_nodes.setdefault(unit, set()).add(n)
        return True

    def _serving(self):
        queue = []
        for r in self.mcp.runs:
            if r.mode == "stdio":
                u = self.unit_of(r.call, r.module)
                if self._mark(u, r.call):
                    queue.append(u)
        done = set()
        while queue:
            u = queue.pop()
            if u.fn is None or id(u) in done:
                continue
            done.add(id(u))
            sites = [(c, fn, m) for c, fn, m, _ in self.p.callers(u.fn)] + self.p.references(u.fn)
            for node, fn, m in sites:
                caller = self.unit_of_fn[id(fn)] if fn is not None else self.main_of.get(id(node)) or \
                    self.module_unit[id(m)]
                if self._mark(caller, node):
                    queue.append(caller)

    def _entries(self, entries):
        units = []
        for entry in entries:
            name, _, func = entry.partition(":")
            m = self.p.module_for(name.strip())
            f = m.functions.get(func.strip().split(".")[0]) if m is not None else None
            if f is not None:
                units.append(self.unit_of_fn[id(f)])
        for m in self.p.modules:
            if m.path.endswith("__main__.py") or m.path == "__main__.py":
                units += [self.module_unit[id(m)], self.main_unit[id(m)]]
        return units

    def ctx_nodes(self, unit):
        """CFG nodes of a unit that run while stdio may be the protocol channel (None: all of them)."""
        if unit._ctx is None:
            cfg = unit.cfg()
            if cfg.entry is None:
                unit._ctx = (None,)  # unknown structure
            else:
                starts = self.serve_nodes.get(unit)
                nodes = cfg.around(starts) if starts else range(len(cfg.stmt))
                live = self.live.get(unit)
                dead = flag_params(unit.fn) - live if unit.fn is not None and live is not None else set()
                unit._ctx = ({n for n in nodes if n and not cfg.http[n] and not cfg.guard[n] & dead},)
        return unit._ctx[0]

    @staticmethod
    def passes_true(call, f, bound):
        """The flag parameters of `f` that `call` may pass a true value for (None: it cannot be told)."""
        if any(isinstance(a, ast.Starred) for a in call.args) or any(k.arg is None for k in call.keywords):
            return None
        out = set()
        for name in flag_params(f):
            arg = argument_for(call, f, name, bound)
            if arg is not None and not (isinstance(arg, ast.Constant) and not arg.value):
                out.add(name)
        return out

    def _closure(self):
        """Modules whose top-level code runs in the server process (None: no server found)."""
        p, mcp = self.p, self.mcp
        roots = {id(r.module): r.module for r in mcp.runs}
        roots.update({id(m): m for m, *_ in mcp.servers})
        roots.update({id(h.fn.module): h.fn.module for h in mcp.handlers.values()})
        roots.update({id(u.module): u.module for u in list(self.serve_nodes) + self.entries})
        if not roots:
            return None
        seen, stack = dict(roots), list(roots.values())
        while stack:
            m = stack.pop()
            for dotted in m.imported:
                parts = dotted.split(".")
                for i in range(1, len(parts) + 1):
                    dep = p.module_for(".".join(parts[:i]))
                    if dep is not None and id(dep) not in seen:
                        seen[id(dep)] = dep
                        stack.append(dep)
        return seen

    def _reach(self):
        queue = []

        def add(unit, live=None):
            """Reach `unit`; `live`: its flag parameters this way in may pass true (None: any)."""
            if unit not in self.reached:
                self.reached[unit] = True
                self.live[unit] = live
                queue.append(unit)
                return
            old = self.live[unit]
            new = None if old is None or live is None else old | live
            if new != old:  # more of the unit runs: look at its calls again
                self.live[unit] = new
                unit._ctx = None
                queue.append(unit)

        for u in list(self.serve_nodes) + self.entries:
            add(u)
        for h in self.mcp.handlers.values():
            add(self.unit_of_fn[id(h.fn)])
        for f in self.mcp.lifespans:
            add(self.unit_of_fn[id(f)])
        for m in (self.closure or {}).values():
            add(self.module_unit[id(m)])
        while queue:
            u = queue.pop()
            cfg, nodes = u.cfg(), self.ctx_nodes(u)
            for node in u.calls:
                n = cfg.node_of.get(id(node))
                if nodes is not None and n is not None and n not in nodes:
                    continue
                scope = u.module.owner.get(id(node))
                for callee, bound in self.p.callees(node, scope, u.module):
                    add(self.unit_of_fn[id(callee)], self.passes_true(node, callee, bound))
                if u.fn is None and (u.module.dotted(node.func) or "").split(".")[0] not in RUNTIME_REGISTRIES:
                    continue  # import-time registrations (CLI option callbacks, routes) run on other paths
                for a in node.args + [k.value for k in node.keywords]:
                    for callee in self.p.referenced(a, scope, u.module):
                        add(self.unit_of_fn[id(callee)])

    def stdio(self, node, module):
        """Whether an AST node runs while stdio may be the protocol channel."""
        u = self.unit_of(node, module)
        if u not in self.reached:
            return False
        cfg = u.cfg()
        n = cfg.node_of.get(id(node))
        if n is None:
            return True
        nodes = self.ctx_nodes(u)
        return nodes is None or n in nodes

    def server_code(self, module):
        return self.closure is None or id(module) in self.closure

