import ArgumentParser
import LuaRuntime
import Packs

/// Options every command that loads packs shares.
struct PackOptions: ParsableArguments {
    @Option(name: .customLong("pack-path"), help: "A directory where `requires` are looked up (repeatable), before UPSTREAM_PACK_PATH and the shipped packs.")
    var packPath: [String] = []

    @Option(name: .customLong("param"), help: "Set a parameter: NAME=VALUE, PACK.NAME=VALUE, or NAME.KEY=VALUE for a map (repeatable; last word).")
    var params: [String] = []

    var searchPath: PackSearchPath { PackSearchPath.standard(packPath: packPath) }
}

/// Resolves, parameterises and loads packs on a Lua thread; pack errors become exit codes.
enum PackSession {
    struct Loaded {
        var packs: [LoadedPack]
        var params: ParamSet
        var result: PackLoader.Result
    }

    static func load(_ directories: [String], options: PackOptions, thread: LuaThread) throws -> Loaded {
        do {
            return try thread.run {
                let packs = try PackResolver(search: options.searchPath).resolve(directories)
                let params = try ParamSet(packs: packs, overrides: options.params)
                let state = try LuaState()
                let result = try PackLoader(state: state, params: params).load(packs)
                return Loaded(packs: packs, params: params, result: result)
            }
        } catch let error as PackError {
            printError("error: \(error)")
            throw ExitCode(error.exitCode)
        }
    }
}
