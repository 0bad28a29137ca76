import Crypto
import DataModel
import LuaRuntime

/// Loads resolved packs into one sandboxed state (SPEC section 2, phase 2): one environment per
/// pack with the registry's constructors and helpers, every definition script in sorted path
/// order under the load budget, then validation of what they defined, id by id.
public final class PackLoader {
    public static let maxDefinitionsPerPack = 10_000

    public struct Result {
        /// In load order; disabled and overridden definitions removed.
        public var definitions: [Definition]
        /// Disabled ids → the pack that disabled them.
        public var disabled: [String: String]
        /// Role ids: the built-in ones and those packs declare.
        public var roles: [String]
        public var environments: [String: LuaReference]
        public var scripts: [String: [PackScript]]
    }

    private let state: LuaState
    private let params: ParamSet
    private let clock: AsOfClock

    /// `asOf` is nil while loading for a run (phase 2); states made after ingestion pass it.
    public convenience init(state: LuaState, params: ParamSet, asOf: Int32? = nil) {
        self.init(state: state, params: params, clock: AsOfClock(asOf))
    }

    /// `date.as_of()` reads `clock` at each call: its owner may move it between evaluations.
    public init(state: LuaState, params: ParamSet, clock: AsOfClock) {
        self.state = state
        self.params = params
        self.clock = clock
    }

    public func load(_ packs: [LoadedPack]) throws -> Result {
        var result = Result(definitions: [], disabled: [:], roles: Schema.roles, environments: [:], scripts: [:])
        var byID: [String: Definition] = [:]
        for pack in packs {
            let environment = try prepareEnvironment(for: pack)
            result.environments[pack.name] = environment
            var scripts: [PackScript] = []
            for path in try pack.directory.luaFiles() where !path.hasPrefix("tests/") {
                let source = try pack.directory.read(path)
                scripts.append(PackScript(path: path, sha256: Self.sha256(source)))
                guard Self.isDefinitionScript(path) else { continue }
                do {
                    try state.run(String(decoding: source, as: UTF8.self), chunk: pack.name + "/" + path, in: environment)
                } catch let error as ScriptError {
                    throw PackError.script(error)
                }
            }
            result.scripts[pack.name] = scripts
            for definition in try capturedDefinitions(of: pack) {
                if definition.kind == "role", let id = definition.id, !result.roles.contains(id) { result.roles.append(id) }
                guard let id = definition.id else {
                    result.definitions.append(definition)
                    continue
                }
                if let earlier = byID[id] {
                    guard definition.overrides else {
                        throw PackError.definitionInvalid(label: definition.label, location: definition.location,
                            message: "the id is already used by \(earlier.label) in \(earlier.location); rename it, or say override = true to replace it")
                    }
                    result.definitions.removeAll { $0.id == id }
                }
                byID[id] = definition
                result.definitions.append(definition)
            }
            for id in pack.manifest.disable {
                guard byID[id] != nil else { throw PackError.unknownTarget(file: pack.name + "/pack.lua", kind: "disable", name: id) }
                result.disabled[id] = pack.name
            }
        }
        result.definitions.removeAll { $0.id.map { result.disabled[$0] != nil } ?? false }
        try Self.checkAttributionOverrides(result.definitions)
        for environment in result.environments.values { try state.freeze(environment, deep: true) }
        return result
    }

    /// `attribution { override = { "29", "OA-23" } }` replaces keys an earlier pack defined;
    /// naming a key no earlier attribution table has is an error (SPEC section 2).
    static func checkAttributionOverrides(_ definitions: [Definition]) throws {
        var known: Set<String> = []
        for definition in definitions where definition.kind == "attribution" {
            for key in definition.table["override"]?.table?.items.compactMap(\.string) ?? [] where !known.contains(key) {
                throw PackError.unknownTarget(file: definition.location, kind: "attribution override", name: key)
            }
            for section in ["carc", "rarc"] {
                known.formUnion(definition.table[section]?.table?.fieldNames ?? [])
            }
        }
    }

    /// Definition scripts are `**/*.lua` except pack.lua, lib/ and tests/ (SPEC section 2);
    /// `luaFiles` lists them in sorted path order, the order they load in.
    static func isDefinitionScript(_ path: String) -> Bool {
        path != "pack.lua" && !path.hasPrefix("lib/") && !path.hasPrefix("tests/")
    }

