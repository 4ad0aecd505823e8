"""Where tool arguments go: file APIs (`fileAccess`), SQL text (`sqlExecutes`) and shell commands
(`shellCalls`), through assignments, returns and project functions in any module."""
from textwrap import dedent

from analyzer_support import analyze_many, flows

SERVER = "from mcp.server.fastmcp import FastMCP\nmcp = FastMCP('demo')\n"


def server(body):
    return SERVER + dedent(body).lstrip("\n")


FILES_SOURCE = '''
    import os
    import shutil
    from pathlib import Path

    ROOT = Path(os.environ.get("FILES_ROOT", "/srv/files")).resolve()


    @mcp.tool()
    def read_unsafe(path: str) -> str:
        with open(path) as f:
            return f.read()


    @mcp.tool()
    def read_joined(name: str) -> str:
        full = os.path.join("/data", name)
        target = full
        return Path(target).read_text()


    @mcp.tool()
    def read_contained(path: str) -> str:
        candidate = (ROOT / path).resolve()
        if not candidate.is_relative_to(ROOT):
            raise ValueError("outside root")
        return candidate.read_text()


    @mcp.tool()
    def read_realpath(rel: str) -> bytes:
        real = os.path.realpath(os.path.join(ROOT, rel))
        if os.path.commonpath([real, str(ROOT)]) != str(ROOT):
            raise ValueError("outside root")
        with open(real, "rb") as fh:
            return fh.read()


    @mcp.tool()
    def resolve_only(rel: str) -> str:
        return (ROOT / rel).resolve().read_text()


    @mcp.tool()
    def copy(src: str, dst: str) -> None:
        shutil.copy(src, ROOT / "out")
        os.remove(f"/tmp/{dst}")
        for entry in os.listdir(ROOT):
            pass


    @mcp.tool()
    def parents_check(rel: str) -> str:
        p = (ROOT / rel).resolve()
        if ROOT not in p.parents:
            raise ValueError("no")
        return p.read_text()


    @mcp.tool()
    def constant_file() -> str:
        return open("/etc/motd").read()


    def not_a_tool(path: str) -> str:
        return open(path).read()
'''


def test_file_access_in_the_tool(tmp_path):
    files = analyze_many(tmp_path, {"server.py": server(FILES_SOURCE)})
    got = [(a["line"], a["call"], a["param"], a["tool"], a["contained"]) for a in files["server.py"]["fileAccess"]]
    assert got == [
        (12, "open", "path", "read_unsafe", False),
        (20, "read_text", "name", "read_joined", False),
        (28, "read_text", "path", "read_contained", True),
        (36, "open", "rel", "read_realpath", True),
        (42, "read_text", "rel", "resolve_only", False),
        (47, "shutil.copy", "src", "copy", False),
        (48, "os.remove", "dst", "copy", False),
        (58, "read_text", "rel", "parents_check", True),
    ]


def test_containment_through_helpers_and_helpers_that_pass_absolute_paths(tmp_path):
    files = analyze_many(tmp_path, {
        "app/__init__.py": "",
        "app/paths.py": """
            import os
            from pathlib import Path
            ALLOWED: list[Path] = []
            BASE = os.environ.get("FILES", "/data")

            def inside_roots(p: Path) -> bool:
                rp = p.resolve()
                return any(str(rp).startswith(str(root.resolve())) for root in ALLOWED)

            def resolve(path: str) -> Path:
                p = Path(path).expanduser().resolve()
                if not inside_roots(p):
                    raise ValueError(f"path outside allowed roots: {p}")
                return p

            def full_path(name: str) -> str:
                if os.path.isabs(name):
                    return name
                return os.path.join(BASE, name)
        """,
        "app/sheets.py": """
            import pandas as pd
            from openpyxl import load_workbook

            def first_cell(path):
                return load_workbook(path).active["A1"].value

            def table(path):
                return pd.read_csv(path)
        """,
        "app/server.py": server("""
            from .paths import full_path, resolve
            from .sheets import first_cell, table

            @mcp.tool()
            def listing(path: str) -> list[str]:
                return [c.name for c in resolve(path).iterdir()]

            @mcp.tool()
            def cell(filepath: str) -> str:
                return str(first_cell(full_path(filepath)))

            @mcp.tool()
            def csv(filepath: str) -> str:
                return table(filepath).to_string()
        """),
    })
    got = {(p, line, call, tool, param) for p, line, call, tool, param in flows(files, "fileAccess")}
    assert got == {("app/server.py", 8, "iterdir", "listing", "path"),
                   ("app/sheets.py", 6, "openpyxl.load_workbook", "cell", "filepath"),
                   ("app/sheets.py", 9, "pandas.read_csv", "csv", "filepath")}
    contained = {a["tool"]: a["contained"] for f in files.values() for a in f["fileAccess"]}
    assert contained == {"listing": True, "cell": False, "csv": False}
    assert [a["via"] for a in files["app/sheets.py"]["fileAccess"]] == [["first_cell"], ["table"]]


