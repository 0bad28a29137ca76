import DataModel
import Ingest
import LuaRuntime
import Packs

/// Everything one run computed, before rendering (SPEC section 6 renders it as JSON).
public struct RunResults: Sendable {
    public var toolVersion: String
    public var asOf: Int32
    public var startedAt: String
    public var packs: [LoadedPack]
    public var scripts: [String: [PackScript]]
    public var params: ParamSet
    public var quality: DataQuality
    public var definitions: [Definition]
    public var policies: [PolicyOutcome]
    public var kpis: [KPIOutcome]
    public var attribution: AttributionOutcome?
    public var proficiency: [StaffProficiency]
    public var impact: [RoleImpact]
    /// print/log output while the packs loaded (kept from one state only).
    public var loadLogs: [String]
    public var data: EngineData
    /// The reference tables read for the run (their files appear in `run.inputs`).
    public var references: ReferenceSet = .empty
    /// derive{} fields: their errors, and why one is absent (skipped or disabled).
    public var derived: [DerivedField] = []
    /// Script errors of thresholds' `where` functions.
    public var thresholdErrors: [ScriptErrorEntry] = []
}

/// Runs a whole analysis (SPEC section 2's phases 4 and 5 onward): policies on `jobs` workers,
/// then KPIs, attribution and proficiency. Call on a plain thread; Lua runs on Lua threads.
public enum EngineRun {
    public struct Options: Sendable {
        public var jobs: Int
        public var asOf: Int32?
        public var toolVersion: String
        public var startedAt: String
        public var limits: SandboxLimits
        /// Advanced per chunk of rows and per KPI, for the progress display.
        public var progress: RunProgress?
        /// `--ref DIR`: where reference tables no pack may ship (licensed code sets) are found.
        public var refDirectories: [String] = []
        /// `--only`: the policy and KPI ids to evaluate (nil: all).
        public var only: Set<String>?
        /// `--sample N`: evaluate policies and measures on the first N rows of each dataset.
        public var sample: Int?

        public init(jobs: Int, asOf: Int32?, toolVersion: String, startedAt: String, limits: SandboxLimits = SandboxLimits(),
                    progress: RunProgress? = nil, refDirectories: [String] = [], only: Set<String>? = nil, sample: Int? = nil) {
            self.progress = progress
            self.refDirectories = refDirectories
            self.only = only
            self.sample = sample
            self.jobs = jobs
            self.asOf = asOf
            self.toolVersion = toolVersion
            self.startedAt = startedAt
            self.limits = limits
        }
    }

    /// The as-of date SPEC section 1 defaults to: the latest encounter service date, else the
    /// latest charge service date.
    public static func defaultAsOf(_ store: DataStore) -> Int32? {
        for (dataset, field) in [("encounters", "service_date"), ("charges", "service_date")] {
            guard let table = store.table(dataset), let column = table.column(field) else { continue }
            var latest: Int32?
            for row in 0..<table.rowCount { if let day = column.int32(row), day > (latest ?? .min) { latest = day } }
            if let latest { return latest }
        }
        return nil
    }

    /// Runs what `PackIngest` read (the packs are not loaded again to learn their declarations).
    public static func run(packs: [LoadedPack], params: ParamSet, read: PackIngest, options: Options) throws -> RunResults {
        try run(packs: packs, params: params, scripts: read.scripts, ingest: read.ingest, declared: read.definitions, options: options)
    }