    static func sha256(_ bytes: [UInt8]) -> String {
        SHA256.hash(data: bytes).map { byte in
            let hex = String(byte, radix: 16)
            return byte < 16 ? "0" + hex : hex
        }.joined()
    }

    // MARK: - Environment

    private func prepareEnvironment(for pack: LoadedPack) throws -> LuaReference {
        let environment = try state.makeEnvironment(pack: pack.name)
        for constructor in Registry.constructors {
            try state.installConstructor(constructor.name, kind: constructor.name, in: environment, limit: Self.maxDefinitionsPerPack)
        }
        for (name, function) in DateHelpers.functions(clock: clock) {
            try state.installHostFunction(name, in: "date", of: environment, function)
        }
        let params = self.params, caller = pack.name
        try state.installHostFunction("__upstream_param", in: nil, of: environment) { args in
            guard case .string(let name)? = args.first else { throw HostFunctionError("param(name): name must be a string") }
            let key: String? = if args.count > 1, case .string(let k) = args[1] { k } else { nil }
            guard params.lookup(name, from: caller) != nil else {
                throw HostFunctionError("no param '\(name)' is declared by pack '\(caller)', its requirements or the host")
            }
            switch params.value(name, key: key, from: caller) {
            case .list(let items)?: return [.nil, .integer(Int64(items.count))]
            case .map?: throw HostFunctionError("param '\(name)' is a map: read one entry with param(\"\(name)\", key)")
            case let value?: return [value.luaValue]
            case nil: return [.nil]
            }
        }
        try state.installHostFunction("__upstream_param_item", in: nil, of: environment) { args in
            guard case .string(let name)? = args.first, args.count > 1, case .integer(let index) = args[1],
                  case .list(let items)? = params.value(name, from: caller), index >= 1, index <= items.count
            else { return [.nil] }
            return [items[Int(index) - 1].luaValue]
        }
        let directory = pack.directory
        try state.installHostFunction("__upstream_read_lib", in: nil, of: environment) { args in
            guard case .string(let name)? = args.first, !name.isEmpty,
                  name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == "." || $0 == "-" }),
                  !name.hasPrefix("."), !name.hasSuffix("."), !name.contains("..")
            else { throw HostFunctionError("require: '\(args.first.map { "\($0)" } ?? "")' is not a module name like \"codes.cpt\"") }
            let path = "lib/" + name.replacing(".", with: "/") + ".lua"
            do {
                return [.string(String(decoding: try directory.read(path), as: UTF8.self)), .string(caller + "/" + path)]
            } catch let error as PackError {
                throw HostFunctionError("require(\"\(name)\"): \(error.description)")
            }
        }
        do {
            try state.run(Prelude.source, chunk: Prelude.chunkName, in: environment)
        } catch let error as ScriptError {
            throw PackError.script(error)
        }
        return environment
    }

    // MARK: - Definitions

    private func capturedDefinitions(of pack: LoadedPack) throws -> [Definition] {
        let captures = try state.takeCaptures()
        defer { state.release(captures) }
        let list = try state.snapshot(captures, maxEntries: 10_000_000)
        return try list.items.map { item in
            guard let record = item.table, let kind = record["kind"]?.string, let table = record["definition"]?.table,
                  let spec = Registry.constructor(named: kind) else {
                throw PackError.manifestInvalid(file: pack.name, line: 0, message: "internal: malformed definition capture")
            }
            let source = record["source"]?.string ?? pack.name
            let line = Int(record["line"]?.number ?? 0)
            let id = spec.hasID ? table["id"]?.string : nil
            let label = id.map { "\(kind) '\($0)'" } ?? kind
            if let problem = ShapeValidator.recordProblem(table, spec.fields, at: "") {
                throw PackError.definitionInvalid(label: label, location: "\(source):\(line)", message: problem)
            }
            let definition = Definition(kind: kind, id: id, pack: pack.name, file: source, line: line, table: table)
            if let problem = SemanticChecks.problem(definition) {
                throw PackError.definitionInvalid(label: label, location: definition.location, message: problem)
            }
            return definition
        }
    }
}
