import DataModel
import Ingest
import LuaRuntime
import Packs

/// Runs a whole analysis (SPEC section 2's phases 4 and 5 onward): what the packs declare about
/// the data (reference tables, field{} types); thresholds, proficiency and denial attribution;
/// derive{} fields and policies on `jobs` workers; attribution again when a `refine` read the
/// policies' failures; `clean`; KPIs on `jobs` threads; the proficiency impact. Call on a plain
/// thread; Lua runs on Lua threads.
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
        /// Rows per chunk of policy and KPI callbacks; fixed whatever `jobs` (tests make it small).
        public var chunkRows = PolicyRun.defaultChunkRows

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
        options.progress?.begin("host-derived fields", total: 0, unit: "")
        let base = EngineData(store: typed.store, asOf: asOf, extra: typed.typedExtras)
        // The definitions as data, then attribution, whose fields every callback may then read;
        // its `refine` functions run in this same state.
        let baseTables = LuaDatabase(base)
        options.progress?.begin("attribution", total: 0, unit: "")
        let (loadedDefinitions, loadLogs, firstAttribution, proficiency, thresholdErrors, refineReadsFailures) = try LuaThread(name: "upstream.attribution").run {
            () throws -> ([Definition], [String], AttributionOutcome?, [StaffProficiency], [ScriptErrorEntry], Bool) in
            let state = try LuaState(limits: options.limits)
            let loaded = try PackLoader(state: state, params: params, asOf: asOf, facts: base.facts, references: references).load(packs)
            let logs = state.takeOutput().map(\.text)
            let tables = try baseTables.register(in: state)
            // Statuses depend on the data and thresholds only: refine and KPIs read them.
            let scope = ThresholdScope(loaded.definitions, data: base, state: state, staff: tables["staff"], asOf: asOf)
            let proficiency = Proficiency.evaluate(base, thresholds: loaded.definitions, asOf: asOf, scope: scope)
            if let staff = tables["staff"] { try ProficiencyField.attach(proficiency, state: state, staff: staff) }
            let (outcome, readFailures) = try attribute(base, definitions: loaded.definitions, state: state, tables: tables)
            return (loaded.definitions, logs, outcome, proficiency, scope.errors, readFailures)
        }
        // `--only` keeps the named policies and KPIs (everything else still runs: attribution,
        // thresholds, derived fields); `--sample` narrows what they evaluate.
        let definitions = loadedDefinitions.filter { d in
            guard let only = options.only, d.kind == "policy" || d.kind == "kpi" else { return true }
            return d.id.map(only.contains) ?? true
        }
        let attributed = firstAttribution.map { base.adding(DenialColumns.columns($0, base)) } ?? base
        // derive{} fields are computed once, after attribution (they may read denials) and before
        // policies, which read them like any field.
        var derived: [DerivedField] = []
        if definitions.contains(where: { $0.kind == "derive" }) {
            options.progress?.begin("derived fields", total: 0, unit: "")
            derived = try PolicyRun(packs: packs, params: params, data: attributed, jobs: options.jobs, chunkRows: options.chunkRows,
                                    limits: options.limits, asOf: asOf, references: references).derive(definitions)
        }
        var columns: [String: [String: Column]] = [:]
        for field in derived { if let column = field.column { columns[field.dataset, default: [:]][field.name] = column } }
        let data = (derived.isEmpty ? attributed
            : attributed.adding(columns, absent: derived.filter { $0.column == nil }.map { ($0.dataset, $0.name) })).sampled(options.sample)
        let policies = try PolicyRun(packs: packs, params: params, data: data, jobs: options.jobs, chunkRows: options.chunkRows,
                                     limits: options.limits, asOf: asOf, references: references, progress: options.progress)
            .evaluate(definitions.filter { $0.kind == "policy" })
        // `row.failures` and `row:failed(…)` in KPIs (and refine) read this index.
        let failures = FailureIndex(policies: policies, definitions: definitions, rowCounts: data.store.tables.mapValues(\.rowCount))
        // A refine that read the policies' failures answered nothing so far: attribution runs
        // again, and what follows (KPIs, impact, the report) reads its final answers.
        var attribution = firstAttribution
        var attributedData = data
        if refineReadsFailures, attribution != nil {
            options.progress?.begin("attribution with policy results", total: 0, unit: "")
            attribution = try attributeAgain(packs: packs, params: params, asOf: asOf, base: base, failures: failures,
                                             proficiency: proficiency, references: references, limits: options.limits)
            attributedData = data.adding(attribution.map { DenialColumns.columns($0, base) } ?? [:])
        }
        // KPIs may read `clean`, which needs the policies' results.
        let clean = CleanColumn.column(attributedData, policies: policies, definitions: definitions, params: params)
        let measured = clean.map { attributedData.adding(["claims": ["clean": $0]]) } ?? attributedData
        let database = LuaDatabase(measured, failures: failures)
        let kpis = try KPIRun(packs: packs, params: params, asOf: asOf, data: measured, database: database, references: references,
                              proficiency: proficiency, policies: policies, definitions: definitions, failures: failures, options: options)
            .evaluate(definitions.filter { $0.kind == "kpi" })
        let impact = Proficiency.impact(attributedData, policies: policies, definitions: definitions, people: proficiency)
        return RunResults(toolVersion: options.toolVersion, asOf: asOf, startedAt: options.startedAt, packs: packs, scripts: scripts,
                          params: params, quality: quality, definitions: definitions, policies: policies, kpis: kpis,
                          attribution: attribution, proficiency: proficiency, impact: impact, loadLogs: loadLogs, data: attributedData,
                          references: references, derived: derived, thresholdErrors: thresholdErrors)
    }
}

extension EngineRun {
    /// Denial attribution once more, in a state of its own, with the policies' failures
    /// readable (`row.failures`, `row:failed` in refine) and the proficiency already evaluated.
    private static func attributeAgain(packs: [LoadedPack], params: ParamSet, asOf: Int32, base: EngineData, failures: FailureIndex,
                                       proficiency: [StaffProficiency], references: ReferenceSet,
                                       limits: SandboxLimits) throws -> AttributionOutcome? {
        let database = LuaDatabase(base, failures: failures)
        return try LuaThread(name: "upstream.refine").run {
            let state = try LuaState(limits: limits)
            let loaded = try PackLoader(state: state, params: params, asOf: asOf, facts: base.facts, references: references).load(packs)
            _ = state.takeOutput()   // the load's log lines were kept from the first load
            let tables = try database.register(in: state, proficiency: proficiency)
            return try attribute(base, definitions: loaded.definitions, state: state, tables: tables).outcome
        }
    }

    /// CARC, RARC and the packs' `refine` functions (run in `state`, which has `tables`); and
    /// whether a refine read the policies' failures before they were known.
    private static func attribute(_ base: EngineData, definitions: [Definition], state: LuaState,
                                  tables: [String: RegisteredTable]) throws -> (outcome: AttributionOutcome?, readFailuresEarly: Bool) {
        let refiner = try Refiner(state: state, definitions: definitions, tables: tables, store: base.store)
        var outcome = DenialAttribution.attribute(base, rules: try AttributionRules(definitions), refine: refiner?.refine)
        outcome?.refineErrors = refiner?.errors ?? []
        return (outcome, refiner?.readFailuresEarly ?? false)
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
