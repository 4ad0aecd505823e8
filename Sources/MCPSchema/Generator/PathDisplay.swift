/// One step into an arguments value; renders both as a JSON pointer and as a display path.
enum PathStep: Hashable, Sendable {
    case key(String)
    case index(Int)

    static func pointer(_ steps: [PathStep]) -> String {
        steps.reduce("") { out, step in
            switch step {
            case .key(let k): return JSONPointer.append(out, k)
            case .index(let i): return JSONPointer.append(out, i)
            }
        }
    }

    /// `filter.op`, `files[0]`; `(arguments)` for the root.
    static func display(_ steps: [PathStep]) -> String {
        var out = ""
        for step in steps {
            switch step {
            case .key(let k): out += out.isEmpty ? k : "." + k
            case .index(let i): out += "[\(i)]"
            }
        }
        return out.isEmpty ? "(arguments)" : out
    }
}
