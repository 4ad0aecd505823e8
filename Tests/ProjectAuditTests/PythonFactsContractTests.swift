import Foundation
import PreflightCore
import TestSupport
import Testing

@testable import ProjectAudit

/// The analyzer's JSON and `PythonFacts` are one contract: the real analyzer runs over a fixture that
/// exercises every field, and the keys it emits must be exactly the properties the Swift model decodes
/// (a key emitted and never decoded is dead weight or a forgotten check; a property never emitted is
/// always nil).
@Suite struct PythonFactsContractTests {
    static let fixture: [String: String] = [
        "app/__init__.py": "",
        "app/base.py": "from fastmcp import FastMCP\n\nclass AppMCP(FastMCP):\n    pass\n",
        "app/db.py": "import sqlite3\n\ndef run(sql):\n    return sqlite3.connect('n.db').execute(sql).fetchall()\n",
        "app/server.py": """
        import logging, os, subprocess, sys
        from typing import Annotated
        from fastmcp import Context
        from .base import AppMCP
        from .db import run

        logging.basicConfig(stream=sys.stderr)
        mcp = AppMCP("contract", mask_error_details=True)
        TOKEN = os.environ["APP_TOKEN"]

        @mcp.tool()
        def query(table: str, path: str, pattern: str, ctx: Context) -> str:
            print("called")
            run(f"SELECT * FROM {table}")
            subprocess.run(f"grep {pattern} data.txt", shell=True)
            subprocess.run(["viewer", path])
            return open(path).read()

        if __name__ == "__main__":
            mcp.run(transport="stdio")
        """,
        "scripts/broken.py": "def broken(:\n",
    ]

    @Test func analyzerKeysAreExactlyTheDecodedProperties() async throws {
        let project = try TestProject(Self.fixture)
        let python = try await PythonLocator.locate(
            explicit: nil, requirement: nil, searchPath: ProcessInfo.processInfo.environment["PATH"]
        ).get()
        let files = Self.fixture.keys.sorted()
        let bytes = try await ProjectLoader.runAnalyzer(
            python.executable, root: project.root.path, files: files, timeout: .seconds(300)
        ).get()
        let json = try JSONSerialization.jsonObject(with: Data(bytes))
        var emitted: [String: Bool] = [:]  // key path -> seen with a non-null value
        Self.jsonKeys(json, path: "", into: &emitted)
        let facts = try JSONDecoder().decode(PythonFacts.self, from: Data(bytes))
        var decoded: Set<String> = []
        Self.properties(facts, path: "", into: &decoded)

        let emittedKeys = Set(emitted.keys)
        #expect(
            emittedKeys.subtracting(decoded).isEmpty, "emitted but never decoded: \(emittedKeys.subtracting(decoded).sorted())")
        #expect(
            decoded.subtracting(emittedKeys).isEmpty, "decoded but never emitted: \(decoded.subtracting(emittedKeys).sorted())")
        let unexercised = emitted.filter { !$0.value }.keys.sorted()
        #expect(unexercised.isEmpty, "the fixture never gives these a value: \(unexercised)")
    }

    /// "files[].servers[].subclass" for every key of every object, true once a non-null value was seen.
    static func jsonKeys(_ value: Any, path: String, into keys: inout [String: Bool]) {
        if let object = value as? [String: Any] {
            for (key, child) in object {
                let childPath = path.isEmpty ? key : "\(path).\(key)"
                keys[childPath] = (keys[childPath] ?? false) || !(child is NSNull)
                jsonKeys(child, path: childPath, into: &keys)
            }
        } else if let array = value as? [Any] {
            for element in array { jsonKeys(element, path: path + "[]", into: &keys) }
        }
    }

    /// The same paths for the stored properties of the decoded model (nil optionals included).
    static func properties(_ value: Any, path: String, into keys: inout Set<String>) {
        let mirror = Mirror(reflecting: value)
        switch mirror.displayStyle {
        case .struct:
            for child in mirror.children {
                guard let label = child.label else { continue }
                let childPath = path.isEmpty ? label : "\(path).\(label)"
                keys.insert(childPath)
                properties(child.value, path: childPath, into: &keys)
            }
        case .collection:
            for element in mirror.children { properties(element.value, path: path + "[]", into: &keys) }
        case .optional:
            if let some = mirror.children.first { properties(some.value, path: path, into: &keys) }
        default:
            break
        }
    }
}
