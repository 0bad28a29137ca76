import DataModel
import Ingest
import LuaRuntime

/// SPEC section 2's phases 2 and 3 for a command that reads exports through packs: the packs
/// load in one reading state, the exports are read through their mappings (whose `transform`s
/// run in that state), then the extra columns the packs type with `field{}` are typed. Data
/// quality is whole when this returns, field{} issues included, so `validate`, `run`, `explain`
/// and `--rejects` all account for the same rows before anything is evaluated.
public struct PackIngest: Sendable {
    /// As loaded for reading (phase 2: no as-of date, no data facts, no reference tables).
    public var definitions: [Definition]
    public var scripts: [String: [PackScript]]
    /// With the declared `field{}` extras typed (`IngestResult.typedExtras`).
    public var ingest: IngestResult

    /// Loads `packs` and reads `paths` through them. Call on a Lua thread: the reading state
    /// lives on the caller's thread and is closed on return.
    public static func read(paths: [String], packs: [LoadedPack], params: ParamSet, limits: SandboxLimits = SandboxLimits(),
                            options: IngestOptions) throws -> PackIngest {
        let state = try LuaState(limits: limits)
        let loaded = try PackLoader(state: state, params: params).load(packs)
        let builder = MappingBuilder(state: state)
        let ingest = try Ingestor.read(paths: paths, mappings: try builder.mappings(from: loaded.definitions), transformer: builder,
                                       options: options)
        return PackIngest(definitions: loaded.definitions, scripts: loaded.scripts,
                          ingest: ingest.typing(TypedExtraFields.declared(in: loaded.definitions)))
    }
}
