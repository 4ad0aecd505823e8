"""Runs Sources/ProjectAudit/Python/analyzer.py the way the Swift side runs it.

Set ANALYZER_PYTHON=/path/to/python3.X to run the analyzer under another interpreter (the suite itself
stays on the current one)."""
import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

ANALYZER = Path(__file__).resolve().parents[2] / "Sources" / "ProjectAudit" / "Python" / "analyzer.py"
PYTHON = os.environ.get("ANALYZER_PYTHON", sys.executable)


def run_raw(root, rels, stdin=False):
    return run_raw_with(root, rels, [], stdin)


def run_raw_with(root, rels, options, stdin=False):
    args = [PYTHON, "-I", "-S", str(ANALYZER), str(root)] + list(options)
    proc = subprocess.run(args + (["--stdin"] if stdin else list(rels)),
                          input="\0".join(rels).encode() if stdin else None,
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=300)
    assert proc.returncode == 0, proc.stderr.decode()
    return proc.stdout


def write(root, files):
    for rel, content in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(textwrap.dedent(content), encoding="utf-8")


def analyze_doc(tmp_path, files):
    write(tmp_path, files)
    doc = json.loads(run_raw(tmp_path, list(files)))
    assert doc["version"] == 2
    return doc


def analyze_many(tmp_path, files):
    return {f["path"]: f for f in analyze_doc(tmp_path, files)["files"]}


def analyze(tmp_path, source, name="server.py", expect_ok=True):
    entry = analyze_many(tmp_path, {name: source})[name]
    if expect_ok:
        assert entry["error"] is None, entry["error"]
    return entry


def by(entries, key):
    return {e[key]: e for e in entries}


def flows(files, key):
    """(path, line, call, tool, param) of every flow of one kind, across files."""
    return sorted((path, e["line"], e["call"], e["tool"], e["param"]) for path, f in files.items() for e in f[key])


def stdio_writes(files):
    return sorted((path, w["line"]) for path, f in files.items() for w in f["stdoutWrites"] if w["stdio"])


def analyze_units(tmp_path, files, units):
    """The `--units` mode: `units` maps each unit's root to its files (paths relative to tmp_path)."""
    write(tmp_path, files)
    spec = [{"root": root, "entries": [], "files": rels} for root, rels in units.items()]
    proc = subprocess.run([PYTHON, "-I", "-S", str(ANALYZER), str(tmp_path), "--units"],
                          input=json.dumps(spec).encode(), stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=300)
    assert proc.returncode == 0, proc.stderr.decode()
    docs = [json.loads(line) for line in proc.stdout.decode().splitlines()]
    assert [d["units"][0]["root"] for d in docs] == list(units)  # one document per unit and line, in order
    return {"units": [u for d in docs for u in d["units"]], "files": [f for d in docs for f in d["files"]]}
