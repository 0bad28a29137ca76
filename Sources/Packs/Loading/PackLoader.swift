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
    /// The as-of date `date.as_of()` and `ref.get` read at each call: its owner may move it
    /// between evaluations (KPI month-end snapshots).
    private let clock: AsOfClock
    private let facts: DataFacts?
    /// nil while loading for a run (phase 2): the tables are read after the definitions.
    private let references: ReferenceSet?
    /// What callbacks' helpers (`thresholds`, calendars) read once the load has finished.
    private let finished = LoadedDefinitions()

    /// `asOf`, `facts` and `references` are nil while loading for a run (phase 2); states made
    /// after ingestion pass them. A `clock`, when given, stands for `asOf`.
    public init(state: LuaState, params: ParamSet, asOf: Int32? = nil, facts: DataFacts? = nil, references: ReferenceSet? = nil,
                clock: AsOfClock? = nil) {
        self.state = state
        self.params = params
        self.clock = clock ?? AsOfClock(asOf)
        self.clock.observe { [weak state] days in state?.asOfDays = days }
        self.facts = facts
        self.references = references
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
        finished.finish(result.definitions)
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
        for (name, function) in DateHelpers.functions(clock: clock, loaded: finished) {
            if DateHelpers.native.contains(name) {
                try state.installNativeFunction(name, in: "date", of: environment)
            } else {
                try state.installHostFunction(name, in: "date", of: environment, function)
            }
        }
        for (name, function) in MoneyHelpers.functions() {
            try state.installHostFunction(name, in: "money", of: environment, function)
        }
        for (name, function) in DataHelpers.functions(facts: facts) + ThresholdHelpers.functions(finished) {
            try state.installHostFunction(name, in: nil, of: environment, function)
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
        try installReferenceFunctions(in: environment)
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
            try state.run(ThresholdHelpers.prelude, chunk: "upstream/thresholds.lua", in: environment)
        } catch let error as ScriptError {
            throw PackError.script(error)
        }
        return environment
    }

    // MARK: - Reference tables

    /// The host side of `ref.get` and `ref.has` (the prelude wraps them): find a row, then read
    /// its cells one by one, so a lookup copies one row and never the table.
    private func installReferenceFunctions(in environment: LuaReference) throws {
        let references = self.references, clock = self.clock
        func table(_ args: [LuaValue]) throws -> ReferenceTable {
            guard case .string(let id)? = args.first else { throw HostFunctionError("ref: the id must be a string") }
            guard let references else { throw HostFunctionError("ref.get and ref.has work in callbacks, once the reference tables are read") }
            if let glob = references.unfound[id] {
                throw HostFunctionError("reference '\(id)' has no file: no '\(glob)' in its pack, and none in a --ref DIR")
            }
            guard let table = references.tables[id] else { throw HostFunctionError("no reference table '\(id)' (declare it with reference{})") }
            return table
        }
        try state.installHostFunction("__upstream_ref_find", in: nil, of: environment) { args in
            let table = try table(args)
            var day = clock.days
            if args.count > 1, case .string(let on) = args[1] {
                guard let parsed = DateText.days(String(on.prefix(10))) else { throw HostFunctionError("ref: on = '\(on)' is not a date YYYY-MM-DD") }
                day = parsed
            }
            guard args.count > 2, case .integer(let n) = args[2] else { return [.nil] }
            var key: [String] = []
            for value in args.dropFirst(3).prefix(Int(n)) {
                switch value {
                case .string(let text): key.append(text)
                case .integer(let i): key.append(String(i))
                case .number(let d): key.append(d == d.rounded() && abs(d) < 1e15 ? String(Int64(d)) : String(d))
                case .boolean(let b): key.append(b ? "true" : "false")
                default: return [.nil]   // a nil key part matches nothing
                }
            }
            return [table.row(key, on: day).map { .integer(Int64($0)) } ?? .nil]
        }
        try state.installHostFunction("__upstream_ref_width", in: nil, of: environment) { args in
            [.integer(Int64(try table(args).columns.count))]
        }
        try state.installHostFunction("__upstream_ref_column", in: nil, of: environment) { args in
            let table = try table(args)
            guard args.count > 1, case .integer(let i) = args[1], i >= 1, i <= table.columns.count else { return [.nil] }
            return [.string(table.columns[Int(i) - 1])]
        }
        try state.installHostFunction("__upstream_ref_value", in: nil, of: environment) { args in
            let table = try table(args)
            guard args.count > 2, case .integer(let row) = args[1], case .integer(let column) = args[2],
                  row >= 0, row < table.count, column >= 1, column <= table.columns.count else { return [.nil] }
            switch table.value(row: Int(row), column: Int(column) - 1) {
            case .missing: return [.nil]
            case .text(let text): return [.string(text)]
            case .integer(let i): return [.integer(i)]
            case .number(let d): return [.number(d)]
            case .boolean(let b): return [.boolean(b)]
            }
        }
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
            // A derived field is named by where it lives: one id namespace catches duplicates.
            let id = spec.hasID ? table["id"]?.string
                : kind == "derive" || kind == "field" ? table["dataset"]?.string.flatMap { d in table["name"]?.string.map { d + "." + $0 } } : nil
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