def test_library_sinks_and_non_file_apis(tmp_path):
    files = analyze_many(tmp_path, {
        "server.py": server("""
            import hashlib, io, json, os, redis
            from docx import Document
            from markitdown import MarkItDown
            from PIL import Image
            r = redis.Redis()

            @mcp.tool()
            def edit(filename: str, out: str) -> str:
                doc = Document(filename)
                doc.save(out)
                return "ok"

            @mcp.tool()
            def convert(uri: str) -> str:
                return MarkItDown().convert_uri(uri).markdown

            @mcp.tool()
            def rename(old_key: str, new_key: str) -> bool:
                return r.rename(old_key, new_key)

            @mcp.tool()
            def cache(query: str) -> str:
                name = hashlib.sha256(query.encode()).hexdigest() + ".json"
                with open(os.path.join("/tmp", name), "w") as f:
                    json.dump([query], f)
                return os.path.basename(query)

            @mcp.tool()
            def thumbnail(data: str) -> int:
                return Image.open(io.BytesIO(data.encode())).width

            @mcp.tool()
            def title(text: str) -> str:
                return text.replace("a", "b").strip()
        """),
    })
    got = [(a["line"], a["call"], a["param"]) for a in files["server.py"]["fileAccess"]]
    assert got == [(11, "docx.Document", "filename"), (12, "save", "out"), (17, "convert_uri", "uri")]


def test_paths_handed_to_other_programs_are_forwarded(tmp_path):
    files = analyze_many(tmp_path, {
        "server.py": server("""
            import os, subprocess, requests

            @mcp.tool()
            def send_file(recipient: str, media_path: str) -> str:
                if not os.path.isfile(media_path):
                    return "no such file"
                body = {"to": recipient, "media_path": media_path}
                return requests.post("http://localhost:8080/send", json=body).text

            @mcp.tool()
            def move_note(note_path: str) -> str:
                return requests.put("http://api/notes", json={"path": note_path}).text

            @mcp.tool()
            def screenshot(output_path: str, selector: str) -> str:
                return subprocess.run(["browser", "screenshot", selector, output_path], capture_output=True).stdout
        """),
    })
    got = [(a["line"], a["call"], a["param"], a["forwarded"]) for a in files["server.py"]["fileAccess"]]
    assert got == [(10, "requests.post", "media_path", True), (18, "subprocess.run", "output_path", True)]


def test_async_thread_offload_is_followed(tmp_path):
    files = analyze_many(tmp_path, {
        "auth.py": """
            import os
            def cred_path(email, base):
                return os.path.join(base, f"{email}.json")

            def load(email, base="/creds"):
                with open(cred_path(email, base)) as f:
                    return f.read()
        """,
        "server.py": server("""
            import asyncio
            from auth import load

            @mcp.tool()
            async def search(user_email: str, query: str) -> str:
                return await asyncio.to_thread(load, email=user_email)
        """),
    })
    assert flows(files, "fileAccess") == [("auth.py", 7, "open", "search", "user_email")]


def test_resources_and_lowlevel_handlers_are_sources(tmp_path):
    files = analyze_many(tmp_path, {
        "srv.py": server("""
            @mcp.resource("file://{path}")
            def read(path: str) -> str:
                return open(path).read()
        """),
        "low.py": """
            from pathlib import Path
            from mcp.server.lowlevel import Server
            server = Server("x")

            @server.call_tool()
            async def call(name: str, arguments: dict):
                if name == "read":
                    return Path(arguments["path"]).read_text()
                return open(name).read()
        """,
    })
    assert flows(files, "fileAccess") == [("low.py", 9, "read_text", "call", "arguments"),
                                          ("srv.py", 5, "open", "file://{path}", "path")]


