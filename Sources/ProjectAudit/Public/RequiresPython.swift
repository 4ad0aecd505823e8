/// `requires-python` questions other modules ask (doctor: is this interpreter too old? init: which
/// Python goes in the image?), answered with the same PEP 440 sets the config checks use.
public enum RequiresPython {
    /// Whether `version` (`3.11.7`) satisfies `specifier` (`>=3.10,<4`); nil when either does not parse.
    public static func allows(_ specifier: String, version: String) -> Bool? {
        guard case .success(let set) = SpecifierSet.parse(specifier), let v = ReleaseVersion(pep440: version) else {
            return nil
        }
        return set.versions.contains(v)
    }

    /// The newest of `candidates` (`["3.10", "3.11", ...]`) that `specifier` admits in some patch release.
    public static func newest(allowedBy specifier: String, among candidates: [String]) -> String? {
        guard case .success(let set) = SpecifierSet.parse(specifier) else { return nil }
        return candidates.compactMap { c -> (ReleaseVersion, String)? in
            guard let v = ReleaseVersion(pep440: c) else { return nil }
            let minor = VersionSet.range(v, .successor(ofPrefix: v.parts))
            return set.versions.overlaps(minor) ? (v, c) : nil
        }.max { $0.0 < $1.0 }?.1
    }
}
