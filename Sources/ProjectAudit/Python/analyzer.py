"""MCP Preflight static analyzer for Python sources.

Usage: python3 analyzer.py ROOT [--entry MODULE:FUNCTION]... [--stdin] [RELPATH ...]
       (--stdin: the relative paths come NUL-separated on standard input; --entry: a console script
       of the project, the fallback start of the server when no call that starts a transport is found)
       python3 analyzer.py ROOT --units
       (standard input is a JSON list of units, {"root": "src/a", "entries": [...], "files": [...]}:
       the packages of a monorepo, each analysed as a project of its own; one JSON document per unit
       and line on stdout)

Parses each file with the standard library `ast` module (never imports or runs it), analyses the files
of a unit together (imports between them, classes, calls; test files are not parsed) and prints a
JSON document on stdout: per file, the MCP
servers, tools, transports, writes to stdout that happen while stdio is the protocol channel, logging
setup, environment reads, and where tool arguments reach SQL text, file APIs and shell commands. Per-file
problems become an "error" entry and the exit status stays 0. Pure standard library; Python 3.9+.
"""
import ast
import gc
import io
import json
import os
import platform
import re
import sys
import threading
import tokenize

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))  # the pa_* modules; `-I` leaves this out

from pa_facts import FileFacts, annotation_text, settings_reads  # noqa: E402
from pa_flow import Flow, env_helpers  # noqa: E402
from pa_mcp import MCP, is_context  # noqa: E402
from pa_model import DepthError, Module, Project  # noqa: E402
from pa_reach import Reach  # noqa: E402

VERSION = 2
MAX_BYTES = 2 * 1024 * 1024
# 3.9/3.10 build the AST with unchecked C recursion and die with SIGSEGV on e.g. `1+1+...` with
# 200k terms. Parsing in a thread with a large stack lets the parse finish so the cap reports it; the
# project passes recurse over expressions and call chains, which the large stack also covers.
THREAD_STACK = 512 * 1024 * 1024
RECURSION_LIMIT = 30000
LISTS = ("imports", "servers", "tools", "runCalls", "stdoutWrites", "loggingConfig", "envReads", "sqlExecutes",
         "fileAccess", "shellCalls")
TOO_DEEP = "expression nested too deeply"  # also DepthError's message: CPython >= 3.11 refuses ~3000 levels
TEST_DIRS = ("tests", "test", "testing", "fixtures", "__tests__", "e2e")


def is_test(path):
    parts = path.split("/")
    name = parts[-1]
    return any(p.lower() in TEST_DIRS for p in parts[:-1]) or name.startswith("test_") \
        or name.endswith("_test.py") or name == "conftest.py"


# An indented `def`: a method (or a nested function) of a test file, counted without parsing the file.
INDENTED_DEF = re.compile(rb"^[ \t]+(?:async[ \t]+)?def[ \t]+(\w+)", re.M)


def test_methods_of(root, rel):
    """The names of a test file's indented functions. Test files are not parsed: the checks never read
    their facts, they are not deployed, and the test run parses them (half the parse time of a well-tested
    monorepo)."""
    try:
        with open(os.path.join(root, rel), "rb") as fh:
            data = fh.read(MAX_BYTES)
    except OSError:
        return []
    return [n.decode("ascii", "ignore") for n in INDENTED_DEF.findall(data)]


def parse_file(root, rel, name, is_pkg):
    """(Module, None) or (None, {"line", "message", "kind"})."""
    full = os.path.join(root, rel)
    try:
        size = os.path.getsize(full)
        if size > MAX_BYTES:
            return None, problem(0, "file too large (%d bytes, limit %d)" % (size, MAX_BYTES), "read")
        with open(full, "rb") as fh:
            data = fh.read()
    except OSError as e:
        return None, problem(0, "cannot read file: %s" % (e.strerror or e), "read")
    try:
        # A BOM or PEP 263 coding cookie is honoured like the interpreter does; the default is utf-8.
        encoding = tokenize.detect_encoding(io.BytesIO(data).readline)[0]
        text = data.decode(encoding)
        tree = ast.parse(text, filename=rel)
        return Module(rel, name, tree, is_pkg), None
    except SyntaxError as e:
        if "null bytes" in (e.msg or ""):  # 3.12+ reports NUL bytes as a syntax error
            return None, problem(e.lineno or 0, e.msg, "decode")
        return None, problem(e.lineno or 0, e.msg or "invalid syntax", "syntax")
    except UnicodeDecodeError as e:
        line = data.count(b"\n", 0, e.start) + 1
        return None, problem(line, "cannot decode as %s: %s at byte %d" % (e.encoding, e.reason, e.start), "decode")
    except DepthError as e:
        return None, problem(e.line, TOO_DEEP, "depth")
    except RecursionError:
        return None, problem(0, TOO_DEEP, "depth")
    except MemoryError:  # 3.12+: "Parser stack overflowed - Python source too complex to parse"
        return None, problem(0, "source too complex to parse", "depth")
    except ValueError as e:  # e.g. null bytes on Python < 3.12
        return None, problem(0, str(e), "decode")


def problem(line, message, kind):
    return {"line": line, "message": message, "kind": kind}


def module_name(rel, paths):
    """The name Python imports a file by: packages are folders with `__init__.py`, found upwards."""
    dirs, base = rel.split("/")[:-1], rel.split("/")[-1][:-3]
    i = len(dirs)
    while i > 0 and "/".join(dirs[:i]) + "/__init__.py" in paths:
        i -= 1
    return ".".join(dirs[i:] + ([] if base == "__init__" else [base])), base == "__init__"


def dotted_name(module, decorator):
    return module.dotted(decorator.func if isinstance(decorator, ast.Call) else decorator)