SQL_TOOLS = '''
    import re, sqlite3
    from sqlalchemy import text
    db = sqlite3.connect("n.db")
    VERSION = "1.0"
    ALLOWED = {"notes", "tags"}
    db.execute(f"PRAGMA user_version = '{VERSION}'")


    def quote_sql_string(value):
        return "'" + value.replace("'", "''") + "'"


    def validate_identifier(name):
        if not re.match(r"^[A-Za-z_]+$", name):
            raise ValueError("bad identifier")
        return name


    def run(sql, params=()):
        return db.execute(sql, params).fetchall()


    @mcp.tool()
    def positives(user: str, table: str, ids: str, conn=None) -> list:
        db.execute(f"SELECT * FROM users WHERE name = '{user}'")
        db.execute("SELECT * FROM users WHERE name = '%s'" % user)
        db.execute("SELECT * FROM {} WHERE id = 1".format(table))
        db.execute("SELECT * FROM users WHERE name = '" + user + "'")
        query = f"DELETE FROM {table} WHERE id IN ({ids})"
        db.execute(query)
        db.execute(text(f"SELECT * FROM {table}"))
        sql = "SELECT * FROM users WHERE 1=1"
        sql += " AND name = '" + user + "'"
        db.execute(sql)
        return run(f"SELECT count(*) FROM {table}")


    @mcp.tool()
    def negatives(user: str, table: str, ids: list[int], limit: int, sql: str, page: str) -> list:
        db.execute("SELECT * FROM users WHERE name = ?", (user,))
        db.execute("SELECT * FROM users WHERE name LIKE '%%' || %(name)s", {"name": user})
        db.execute(f"SELECT * FROM t LIMIT {limit}")
        marks = ",".join("?" * len(ids))
        db.execute(f"SELECT * FROM t WHERE id IN ({marks})", ids)
        named = ", ".join(f":p_{i}" for i in range(len(ids)))
        db.execute(f"SELECT * FROM t WHERE id IN ({named})", {f"p_{i}": v for i, v in enumerate(ids)})
        db.execute(f"SELECT * FROM t WHERE name = {quote_sql_string(user)}")
        checked = validate_identifier(table)
        db.execute(f"SELECT * FROM {checked}")
        if table not in ALLOWED:
            raise ValueError(table)
        db.execute(f"SELECT * FROM {table}")
        db.execute(f"SELECT * FROM t LIMIT {int(page)}")
        db.execute(f"SELECT * FROM t LIMIT {min(page, 20)}")
        return run(sql)
'''


def test_sql_text_built_from_tool_arguments(tmp_path):
    files = analyze_many(tmp_path, {"server.py": server(SQL_TOOLS)})
    lines = sorted({(s["line"], s["param"]) for s in files["server.py"]["sqlExecutes"]})
    assert lines == [(22, "table"), (27, "user"), (28, "user"), (29, "table"), (30, "user"), (32, "ids"),
                     (32, "table"), (33, "table"), (36, "user")]
    assert [s["via"] for s in files["server.py"]["sqlExecutes"] if s["line"] == 22] == [["run"]]


def test_sql_outside_tools_and_search_queries_are_not_sql(tmp_path):
    files = analyze_many(tmp_path, {
        "db.py": """
            import os, duckdb
            conn = duckdb.connect()
            conn.execute(f"CREATE SECRET s (TYPE S3, REGION '{os.environ['AWS_REGION']}')")

            def count(cur, table):
                cur.execute(f"SELECT count(*) FROM {table}")
        """,
        "server.py": server("""
            from qdrant_client import QdrantClient
            client = QdrantClient()

            @mcp.tool()
            def find(term: str) -> list:
                return client.query(f"notes about {term}")
        """),
    })
    assert flows(files, "sqlExecutes") == []


