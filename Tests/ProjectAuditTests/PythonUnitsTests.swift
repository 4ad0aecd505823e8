import Foundation
import PreflightCore
import TestSupport
import Testing

@testable import ProjectAudit

/// A monorepo's packages are analysed as projects of their own, over one analyzer process per core.
@Suite struct PythonUnitsTests {
    static let monorepo: [String: String] = [
        "pyproject.toml": "[project]\nname = \"root\"\n",
        "scripts/release.py": "print('release')\n",
        "src/a/pyproject.toml": "[project]\nname = \"a\"\n[project.scripts]\na = \"a_srv.cli:main\"\n",
        "src/a/a_srv/__init__.py": "",
        "src/a/a_srv/cli.py": "def main():\n    pass\n",
        "src/a/tests/test_cli.py": "def test_x():\n    pass\n",
        "src/b/setup.py": "from setuptools import setup\nsetup(name='b')\n",
        "src/b/b_srv/server.py": "from mcp.server.fastmcp import FastMCP\nmcp = FastMCP('b')\nmcp.run()\n",
        "src/b/examples/demo/pyproject.toml": "[project]\nname = \"demo\"\n",
        "src/b/examples/demo/demo.py": "print('demo')\n",
    ]

    @Test func eachFileBelongsToTheDeepestPackageHoldingIt() async throws {
        let project = try await TestProject(Self.monorepo).load()
        let units = PythonUnitInput.partition(project.pythonFiles, project: project)
        #expect(units.map(\.root) == ["", "src/a", "src/b", "src/b/examples/demo"])
        let files = Dictionary(uniqueKeysWithValues: units.map { ($0.root, $0.files.sorted()) })
        #expect(files[""] == ["scripts/release.py"])
        #expect(files["src/a"] == ["src/a/a_srv/__init__.py", "src/a/a_srv/cli.py", "src/a/tests/test_cli.py"])
        #expect(files["src/b/examples/demo"] == ["src/b/examples/demo/demo.py"])
        // Each package's own console scripts.
        #expect(units.first { $0.root == "src/a" }?.entries == ["a_srv.cli:main"])
        #expect(units.first { $0.root == "src/b" }?.entries == [])
    }

    @Test func groupsBalanceBytesAndKeepEveryUnitOnce() {
        let units = [("a", 900), ("b", 500), ("c", 400), ("d", 100), ("e", 50)].map {
            PythonUnitInput(root: $0.0, entries: [], files: ["\($0.0)/x.py"], bytes: $0.1)
        }
        let groups = PythonUnitInput.groups(units, workers: 2)
        #expect(groups.count == 2)
        #expect(groups.flatMap { $0.map(\.root) }.sorted() == ["a", "b", "c", "d", "e"])
        let loads = groups.map { $0.reduce(0) { $0 + $1.bytes } }
        #expect(abs(loads[0] - loads[1]) <= 100, "\(loads)")
        #expect(PythonUnitInput.groups(Array(units.prefix(1)), workers: 4).count == 1)
        #expect(PythonUnitInput.groups(units, workers: 0).count == 1)
    }

    /// The loader runs the analyzer per package and merges the facts: a package with a server is judged on
    /// its own closure; packages and root files without an MCP server are not server code when one has one.
    @Test func theLoaderMergesEveryPackagesFacts() async throws {
        let project = try await TestProject(Self.monorepo).load()
        let python = try #require(project.python)
        #expect(python.units.map(\.root) == ["", "src/a", "src/b", "src/b/examples/demo"])
        #expect(python.units.first { $0.root == "src/b" }?.scope == "imports")
        #expect(python.files.map(\.path) == project.pythonFiles.sorted())
        #expect(python.files.first { $0.path == "src/b/b_srv/server.py" }?.unit == "src/b")
        let server = Set(project.serverPythonFiles.map(\.path))
        #expect(server.contains("src/b/b_srv/server.py"))
        // a has a console script but no MCP server (a benchmark suite, a CLI): not server code.
        #expect(!server.contains("src/a/a_srv/cli.py"))
        #expect(!server.contains("scripts/release.py"))
        #expect(!server.contains("src/b/examples/demo/demo.py"))
    }
}

