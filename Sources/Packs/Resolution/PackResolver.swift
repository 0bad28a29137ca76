import Foundation
import LuaRuntime

/// Resolves the packs named on the command line and everything they require into load order:
/// requirements depth-first, then command-line order (SPEC section 2).
public final class PackResolver {
    private let search: PackSearchPath
    private let manifests: ManifestReader
    private var byName: [String: LoadedPack] = [:]

    /// Runs on a Lua thread: manifests are Lua.
    public init(search: PackSearchPath, limits: SandboxLimits = SandboxLimits()) throws {
        self.search = search
        manifests = try ManifestReader(limits: limits)
    }

    public func resolve(_ commandLine: [String]) throws -> [LoadedPack] {
        var given: [LoadedPack] = []
        for path in commandLine {
            let pack = try open(path)
            if let other = byName[pack.name] {
                throw PackError.duplicatePack(name: pack.name, paths: [other.path, pack.path])
            }
            byName[pack.name] = pack
            given.append(pack)
        }
        var order: [LoadedPack] = []
        var done: Set<String> = []
        var visiting: [String] = []
        func visit(_ pack: LoadedPack) throws {
            if done.contains(pack.name) { return }
            if let start = visiting.firstIndex(of: pack.name) {
                throw PackError.cycle(Array(visiting[start...]) + [pack.name])
            }
            visiting.append(pack.name)
            for requirement in pack.manifest.requires {
                try visit(try find(requirement, requiredBy: pack))
            }
            visiting.removeLast()
            done.insert(pack.name)
            order.append(pack)
        }
        for pack in given { try visit(pack) }
        return order
    }

    /// Reads and validates the pack at `path`.
    func open(_ path: String) throws -> LoadedPack {
        let directory = try PackDirectory(path: path)
        guard directory.contains("pack.lua") else {
            throw PackError.manifestMissing(pack: directory.name, path: directory.path)
        }
        let manifest = try manifests.read(directory)
        guard manifest.name == directory.name else {
            throw PackError.nameMismatch(path: directory.path, directoryName: directory.name, declared: manifest.name)
        }
        return LoadedPack(directory: directory, manifest: manifest)
    }

    private func find(_ name: String, requiredBy pack: LoadedPack) throws -> LoadedPack {
        if let known = byName[name] { return known }
        var searched: [String] = []
        for level in search.levels {
            let matches = level.directories.filter { isDirectory($0 + "/" + name) }
            searched += level.directories
            if matches.count > 1 { throw PackError.ambiguousRequirement(name: name, paths: matches.map { $0 + "/" + name }) }
            if let parent = matches.first {
                let found = try open(parent + "/" + name)
                byName[name] = found
                return found
            }
        }
        throw PackError.requirementNotFound(pack: pack.name, requirement: name, searched: searched)
    }

    private func isDirectory(_ path: String) -> Bool {
        var directory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &directory) && directory.boolValue
    }
}

/// Runs `pack.lua` in a sandboxed state of its own and validates what it returns.
final class ManifestReader {
    private let state: LuaState

    init(limits: SandboxLimits) throws {
        state = try LuaState(limits: limits)
    }

    func read(_ directory: PackDirectory) throws -> PackManifest {
        let file = directory.name + "/pack.lua"
        let source = String(decoding: try directory.read("pack.lua"), as: UTF8.self)
        let environment = try state.makeEnvironment(pack: directory.name)
        defer { state.release(environment) }
        let returned: [LuaValue]
        do { returned = try state.run(source, chunk: file, in: environment) } catch let error as ScriptError {
            throw PackError.script(error)
        }
        guard case .table(let table)? = returned.first else {
            throw PackError.manifestInvalid(file: file, line: 0, message: "pack.lua must return a table: return { name = \"\(directory.name)\", version = \"1.0.0\" }")
        }
        defer { state.release(table) }
        return try PackManifest.parse(try state.snapshot(table, maxEntries: 100_000), file: file)
    }
}