SHELL_SOURCE = '''
    import asyncio
    import os
    import shlex
    import subprocess
    from subprocess import check_output


    def sh(command):
        return subprocess.run(command, shell=True, capture_output=True, text=True).stdout


    @mcp.tool()
    def run_cmd(cmd: str, cwd: str = ".") -> str:
        return subprocess.run(cmd, shell=True, cwd=cwd, capture_output=True, text=True).stdout


    @mcp.tool()
    async def grep(pattern: str) -> str:
        command = f"grep -r {pattern} ."
        proc = await asyncio.create_subprocess_shell(command, stdout=asyncio.subprocess.PIPE)
        out, _ = await proc.communicate()
        return out.decode()


    @mcp.tool()
    def git_log(ref: str) -> str:
        return sh(f"git log {ref}")


    @mcp.tool()
    def safe(pattern: str, count: int) -> str:
        subprocess.run(["grep", "--", pattern], check=True)
        check_output(f"grep -c {shlex.quote(pattern)} data.txt", shell=True)
        os.system(f"sleep {count}")
        return check_output("df -h", shell=True).decode()


    def cleanup(tmpdir):
        os.system("rm -rf " + tmpdir)


    os.system("echo module level")
'''


def test_shell_commands_from_tool_arguments(tmp_path):
    files = analyze_many(tmp_path, {"server.py": server(SHELL_SOURCE)})
    got = [(s["line"], s["call"], s["tool"], s["param"], s["via"]) for s in files["server.py"]["shellCalls"]]
    assert got == [(11, "subprocess.run", "git_log", "ref", ["sh"]),
                   (16, "subprocess.run", "run_cmd", "cmd", []),
                   (22, "asyncio.create_subprocess_shell", "grep", "pattern", [])]


def test_paths_validated_by_an_allow_list_or_a_strict_pattern_are_safe(tmp_path):
    files = analyze_many(tmp_path, {
        "ids.py": """
            import re
            _ID_RE = re.compile(r"^(\\d{4}\\.\\d{4,5}(v\\d+)?|[a-z\\-]+(/[a-z\\-]+)?/\\d{7})$")

            def is_valid(stem):
                return bool(_ID_RE.match(stem))

            def parse(raw):
                value = raw.strip()
                if not value or not is_valid(value):
                    return None
                return value
        """,
        "server.py": server("""
            import re
            from pathlib import Path
            from ids import parse
            STORE = Path("/papers")

            @mcp.tool()
            def read_paper(paper_id: str) -> str:
                pid = parse(paper_id)
                if pid is None:
                    return "invalid id"
                return (STORE / f"{pid}.md").read_text()

            @mcp.tool()
            def read_listed(paper_id: str) -> str:
                if paper_id not in [p.stem for p in STORE.iterdir()]:
                    return "not downloaded"
                return (STORE / f"{paper_id}.md").read_text()

            @mcp.tool()
            def read_python(script: str) -> str:
                if not re.search(r"\\.py$", script):
                    raise ValueError("not a script")
                return open(script).read()
        """),
    })
    assert flows(files, "fileAccess") == [("server.py", 25, "open", "read_python", "script")]


def test_prompts_and_searches_through_run_or_query_are_not_sql(tmp_path):
    files = analyze_many(tmp_path, {
        "server.py": server("""
            from pydantic_ai import Agent
            from neo4j import GraphDatabase
            agent = Agent("model")
            driver = GraphDatabase.driver("bolt://localhost")

            @mcp.tool()
            async def summarize(url: str) -> str:
                return (await agent.run(f"Summarize the text from {url} where it matters")).output

            @mcp.tool()
            def neighbours(label: str) -> list:
                with driver.session() as session:
                    return list(session.run(f"MATCH (n:{label}) RETURN n LIMIT 10"))
        """),
    })
    assert [(s["line"], s["call"], s["param"]) for s in files["server.py"]["sqlExecutes"]] == [(15, "run", "label")]


def test_a_name_rebound_to_its_base_name_before_use_is_safe(tmp_path):
    helper = """
        def save_{0}(url, filename):
            if not filename:
                filename = "download.pdf"
            with tempfile.TemporaryDirectory() as tmpdir:
                with open(os.path.join(tmpdir, filename), "wb") as f:
                    f.write(url.encode())
    """
    files = analyze_many(tmp_path, {
        "fetch.py": "import os\nimport tempfile\n" + "".join(dedent(helper.format(n)) for n in "abc"),
        "server.py": server("""
            import os
            from fetch import save_a, save_b, save_c

            @mcp.tool()
            def attach(url: str, filename: str = "") -> str:
                if filename:
                    filename = os.path.basename(filename.strip())
                save_a(url, filename)
                return "ok"

            @mcp.tool()
            def attach_late(url: str, filename: str = "") -> str:
                save_b(url, filename)
                filename = os.path.basename(filename)
                return filename

            @mcp.tool()
            def attach_suffixed(url: str, filename: str, suffix: str) -> str:
                filename = os.path.basename(filename)
                filename += suffix
                save_c(url, filename)
                return "ok"
        """),
    })
    assert [(t, p) for _, _, _, t, p in flows(files, "fileAccess")] == [
        ("attach_late", "filename"), ("attach_suffixed", "filename"), ("attach_suffixed", "suffix")]


