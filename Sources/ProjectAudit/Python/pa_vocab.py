"""The vocabulary of the taint flow (pa_flow, pa_gates): sinks, sanitizers, propagators, probes and
the shapes of containment checks and lookups, by qualified name or pattern."""
import ast
import re

PATH_FUNCS = set(
    "open builtins.open io.open codecs.open os.open aiofiles.open anyio.open_file tarfile.open zipfile.ZipFile "
    "gzip.open bz2.open lzma.open shelve.open sqlite3.connect glob.glob glob.iglob PIL.Image.open "
    "openpyxl.load_workbook openpyxl.reader.excel.load_workbook docx.Document pptx.Presentation fitz.open "
    "pymupdf.open pypdf.PdfReader pypdf.PdfWriter PyPDF2.PdfReader pdfplumber.open urllib.request.urlopen "
    "numpy.load numpy.save numpy.loadtxt cv2.imread imageio.imread soundfile.read librosa.load "
    "torch.load joblib.load xlrd.open_workbook csv.reader".split())
PATH_FUNCS |= {"os." + n for n in "remove unlink listdir scandir rmdir removedirs mkdir makedirs rename renames "
                                  "replace walk chmod chown symlink link truncate startfile utime".split()}
PATH_PREFIXES = ("shutil.", "pandas.read_", "aiofiles.os.")
PATH_METHODS = set("read_text read_bytes write_text write_bytes open iterdir glob rglob unlink rmdir mkdir touch "
                   "rename replace symlink_to hardlink_to chmod".split())
PATH_ARG_METHODS = ("rename", "replace", "symlink_to", "hardlink_to")
WRITE_METHODS = ("to_csv", "to_excel", "to_parquet", "to_pickle", "to_feather", "to_hdf", "to_json", "to_stata")
LIB_METHODS = {  # (what the receiver was made by, method) that take a path
    "markitdown.MarkItDown": ("convert", "convert_uri", "convert_local"),
    "openpyxl.Workbook": ("save",), "openpyxl.load_workbook": ("save",),
    "openpyxl.reader.excel.load_workbook": ("save",), "docx.Document": ("save",),
    "pptx.Presentation": ("save",), "PIL.Image.open": ("save",), "PIL.Image.new": ("save",),
}
FORWARD_FUNCS = set("subprocess.run subprocess.call subprocess.check_call subprocess.check_output subprocess.Popen "
                    "asyncio.create_subprocess_exec os.execv os.execvp os.execl os.execlp os.spawnv "
                    "os.spawnl".split())
HTTP_CLIENTS = ("requests.", "httpx.", "aiohttp.", "urllib3.")
HTTP_METHODS = ("post", "put", "patch", "request", "get", "send")
HTTP_BODY = ("json", "data", "params", "files", "content")
SHELL_ALWAYS = set("os.system os.popen asyncio.create_subprocess_shell asyncio.subprocess.create_subprocess_shell "
                   "subprocess.getoutput subprocess.getstatusoutput commands.getoutput "
                   "commands.getstatusoutput".split())
SUBPROCESS = {"subprocess." + n for n in ("run", "call", "check_call", "check_output", "Popen")}
SQL_METHODS = set("execute executemany executescript query sql raw exec_driver_sql fetch fetchrow fetchval "
                  "fetch_all fetch_one fetch_val run".split())
# Method names that also run prompts, searches or jobs: the text must start like a SQL/Cypher statement.
AMBIGUOUS_SQL = ("query", "sql", "raw", "run")
SQL_FUNCS = ("pandas.read_sql", "pandas.read_sql_query", "pandas.io.sql.read_sql")
SQL_WORDS = re.compile(r"\b(select|insert|update|delete|from|where|create|drop|alter|pragma|attach|values|join|"
                       r"truncate|describe|grant|merge|match|order\s+by|group\s+by|limit)\b|\bUSE\b|\bSET\b", re.I)
SQL_STATEMENT = re.compile(r"^\s*\(?\s*(select|insert|update|delete|create|drop|alter|pragma|attach|detach|with|"
                           r"merge|match|show|describe|use|call|explain|grant|revoke|truncate|copy|vacuum)\b", re.I)

# Calls whose result no longer carries the input: numbers, hashes, base names, quoting.
SANITIZERS = set("int float bool len hash abs round ord id isinstance callable os.path.basename posixpath.basename "
                 "ntpath.basename os.path.exists os.path.isfile os.path.isdir os.path.getsize shlex.quote "
                 "html.escape uuid.uuid4 uuid.UUID".split())
