import DataModel
import Foundation
import LuaRuntime
import Packs

/// The KPI phase on `jobs` threads: each thread has its own state with the packs loaded and
/// every table registered, takes KPIs one at a time, and the outcomes are kept in definition
/// order. The measures' row callbacks go through a `KPICallPool`, which spreads them in fixed
/// chunks over every thread, each with a second state for them. A KPI's outcome depends only on
/// the KPI (`math.random` is seeded per record, chunks join in chunk order, log lines are taken
/// per KPI), so it is the same whichever thread computed it. A state a KPI's `value` breached is
/// replaced before the next KPI.
struct KPIRun {
    let packs: [LoadedPack]
    let params: ParamSet
    let asOf: Int32
    let data: EngineData
    let database: LuaDatabase
    let references: ReferenceSet
    let proficiency: [StaffProficiency]
    let policies: [PolicyOutcome]
    let definitions: [Definition]
    let failures: FailureIndex
    let options: EngineRun.Options

    /// The outcomes of `kpis` (definitions from the run's own load), in that order.
    func evaluate(_ kpis: [Definition]) throws -> [KPIOutcome] {
        let ids = kpis.compactMap(\.id)
        guard !ids.isEmpty else { return [] }
        options.progress?.begin("KPIs", total: Int64(ids.count), unit: "KPIs")
        let outcomes = ChunkResults<KPIOutcome>(count: ids.count)
        let next = ChunkCounter()
        let failure = FirstError()
        // Every thread, even with fewer KPIs than threads: the idle ones call other KPIs' rows.
        let threads = (0..<max(1, options.jobs)).map { LuaThread(name: "upstream.kpis.\($0)") }
        let pool = KPICallPool(threads: threads.count, chunkRows: options.chunkRows)
        DispatchQueue.concurrentPerform(iterations: threads.count) { index in
            do {
                try threads[index].run {
                    let caller = ChunkCaller { try loadState() }
                    do {
                        var worker: Worker?
                        while let i = next.take(below: ids.count) {
                            if worker == nil || worker!.state.breach != nil {
                                try RunStopped.check(worker?.state)
                                worker = try Worker(self)
                            }
                            outcomes.set(i, try worker!.evaluate(ids[i], run: self, pool: pool, caller: caller))
                            options.progress?.advance(by: 1)
                        }
                    } catch {
                        failure.set(error)
                    }
                    pool.help(on: caller)
                }
            } catch {
                failure.set(error)
            }
        }
        if let error = failure.error { throw error }
        return outcomes.values
    }

    /// A state of the KPI phase: the packs loaded (definitions by id), every table registered
    /// with staff proficiency, and an as-of clock of its own that month-end snapshots move.
    struct LoadedState {
        let state: LuaState
        let clock: AsOfClock
        let definitions: [String: Definition]
        /// Disabled definition ids → the pack that disabled them.
        let disabled: [String: String]
        let tables: [String: RegisteredTable]
    }

    /// A fresh state for KPIs or for chunks of their row callbacks.
    func loadState() throws -> LoadedState {
        let state = try LuaState(limits: options.limits)
        let clock = AsOfClock(asOf)
        let loaded = try PackLoader(state: state, params: params, asOf: asOf, facts: data.facts, references: references,
                                    clock: clock).load(packs)
        _ = state.takeOutput()   // the load's lines were kept from the first load
        return LoadedState(state: state, clock: clock, definitions: loaded.definitions.byID, disabled: loaded.disabled,
                           tables: try database.register(in: state, proficiency: proficiency))
    }

    /// One thread's state, loaded and ready to evaluate any KPI by id.
    private struct Worker {
        let state: LuaState
        let clock: AsOfClock
        let byID: [String: Definition]
        let failedRows: FailedRows
        let tables: [String: RegisteredTable]
        let caller: LuaReference?

        init(_ run: KPIRun) throws {
            let loaded = try run.loadState()
            state = loaded.state
            clock = loaded.clock
            byID = loaded.definitions
            failedRows = FailedRows(index: run.failures, policies: run.policies, definitions: run.definitions, disabled: loaded.disabled)
            tables = loaded.tables
            let helper = try state.makeEnvironment(pack: "upstream-engine")
            if case .function(let caller)? = try state.run(KPIEvaluator.valueCaller, chunk: "upstream/kpi.lua", in: helper).first {
                self.caller = caller
            } else {
                caller = nil
            }
        }

        /// Throws when a state for the KPI's row callbacks could not be made.
        func evaluate(_ id: String, run: KPIRun, pool: KPICallPool, caller chunkCaller: ChunkCaller) throws -> KPIOutcome {
            guard let definition = byID[id] else { return KPIOutcome(id: id) }
            _ = state.takeReadMarks()
            let rowCalls = PooledRowCalls(pool: pool, caller: chunkCaller, state: state)
            var outcome = KPIEvaluator(state: state, data: run.data, tables: tables, definition: definition, asOf: run.asOf, caller: caller,
                                       clock: clock, failures: failedRows, rowCalls: rowCalls).evaluate()
            if let failure = rowCalls.failure { throw failure }
            let readClean = (state.takeReadMarks() | rowCalls.marks) & LuaRows.cleanReadMark != 0
            if outcome.skipped == nil {
                outcome.partial += CleanPartial.notes(for: definition, readInCallback: readClean, policies: run.policies,
                                                      definitions: run.definitions)
            }
            // A log line names its record when every measure of the KPI reads one dataset.
            let datasets = Set(KPIEvaluator.datasets(of: definition))
            let table = datasets.count == 1 ? run.data.store.table(datasets.first!) : nil
            outcome.logs = (rowCalls.logs + state.takeOutput()).map { line in
                (record: line.row.flatMap { row in table.map { $0.recordID(row) } } ?? "", message: line.text)
            }
            return outcome
        }
    }
}