def test_a_key_found_by_a_lookup_that_ends_the_function_on_a_miss_is_not_a_traversal(tmp_path):
    files = analyze_many(tmp_path, {
        "store.py": """
            import os
            import shutil
            from pathlib import Path
            STORAGE = Path("/srv/storage")

            class Reader:
                def get_by_key(self, key):
                    return db.execute("SELECT file FROM items WHERE key = ?", (key,)).fetchone()

                def scan(self, key):
                    return [p for p in (STORAGE / key).iterdir()]

            def copy_out(key, dest):
                reader = Reader()

                def local():
                    row = reader.get_by_key(key)
                    if row is None:
                        return None
                    shutil.copyfile(STORAGE / key / row["file"], dest)
                    return reader.scan(key)
                return local()

            def meta(key):
                return open(STORAGE / key / "meta.json").read()
        """,
        "server.py": server("""
            import os
            from pathlib import Path
            from store import Reader, STORAGE, copy_out, meta
            CACHE = {}

            @mcp.tool()
            def export(attachment_key: str) -> str:
                copy_out(attachment_key, "/tmp/out.pdf")
                return "ok"

            @mcp.tool()
            def attach(item_key: str) -> str:
                try:
                    item = client.item(item_key)
                except Exception as e:
                    return f"not found: {e}"
                return (STORAGE / f"{item_key}.pdf").read_text()

            @mcp.tool()
            def cached(key: str) -> str:
                if (entry := CACHE.get(key)) is not None:
                    return Path(STORAGE, key).read_text()
                return ""

            @mcp.tool()
            def batch(keys: list) -> list:
                out = []
                for k in keys:
                    row = Reader().get_by_key(k)
                    if not row:
                        continue
                    out.append(open(STORAGE / k).read())
                return out

            @mcp.tool()
            def probed(key: str) -> str:
                if not os.path.exists(key):
                    return "missing"
                return open(key).read()

            @mcp.tool()
            def before(key: str) -> str:
                data = open(STORAGE / key).read()
                row = Reader().get_by_key(key)
                if row is None:
                    return ""
                return data

            @mcp.tool()
            def logged_only(key: str) -> str:
                row = Reader().get_by_key(key)
                if row is None:
                    print("missing")
                return open(STORAGE / key).read()

            @mcp.tool()
            def searched(key: str) -> str:
                hits = index.search(key)
                if not hits:
                    return ""
                return open(STORAGE / key).read()

            @mcp.tool()
            def found_on_disk(key: str) -> str:
                text = meta(key)
                if not text:
                    return ""
                return open(STORAGE / key / "data").read()

            @mcp.tool()
            def rebound(key: str, other: str) -> str:
                row = Reader().get_by_key(key)
                if row is None:
                    return ""
                key = other
                return open(STORAGE / key).read()

            @mcp.tool()
            def dict_get_in_try(key: str) -> str:
                try:
                    entry = CACHE.get(key)
                except KeyError:
                    return ""
                return open(STORAGE / key).read()

            @mcp.tool()
            def tested_in_try(key: str) -> str:
                try:
                    row = Reader().get_by_key(key)
                except Exception:
                    return ""
                if row is None:
                    print("no row")
                return open(STORAGE / key).read()

            @mcp.tool()
            def path_named(file_path: str) -> str:
                doc = client.item(file_path)
                if doc is None:
                    return ""
                return open(file_path).read()
        """),
    })
    assert sorted({(t, p) for _, _, _, t, p in flows(files, "fileAccess")}) == [
        ("before", "key"), ("dict_get_in_try", "key"), ("found_on_disk", "key"), ("logged_only", "key"),
        ("path_named", "file_path"), ("probed", "key"), ("rebound", "key"), ("rebound", "other"),
        ("searched", "key"), ("tested_in_try", "key")]


