import DataModel
import Foundation
import LuaRuntime
import Packs

/// Evaluates policies over the data on `--jobs` workers. Each dataset is cut into chunks of a
/// fixed number of rows, whatever the job count; workers take chunks as they free up, and the
/// outcomes are merged in chunk order, so the result is the same for any `--jobs`.
public final class PolicyRun: Sendable {
    public static let defaultChunkRows = 8_192

    private let workers: [Worker]
    let data: EngineData
    private let chunkRows: Int
    private let asOf: Int32?
    private let progress: RunProgress?

    /// `chunkRows` is fixed per run (tests make it small); it never depends on `jobs`.
    public init(packs: [LoadedPack], params: ParamSet, data: EngineData, jobs: Int, chunkRows: Int = PolicyRun.defaultChunkRows,
                limits: SandboxLimits = SandboxLimits(), cancellation: CancellationToken? = nil, asOf: Int32? = nil,
                references: ReferenceSet = .empty, progress: RunProgress? = nil) {
        self.asOf = asOf
        self.progress = progress
        let database = LuaDatabase(data)
        self.data = data
        self.chunkRows = max(1, chunkRows)
        workers = (0..<max(1, jobs)).map {
            Worker(index: $0, packs: packs, params: params, database: database, limits: limits, cancellation: cancellation, asOf: asOf,
                   references: references)
        }
    }

    /// Outcomes of the policies named, in the order given.
    public func evaluate(_ policies: [Definition]) throws -> [PolicyOutcome] {
        let rows = policies.compactMap { $0.table["dataset"]?.string }.reduce(0) { $0 + (data.store.table($1)?.rowCount ?? 0) }
        progress?.begin("policies", total: Int64(rows), unit: "rows")
        return try policies.map { try evaluate($0) }
    }

    func evaluate(_ policy: Definition) throws -> PolicyOutcome {
        guard let id = policy.id, let dataset = policy.table["dataset"]?.string else { return PolicyOutcome(id: policy.id ?? "") }
        guard let table = data.store.table(dataset) else {
            return PolicyOutcome(id: id, skipped: "\(dataset) not in the data")
        }
        let data = self.data, asOf = self.asOf
        let parts = try chunks(of: data.evaluatedRowCount(table)) { worker, range -> PolicyOutcome in
            var parts: [PolicyOutcome] = []
            var range = range
            repeat {   // a breach ends a state, not the chunk: go on after that row
                let state = try worker.liveState()
                guard let definition = worker.definitions[id], let rows = worker.tables[dataset] else { break }
                let evaluator = PolicyEvaluator(state: state, data: data, table: table, rows: rows, definition: definition, asOf: asOf)
                let part = evaluator.evaluate(rows: range)
                parts.append(part)
                range = (part.resumeAt ?? range.upperBound)..<range.upperBound
            } while !range.isEmpty && parts.last?.resumeAt != nil
            return Self.merge(parts, id: id)
        }
        return Self.merge(parts, id: id)
    }

    /// Runs `work` over fixed chunks of `rowCount` rows on the workers' threads and returns
    /// the parts in chunk order, whatever the number of workers.
    func chunks<Part>(of rowCount: Int, _ work: @escaping @Sendable (Worker, Range<Int>) throws -> Part) throws -> [Part] {
        let chunks = stride(from: 0, to: rowCount, by: chunkRows).map { $0..<min($0 + chunkRows, rowCount) }
        let results = ChunkResults<Part>(count: chunks.count)
        let next = ChunkCounter()
        let failure = FirstError()
        let progress = self.progress
        DispatchQueue.concurrentPerform(iterations: workers.count) { index in
            let worker = workers[index]
            do {
                try worker.thread.run {
                    while let chunk = next.take(below: chunks.count) {
                        results.set(chunk, try work(worker, chunks[chunk]))
                        progress?.advance(by: Int64(chunks[chunk].count))
                    }
                }
            } catch {
                failure.set(error)
            }
        }
        if let error = failure.error { throw error }
        return results.values
    }

    /// Chunk outcomes in chunk order: counts add, failures and error records concatenate;
    /// the first chunk that skipped decides the reason; errors over the limit disable.
    static func merge(_ parts: [PolicyOutcome], id: String) -> PolicyOutcome {
        var merged = PolicyOutcome(id: id)
        for part in parts {
            if let skipped = part.skipped {
                var skippedOutcome = PolicyOutcome(id: id, skipped: skipped)
                skippedOutcome.logs = merged.logs + part.logs
                return skippedOutcome
            }
            merged.evaluated += part.evaluated
            merged.evaluatedRows.formUnion(part.evaluatedRows)
            merged.logs += part.logs
            merged.failures += part.failures
            for group in part.errors { merged.errors.merge(group) }
            merged.rowErrors += part.rowErrors
            if merged.disabled == nil { merged.disabled = part.disabled }
        }
        if merged.disabled == nil, merged.errorCount >= PolicyEvaluator.disableAfterErrors {
            merged.disabled = "callbacks failed on \(merged.errorCount) rows"
        }
        if merged.disabled != nil { merged.failures = [] }
        return merged
    }
}