    /// `declared`: the definitions as loaded for reading (phase 2), when the caller has them;
    /// otherwise the packs are loaded once more to learn them. The `field{}` extras the caller
    /// has not typed yet are typed here, and their field issues join `quality`.
    public static func run(packs: [LoadedPack], params: ParamSet, scripts: [String: [PackScript]], ingest: IngestResult,
                           declared given: [Definition]? = nil, options: Options) throws -> RunResults {
        let asOf = options.asOf ?? defaultAsOf(ingest.store) ?? 0
        // What the definitions declare about the data itself, known before any state that may
        // look it up is made: reference tables, and field{} types for extra columns.
        options.progress?.begin("reference tables", total: 0, unit: "")
        let declared = try given ?? LuaThread(name: "upstream.declared").run {
            try PackLoader(state: try LuaState(limits: options.limits), params: params).load(packs).definitions
        }
        if let only = options.only {
            // Unknown ids are a usage error the caller reports with the ids that exist.
            let known = declared.filter { $0.kind == "policy" || $0.kind == "kpi" }.compactMap(\.id)
            let unknown = only.subtracting(known)
            guard unknown.isEmpty else { throw EngineRunError.unknownOnly(unknown.sorted(), known: known.sorted()) }
        }
        let references = try ReferenceSet.read(declared, packs: packs, refDirectories: options.refDirectories)
        let typed = ingest.typing(TypedExtraFields.declared(in: declared))
        let quality = typed.quality
        let base = EngineData(store: typed.store, asOf: asOf, extra: typed.typedExtras)
        // The definitions as data, then attribution, whose fields every callback may then read;
        // its `refine` functions run in this same state.
        let baseTables = LuaDatabase(base)
        options.progress?.begin("attribution", total: 0, unit: "")
        let (loadedDefinitions, loadLogs, attribution, proficiency, thresholdErrors) = try LuaThread(name: "upstream.attribution").run {
            () throws -> ([Definition], [String], AttributionOutcome?, [StaffProficiency], [ScriptErrorEntry]) in
            let state = try LuaState(limits: options.limits)
            let loaded = try PackLoader(state: state, params: params, asOf: asOf, facts: base.facts, references: references).load(packs)
            let logs = state.takeOutput().map(\.text)
            var tables: [String: RegisteredTable] = [:]
            for (name, table) in baseTables.tables { tables[name] = try state.register(table) }
            // Statuses depend on the data and thresholds only: refine and KPIs read them.
            let scope = ThresholdScope(loaded.definitions, data: base, state: state, staff: tables["staff"], asOf: asOf)
            let proficiency = Proficiency.evaluate(base, thresholds: loaded.definitions, asOf: asOf, scope: scope)
            if let staff = tables["staff"] { try ProficiencyField.attach(proficiency, state: state, staff: staff) }
            let refiner = try Refiner(state: state, definitions: loaded.definitions, tables: tables, store: base.store)
            var outcome = DenialAttribution.attribute(base, rules: try AttributionRules(loaded.definitions), refine: refiner?.refine)
            outcome?.refineErrors = refiner?.errors ?? []
            return (loaded.definitions, logs, outcome, proficiency, scope.errors)
        }
        // `--only` keeps the named policies and KPIs (everything else still runs: attribution,
        // thresholds, derived fields); `--sample` narrows what they evaluate.
        let definitions = loadedDefinitions.filter { d in
            guard let only = options.only, d.kind == "policy" || d.kind == "kpi" else { return true }
            return d.id.map(only.contains) ?? true
        }
        let attributed = attribution.map { base.adding(DenialColumns.columns($0, base)) } ?? base
        // derive{} fields are computed once, after attribution (they may read denials) and before
        // policies, which read them like any field.
        var derived: [DerivedField] = []
        if definitions.contains(where: { $0.kind == "derive" }) {
            options.progress?.begin("derived fields", total: 0, unit: "")
            derived = try PolicyRun(packs: packs, params: params, data: attributed, jobs: options.jobs, limits: options.limits, asOf: asOf,
                                    references: references).derive(definitions)
        }
        var columns: [String: [String: Column]] = [:]
        for field in derived { if let column = field.column { columns[field.dataset, default: [:]][field.name] = column } }
        let data = (derived.isEmpty ? attributed
            : attributed.adding(columns, absent: derived.filter { $0.column == nil }.map { ($0.dataset, $0.name) })).sampled(options.sample)
        let policies = try PolicyRun(packs: packs, params: params, data: data, jobs: options.jobs, limits: options.limits, asOf: asOf,
                                     references: references, progress: options.progress)
            .evaluate(definitions.filter { $0.kind == "policy" })
        // KPIs may read `clean`, which needs the policies' results.
        let clean = CleanColumn.column(data, policies: policies, definitions: definitions, params: params)
        let measured = clean.map { data.adding(["claims": ["clean": $0]]) } ?? data
        // `row.failures` and `row:failed(…)` in KPIs read this index.
        let failures = FailureIndex(policies: policies, definitions: definitions, rowCounts: data.store.tables.mapValues(\.rowCount))
        let database = LuaDatabase(measured, failures: failures)
        let kpis = try KPIRun(packs: packs, params: params, asOf: asOf, data: measured, database: database, references: references,
                              proficiency: proficiency, policies: policies, definitions: definitions, failures: failures, options: options)
            .evaluate(definitions.filter { $0.kind == "kpi" })
        let impact = Proficiency.impact(data, policies: policies, definitions: definitions, people: proficiency)
        return RunResults(toolVersion: options.toolVersion, asOf: asOf, startedAt: options.startedAt, packs: packs, scripts: scripts,
                          params: params, quality: quality, definitions: definitions, policies: policies, kpis: kpis,
                          attribution: attribution, proficiency: proficiency, impact: impact, loadLogs: loadLogs, data: data,
                          references: references, derived: derived, thresholdErrors: thresholdErrors)
    }
}

/// Why a run cannot start that is the caller's to report (usage, exit 2).
public enum EngineRunError: Error, CustomStringConvertible {
    case unknownOnly([String], known: [String])

    public var description: String {
        switch self {
        case .unknownOnly(let ids, let known):
            "--only names \(ids.map { "'\($0)'" }.joined(separator: ", ")), which no loaded pack defines as a policy or KPI; "
                + "known: \(known.prefix(30).joined(separator: ", "))\(known.count > 30 ? ", …" : "")"
        }
    }
}
