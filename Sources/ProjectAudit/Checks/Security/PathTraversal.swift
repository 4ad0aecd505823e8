import PreflightCore

struct PathTraversal: StaticCheck {
    static let description = CheckDescription(
        id: "security.path-traversal", title: "File paths from tool arguments are contained", section: .security,
        severity: .error,
        rationale: """
            A tool that opens `os.path.join(BASE, name)` with a model-supplied `name` reads `../../etc/passwd` or \
            `/root/.ssh/id_rsa` on request. Paths must be resolved and checked against the allowed root. The flow is \
            followed through assignments, returns and calls into the project's own functions in any module, to \
            `open`, `pathlib`, `os`, `shutil` and file-reading libraries (pandas, openpyxl, python-docx, PIL, \
            markitdown); a helper that returns absolute paths unchanged is no containment. A path argument handed to \
            another program (command-line arguments, or a request body after checking that the file exists \
            locally) is a warning: that program opens whatever it names. So is a path resolved (`realpath`) and \
            tested against an allow-list (`ext not in ALLOWED`) without a root: only some files, but anywhere.
            """,
        remediation:
            "Resolve, then check containment: `p = (BASE / name).resolve(); if not p.is_relative_to(BASE.resolve()): raise ValueError(...)`.",
        failing: [
            Example([
                "src/app/server.py":
                    "import os\nfrom mcp.server.fastmcp import FastMCP\nmcp = FastMCP('a')\nBASE = '/data'\n\n@mcp.tool()\ndef read(name: str) -> str:\n    with open(os.path.join(BASE, name)) as f:\n        return f.read()\n"
            ]),
            Example(
                [
                    "src/app/paths.py":
                        "import os\nBASE = os.environ.get('FILES', '/data')\n\ndef full_path(name: str) -> str:\n    if os.path.isabs(name):\n        return name\n    return os.path.join(BASE, name)\n",
                    "src/app/sheets.py":
                        "from openpyxl import load_workbook\n\ndef first_cell(path):\n    return load_workbook(path).active['A1'].value\n",
                    "src/app/server.py":
                        "from mcp.server.fastmcp import FastMCP\nfrom .paths import full_path\nfrom .sheets import first_cell\nmcp = FastMCP('a')\n\n@mcp.tool()\ndef cell(filepath: str) -> str:\n    return str(first_cell(full_path(filepath)))\n",
                ], note: "a helper that passes absolute paths through, then a library sink in another module"),
            Example(
                [
                    "src/app/server.py":
                        "import os, requests\nfrom mcp.server.fastmcp import FastMCP\nmcp = FastMCP('a')\n\n@mcp.tool()\ndef send_file(recipient: str, media_path: str) -> str:\n    if not os.path.isfile(media_path):\n        return 'no such file'\n    return requests.post('http://localhost:8080/send', json={'to': recipient, 'media_path': media_path}).text\n"
                ], note: "a local file handed to another program: warning"),
            Example(
                [
                    "src/app/server.py":
                        "import os, shutil\nfrom mcp.server.fastmcp import FastMCP\nmcp = FastMCP('a')\nALLOWED = {'.pdf', '.epub'}\n\n@mcp.tool()\ndef attach(file_path: str) -> str:\n    file_path = os.path.realpath(file_path)\n    if os.path.splitext(file_path)[1].lower() not in ALLOWED:\n        return 'refused'\n    shutil.copy2(file_path, '/tmp/staged.pdf')\n    return 'ok'\n"
                ], note: "resolved and allow-listed by extension, but from anywhere: warning"),
        ],
        passing: [
            Example([
                "src/app/server.py":
                    "from pathlib import Path\nfrom mcp.server.fastmcp import FastMCP\nmcp = FastMCP('a')\nBASE = Path('/data')\n\n@mcp.tool()\ndef read(name: str) -> str:\n    p = (BASE / name).resolve()\n    if not p.is_relative_to(BASE.resolve()):\n        raise ValueError('outside')\n    return p.read_text()\n"
            ]),
            Example(
                [
                    "src/app/server.py":
                        "import hashlib, json, os, redis\nfrom mcp.server.fastmcp import FastMCP\nmcp = FastMCP('a')\nr = redis.Redis()\n\n@mcp.tool()\ndef rename(old_key: str, new_key: str) -> bool:\n    return r.rename(old_key, new_key)\n\n@mcp.tool()\ndef cache(query: str) -> str:\n    name = hashlib.sha256(query.encode()).hexdigest() + '.json'\n    with open(os.path.join('/tmp', name), 'w') as f:\n        json.dump([query], f)\n    return name\n"
                ], note: "a Redis rename is not a file; a hash of the argument is not a path from it"),
        ])

    func run(_ project: Project) -> CheckOutput {
        switch PythonSupport.mcpServerFiles(project) {
        case .failure(let reason): return .skip(reason.message)
        case .success(let files):
            let accesses = files.flatMap { f in f.fileAccess.map { (f.path, $0) } }
            var findings: [Finding] = []
            var seen: Set<String> = []
            for (path, a) in accesses where !a.contained {
                // One finding per sink: many tools reaching the same `open` are one defect.
                guard seen.insert("\(path):\(a.line)").inserted else { continue }
                let others = Set(accesses.filter { $0.0 == path && $0.1.line == a.line && !$0.1.contained }.map(\.1.tool))
                let more = others.count > 1 ? " (and \(others.count - 1) more tool\(others.count == 2 ? "" : "s"))" : ""
                let origin = PythonSupport.origin(tool: a.tool, param: a.param, via: a.via)
                if a.restricted {
                    findings.append(
                        Finding(
                            "\(origin) to `\(a.call)` at \(path):\(a.line)\(more) is resolved and checked against an allow-list but not contained in a root: any allowed file anywhere on the machine can be read",
                            at: Location(path, line: a.line), status: .warn))
                } else if a.forwarded {
                    findings.append(
                        Finding(
                            "\(origin) to `\(a.call)` at \(path):\(a.line)\(more): another program opens whatever path it names",
                            at: Location(path, line: a.line), status: .warn))
                } else {
                    findings.append(
                        Finding(
                            "\(origin) to `\(a.call)` at \(path):\(a.line)\(more) without a containment check",
                            at: Location(path, line: a.line)))
                }
            }
            let contained = accesses.count
            return .from(
                findings,
                pass: contained == 0
                    ? "no tool argument reaches a file API"
                    : "all \(contained) file access\(contained == 1 ? "" : "es") from tool arguments are resolved and contained")
        }
    }
}
