import DataModel

/// The part every reader shares: parse chunks on `jobs` threads, merge them in file order
/// (re-parsing where a chunk started mid-record), hash the whole file over the same bytes as they
/// are merged, and hand parsed pages back to the system as they are done.
enum ChunkedRead {
    /// `merger` holds the accounting afterwards; `digest` names the file among the read's
    /// inputs (nil: bytes made in memory, which their reader hashes at the source).
    static func run(file: MappedFile, headerEnd: Int, starts: [Int], jobs: Int, progress: RunProgress?, plan: ReadPlan,
                    digest: InputDigests.Input?, merger: inout ChunkMerger,
                    parse: @escaping @Sendable (Int, Int, OutputPool) -> ChunkOutput) {
        digest?.hash(through: headerEnd)
        progress?.advance(by: Int64(headerEnd))
        let ends = Array(starts.dropFirst()) + [file.count]
        let pool = OutputPool(plan: plan)
        defer { pool.drain() }
        let pipeline = ChunkPipeline<ChunkOutput>(count: starts.count, jobs: jobs)
        // Where the merge is the slowest link, a parsing thread with nothing to claim hashes.
        var hashAhead: (@Sendable (Int) -> Bool)?
        if let digest { hashAhead = { claimed in digest.hashNext(ends: ends, before: claimed) } }
        pipeline.run(jobs: jobs, work: { index in
            file.populate(starts[index]..<ends[index])
            return parse(starts[index], ends[index], pool)
        }, whileBlocked: hashAhead) { index, output in
            digest?.hash(through: ends[index])
            merger.consume(output, chunkEnd: ends[index], pool: pool) { parse($0, $1, pool) }
            file.release(starts[index]..<ends[index])
            progress?.advance(by: Int64(ends[index] - starts[index]))
        }
    }
}
