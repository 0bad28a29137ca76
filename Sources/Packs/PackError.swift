import LuaRuntime

/// Why a pack cannot be used. Every case names the pack and the file, and says what to do.
/// All of them exit with code 3 (invalid pack), except `.invalidParameterOverride`, a usage
/// error (exit 2) because it comes from `--param`.
public enum PackError: Error, Equatable, Sendable, CustomStringConvertible {
    case notADirectory(path: String)
    case manifestMissing(pack: String, path: String)
    case manifestInvalid(file: String, line: Int, message: String)
    case nameMismatch(path: String, directoryName: String, declared: String)
    case unsafeFile(pack: String, file: String, reason: String)
    case requirementNotFound(pack: String, requirement: String, searched: [String])
    case ambiguousRequirement(name: String, paths: [String])
    case cycle([String])
    case duplicatePack(name: String, paths: [String])
    case unknownTarget(file: String, kind: String, name: String)
    case invalidParameter(file: String, message: String)
    /// "kpi 'x' in kpis.lua:12: target must be a table with at_least or at_most"
    case definitionInvalid(label: String, location: String, message: String)
    case invalidParameterOverride(message: String)
    case script(ScriptError)

    public var exitCode: Int32 {
        if case .invalidParameterOverride = self { return 2 }
        return 3
    }

    public var description: String {
        switch self {
        case .notADirectory(let path):
            "pack '\(path)' is not a directory: give --pack the pack's folder (the one holding pack.lua)"
        case .manifestMissing(let pack, let path):
            "pack '\(pack)' has no pack.lua in \(path): every pack needs a manifest that returns { name = \"\(pack)\", version = \"…\" }"
        case .manifestInvalid(let file, let line, let message):
            line > 0 ? "\(file):\(line): \(message)" : "\(file): \(message)"
        case .nameMismatch(let path, let directory, let declared):
            "\(path)/pack.lua: name '\(declared)' differs from the directory name '\(directory)': a pack's name is its directory's name; rename one of them"
        case .unsafeFile(let pack, let file, let reason):
            "pack '\(pack)': \(file) \(reason)"
        case .requirementNotFound(let pack, let requirement, let searched):
            "pack '\(pack)' requires '\(requirement)', which is in none of: " + (searched.isEmpty ? "(no pack directories: no --pack-path, no UPSTREAM_PACK_PATH, and the shipped packs were not found beside the executable)" : searched.joined(separator: ", "))
                + "; add its parent directory with --pack-path or UPSTREAM_PACK_PATH, or give it with --pack"
        case .ambiguousRequirement(let name, let paths):
            "pack '\(name)' is found in more than one directory of the same search level: \(paths.joined(separator: ", ")); remove one or pass the one you mean with --pack"
        case .cycle(let names):
            "packs require each other in a cycle: \(names.joined(separator: " → "))"
        case .duplicatePack(let name, let paths):
            "two packs are named '\(name)': \(paths.joined(separator: ", "))"
        case .unknownTarget(let file, let kind, let name):
            "\(file): \(kind) names '\(name)', which no loaded pack defines"
        case .invalidParameter(let file, let message):
            "\(file): \(message)"
        case .definitionInvalid(let label, let location, let message):
            "\(label) in \(location): \(message)"
        case .invalidParameterOverride(let message):
            message
        case .script(let error):
            error.description
        }
    }
}