def sort_key(e):
    return e["line"], e.get("name", ""), json.dumps(e, sort_keys=True)


def analyze(root, rels, entries):
    paths = set(rels)
    out, modules, test_methods = {}, [], {}
    for rel in rels:
        entry = {k: [] for k in LISTS}
        entry.update(path=rel, error=None, serverCode=False)
        out[rel] = entry
        # Test files are never server code: not parsed (see test_methods_of). Their method names still make
        # `obj.m()` with an unknown receiver ambiguous, as the methods themselves would.
        if is_test(rel):
            for name in test_methods_of(root, rel):
                test_methods[name] = test_methods.get(name, 0) + 1
            continue
        module, error = parse_file(root, rel, *module_name(rel, paths))
        if error:
            entry["error"] = error
        else:
            modules.append(module)
    project = Project(modules, is_test, test_methods)
    uses_mcp = any(i == "mcp" or i.startswith(("mcp.", "fastmcp")) for m in modules for i in m.imports)
    mcp = MCP(project, uses_mcp)
    reach = Reach(project, mcp, entries)
    for m in modules:
        e = out[m.path]
        e["imports"] = sorted(m.imports)
        e["serverCode"] = reach.server_code(m)
        facts = FileFacts(project, m)
        e["stdoutWrites"] = [dict(f.record, stdio=reach.stdio(f.node, m)) for f in facts.writes]
        e["loggingConfig"] = [f.record for f in facts.logging]
        e["envReads"] = [f.record for f in facts.env]
    for m, call, sdk, framework, sub, mask in mcp.servers:
        out[m.path]["servers"].append({"line": call.lineno, "class": sdk, "framework": framework, "subclass": sub,
                                       "maskErrorDetails": mask})
    for h in mcp.tools():
        f = h.fn
        # A `functools.wraps` wrapper takes its schema from the function it wraps: its own parameters say nothing.
        wrapper = any(dotted_name(f.module, d) in ("functools.wraps", "wraps") for d in f.node.decorator_list)
        params = [] if wrapper else [
            {"name": name, "annotation": annotation_text(f.args[name].annotation), "line": f.args[name].lineno,
             "context": is_context(f.module, f.args[name].annotation)} for name in f.params]
        out[f.module.path]["tools"].append({"name": h.name, "line": f.node.lineno, "params": params})
    for r in (r for r in mcp.runs if r.emitted):
        out[r.module.path]["runCalls"].append({"line": r.call.lineno, "transport": r.transport})
    for m, node, record in settings_reads(project):
        out[m.path]["envReads"].append(record)
    for m, call, name, has_default in env_helpers(project):
        out[m.path]["envReads"].append({"name": name, "line": call.lineno, "hasDefault": has_default})
    for path, key, record in Flow(project, mcp).results():
        out[path][key].append(record)
    for e in out.values():
        for k in LISTS:
            if k != "imports":
                unique = {json.dumps(x, sort_keys=True): x for x in e[k]}
                e[k] = sorted(unique.values(), key=sort_key)
    scope = "imports" if reach.closure is not None else "all-files"
    return [out[rel] for rel in rels], scope


def analyze_units(root, units):
    """Each unit (a package with its own pyproject.toml or setup.py) is a project of its own: its imports,
    calls and console scripts are its own, and another package's `run` never resolves one of its calls.
    Yields ([file entries], {"root", "scope"}) per unit, in order."""
    for unit in units:
        unit_files, scope = analyze(root, unit["files"], unit.get("entries", []))
        for f in unit_files:
            f["unit"] = unit["root"]
        yield unit_files, {"root": unit["root"], "scope": scope}


def document(files, found):
    return json.dumps({"version": VERSION, "python": platform.python_version(), "units": found, "files": files},
                      sort_keys=True)


def main(argv):
    args, entries, use_stdin, use_units = [], [], False, False
    rest = iter(argv[1:])
    for a in rest:
        if a == "--stdin":
            use_stdin = True
        elif a == "--units":
            use_units = True
        elif a == "--entry":
            entries.append(next(rest, ""))
        else:
            args.append(a)
    if not args:
        sys.stderr.write("usage: analyzer.py ROOT [--entry MODULE:FUNCTION]... [--stdin] [RELPATH...]\n")
        return 2
    root, rels = args[0], args[1:]
    if use_units:
        units = json.loads(sys.stdin.buffer.read().decode("utf-8", "surrogateescape"))
    else:
        if use_stdin:
            rels += [r for r in sys.stdin.buffer.read().decode("utf-8", "surrogateescape").split("\0") if r]
        units = [{"root": "", "entries": entries, "files": rels}]
    # Every tree stays alive until the process exits, and the analysis makes no cyclic garbage worth
    # collecting: the cyclic collector would only re-walk millions of AST nodes (twice the parse time).
    gc.disable()
    box = {}

    def work():
        try:
            results = list(analyze_units(root, units))
            if use_units:  # one document per unit and line: Preflight keeps each unit's facts apart
                box["out"] = "".join(document(files, [found]) + "\n" for files, found in results)
            else:
                box["out"] = document([f for files, _ in results for f in files], [u for _, u in results]) + "\n"
        except BaseException as e:  # re-raised below, with its traceback, from the main thread
            box["error"] = e

    try:
        threading.stack_size(THREAD_STACK)
        sys.setrecursionlimit(RECURSION_LIMIT)
        worker = threading.Thread(target=work)
        worker.start()
        worker.join()
    except (ValueError, RuntimeError, MemoryError):  # the platform refused the large stack
        sys.setrecursionlimit(3000)
        work()
    if "error" in box:
        raise box["error"]
    sys.stdout.write(box["out"])
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