def test_a_default_branch_counts_only_when_the_call_leaves_the_parameter_out(tmp_path):
    files = analyze_many(tmp_path, {
        "audio.py": """
            import os
            import subprocess
            import tempfile

            def convert(input_file, output_file=None):
                if output_file is None:
                    output_file = os.path.splitext(input_file)[0] + ".ogg"
                os.makedirs(os.path.dirname(output_file))
                subprocess.run(["ffmpeg", "-i", input_file, output_file])
                return output_file

            def convert_or(src, dst=None):
                dst = dst or src + ".wav"
                os.remove(dst)

            def convert_temp(input_file):
                tmp = tempfile.NamedTemporaryFile(suffix=".ogg", delete=False)
                convert(input_file, tmp.name)
                return tmp.name

            def passthrough(input_file, output_file=None):
                convert(input_file, output_file)
        """,
        "server.py": server("""
            from audio import convert, convert_or, convert_temp, passthrough
            SETTINGS = object()

            @mcp.tool()
            def to_temp(media_path: str) -> str:
                return convert_temp(media_path)

            @mcp.tool()
            def to_fixed(media_path: str) -> str:
                convert_or(media_path, "/srv/out.wav")
                passthrough(media_path, f"/srv/{len(media_path)}.ogg")
                return "ok"

            @mcp.tool()
            def beside(media_path: str) -> str:
                return convert(media_path)

            @mcp.tool()
            def beside_none(media_path: str) -> str:
                convert_or(media_path, None)
                return "ok"

            @mcp.tool()
            def maybe(media_path: str) -> str:
                passthrough(media_path)
                return convert(media_path, SETTINGS.output)

            @mcp.tool()
            def both(media_path: str, out_path: str = "") -> str:
                return convert(media_path, out_path)
        """),
    })
    makedirs = sorted((t, p) for path, line, call, t, p in flows(files, "fileAccess") if call == "os.makedirs")
    removes = sorted((t, p) for path, line, call, t, p in flows(files, "fileAccess") if call == "os.remove")
    assert makedirs == [("beside", "media_path"), ("both", "media_path"), ("both", "out_path"),
                        ("maybe", "media_path")]
    assert removes == [("beside_none", "media_path")]
    # ffmpeg reads the input whatever the output is.
    assert {t for _, _, call, t, _ in flows(files, "fileAccess") if call == "subprocess.run"} == {
        "to_temp", "to_fixed", "beside", "maybe", "both"}


def test_realpath_with_an_extension_allow_list_is_not_containment(tmp_path):
    # Policy: resolving a path and allowing some extensions still lets any such file anywhere be read;
    # only a comparison with a root contains it. Such a path is `restricted` (the check warns).
    files = analyze_many(tmp_path, {
        "server.py": server("""
            import os
            import shutil
            ALLOWED = {".pdf", ".epub"}
            BASE = os.path.realpath("/srv/library")

            @mcp.tool()
            def attach(file_path: str) -> str:
                if os.path.islink(file_path) or not os.path.isabs(file_path):
                    return "refused"
                file_path = os.path.realpath(file_path)
                if not os.path.isfile(file_path):
                    return "missing"
                ext = os.path.splitext(file_path)[1].lower()
                if ext not in ALLOWED:
                    return "refused"
                shutil.copy2(file_path, "/tmp/staged.pdf")
                return "ok"

            @mcp.tool()
            def attach_inside(file_path: str) -> str:
                file_path = os.path.realpath(file_path)
                if not file_path.startswith(BASE + os.sep):
                    return "refused"
                shutil.copy2(file_path, "/tmp/staged.pdf")
                return "ok"

            @mcp.tool()
            def attach_unresolved(file_path: str) -> str:
                # A link named x.pdf may point anywhere: without realpath the extension proves nothing.
                if os.path.splitext(file_path)[1] not in ALLOWED:
                    return "refused"
                shutil.copy2(file_path, "/tmp/staged.pdf")
                return "ok"

            @mcp.tool()
            def attach_no_dots(file_path: str) -> str:
                file_path = os.path.realpath(file_path)
                if ".." in file_path or "secret" in file_path:
                    return "refused"
                shutil.copy2(file_path, "/tmp/staged.pdf")
                return "ok"
        """),
    })
    assert [(e["tool"], e["contained"], e["restricted"]) for e in files["server.py"]["fileAccess"]] == [
        ("attach", False, True), ("attach_inside", True, False), ("attach_unresolved", False, False),
        ("attach_no_dots", False, False)]