extension PythonUnitsTests {
    /// A workspace: the server package calls into a library package of the same repository. They are
    /// one unit, so a tool's argument is followed into the library's SQL.
    static let workspace: [String: String] = [
        "packages/core/pyproject.toml": "[project]\nname = \"core\"\n",
        "packages/core/src/core/__init__.py": "",
        "packages/core/src/core/db.py":
            "import sqlite3\n\ndef find(name):\n"
            + "    return sqlite3.connect('x.db').execute(f\"SELECT * FROM t WHERE n = '{name}'\").fetchall()\n",
        "packages/server/pyproject.toml": "[project]\nname = \"server\"\n",
        "packages/server/src/srv/__init__.py": "",
        "packages/server/src/srv/server.py":
            "from mcp.server.fastmcp import FastMCP\nfrom core.db import find\nmcp = FastMCP('s')\n\n@mcp.tool()\ndef lookup(name: str) -> str:\n    return str(find(name))\n\nmcp.run()\n",
        "packages/other/pyproject.toml": "[project]\nname = \"other\"\n",
        "packages/other/other/__init__.py": "import json\n",
    ]

    @Test func packagesThatImportEachOtherAreOneUnit() async throws {
        let project = try await TestProject(Self.workspace).load()
        let units = PythonUnitInput.partition(project.pythonFiles, project: project)
        #expect(units.map(\.root) == ["packages/core", "packages/other"])
        #expect(units.first?.files.count == 4)
        let r = try await NotTheServerTests.result(SQLInjection.self, Self.workspace)
        #expect(r.status == .fail, "\(r.message)")
    }

    @Test func importsAreReadWithoutParsing() {
        let text = """
            import os, a.b as c
                from x.y import (z,
            from . import local
            from .rel import q
            import 9bad
            x = "from s import t"
            """
        #expect(PythonImports.modules(in: text) == ["os", "a.b", "x.y", "x.y.z"])
    }
}

extension PythonUnitsTests {
    /// Packages sharing a namespace package (`ns/__init__.py` in each, as awslabs/mcp's servers) stay apart
    /// when each imports only its own modules.
    @Test func aSharedNamespaceJoinsNothing() async throws {
        var files: [String: String] = [:]
        for name in ["a", "b"] {
            files["src/\(name)/pyproject.toml"] = "[project]\nname = \"\(name)\"\n"
            files["src/\(name)/ns/__init__.py"] = "__path__ = __import__('pkgutil').extend_path(__path__, __name__)\n"
            files["src/\(name)/ns/\(name)_srv/__init__.py"] = ""
            files["src/\(name)/ns/\(name)_srv/server.py"] = "import ns\nfrom ns.\(name)_srv import util\n"
            files["src/\(name)/ns/\(name)_srv/util.py"] = ""
        }
        let project = try await TestProject(files).load()
        #expect(PythonUnitInput.partition(project.pythonFiles, project: project).map(\.root) == ["src/a", "src/b"])
        files["src/b/ns/b_srv/util.py"] = "from ns.a_srv.util import *\n"
        let joined = try await TestProject(files).load()
        #expect(PythonUnitInput.partition(joined.pythonFiles, project: joined).map(\.root) == ["src/a"])
    }
}

extension PythonUnitsTests {
    /// Without a server anywhere every file counts but helper folders, which are each package's own,
    /// also in packages analysed together.
    @Test func helperFoldersAreThePackagesOwn() async throws {
        let project = try await TestProject([
            "packages/core/pyproject.toml": "[project]\nname = \"core\"\n",
            "packages/core/core/__init__.py": "import os\nHOME = os.getenv('CORE_HOME')\n",
            "packages/server-app/pyproject.toml": "[project]\nname = \"server-app\"\n",
            "packages/server-app/app/__init__.py": "from core import HOME\n",
            "packages/server-app/scripts/seed.py": "print('seed')\n",
        ]).load()
        let python = try #require(project.python)
        #expect(python.units.map(\.root) == ["packages/core"])
        #expect(
            project.serverPythonFiles.map(\.path).sorted() == [
                "packages/core/core/__init__.py", "packages/server-app/app/__init__.py",
            ])
    }
}