SANITIZER_PREFIXES = ("hashlib.", "secrets.", "math.", "datetime.", "time.", "random.")
# External calls whose result is (a transformation of) their arguments.
PROPAGATORS = set("str repr format list tuple set frozenset dict sorted reversed min max iter next enumerate zip "
                  "filter map sum os.fspath os.fsencode os.fsdecode Path pathlib.Path pathlib.PurePath "
                  "pathlib.PosixPath pathlib.PurePosixPath pathlib.WindowsPath anyio.Path trio.Path "
                  "sqlalchemy.text sqlalchemy.sql.text sqlalchemy.sql.expression.text shlex.split shlex.join "
                  "textwrap.dedent textwrap.indent string.Template copy.copy copy.deepcopy functools.partial "
                  "bytes bytearray memoryview".split())
PROPAGATOR_PREFIXES = ("os.path.", "posixpath.", "ntpath.", "urllib.parse.", "json.", "base64.", "re.", "codecs.")
# Methods on a tainted value whose result is data about it or read from it, not the value itself.
CONTENT_METHODS = set("read readline readlines read_text read_bytes json fetchone fetchall fetchmany hexdigest "
                      "digest exists is_file is_dir is_absolute is_relative_to isdigit isalnum isalpha isidentifier "
                      "isnumeric isdecimal isascii startswith endswith count index find rfind stat "
                      "__len__".split())
SAFE_ATTRS = ("name", "stem", "suffix", "suffixes", "hexdigest", "size", "st_size", "status_code", "ok")
PROBES = ("os.path.exists", "os.path.isfile", "os.path.isdir", "os.path.lexists", "os.path.getsize", "os.stat",
          "os.access")
PROBE_METHODS = ("exists", "is_file", "is_dir", "stat")
RESOLVERS = ("os.path.realpath", "os.path.abspath", "os.path.normpath")
BASENAMES = ("os.path.basename", "posixpath.basename", "ntpath.basename")
CHECKERS = ("os.path.commonpath", "os.path.commonprefix")
CHECK_METHODS = ("is_relative_to", "relative_to", "startswith")
HELPER_HINTS = ("safe", "contain", "within", "validate_path", "resolve_path", "allowed", "sanitize_path",
                "check_path", "ensure_within", "inside")
NOT_HELPERS = ("safe_load", "safe_load_all", "safe_dump", "safe_dump_all", "safe_substitute")
VALIDATE_HINT = re.compile(r"valid|sanitiz|escape|quote_ident|check_ident|is_safe|allowed|whitelist|allowlist")
VALIDATE_CALLS = ("re.match", "re.fullmatch", "re.search")
VALIDATE_METHODS = ("match", "fullmatch", "search", "isidentifier", "isalnum", "isdigit", "isnumeric", "isdecimal",
                    "isalpha")
COMPREHENSIONS = (ast.ListComp, ast.SetComp, ast.GeneratorExp, ast.DictComp)
MUTATORS = ("append", "extend", "insert", "add", "update", "appendleft", "setdefault")
PATHLIKE = re.compile(r"(^|_)(path|paths|file|files|filename|filenames|filepath|dir|directory|folder|src|dst|dest)"
                      r"(_|$)", re.I)
SAFE_ANNOTATIONS = re.compile(r"^(Optional\[|Annotated\[)?\s*(int|float|bool|Literal\[.*\]|datetime\.\w+|date|"
                              r"UUID|uuid\.UUID|Decimal|PositiveInt|NonNegativeInt|conint\(.*\))\s*(\]|,.*\])?"
                              r"(\s*\|\s*None)?$")
# Calls that call their first argument(s) with the rest: `asyncio.to_thread(f, a, b=1)` runs `f(a, b=1)`.
INDIRECT = {"asyncio.to_thread": 1, "anyio.to_thread.run_sync": 1, "functools.partial": 1, "partial": 1,
            "starlette.concurrency.run_in_threadpool": 1, "run_in_executor": 2, "submit": 1}
QUOTING = re.compile(r"quote|escape|sanitiz", re.I)  # a helper that quotes SQL or shell text makes it safe
# Lookups: a call that finds a record by a key (`db.get(key)`, `client.item(key)`). These are not: probes and
# reads of a path (the key would be the path), searches and fetches (they answer for keys that are not stored).
NOT_LOOKUPS = re.compile(r"exist|isfile|isdir|is_file|is_dir|stat|access|glob|search|find|match|filter|query|scan|"
                         r"list|walk|open|read|load|resolve|path|file|dir|fetch|download|request|url", re.I)
NOT_LOOKUP_PREFIXES = ("os.", "pathlib.", "shutil.", "glob.", "subprocess.", "tempfile.", "io.", "builtins.")
ENDS = (ast.Return, ast.Raise, ast.Continue, ast.Break)
TRY_NODES = (ast.Try,) + ((ast.TryStar,) if hasattr(ast, "TryStar") else ())
MAX_CHAIN = 40   # nested summary computations before a call is treated as opaque
MAX_HITS = 60    # sinks remembered per parameter
