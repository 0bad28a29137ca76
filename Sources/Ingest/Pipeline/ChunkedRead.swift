import Crypto
import DataModel

/// The part every reader shares: parse chunks on `jobs` threads, merge them in file order
/// (re-parsing where a chunk started mid-record), hash the whole file over the same bytes, and
/// hand parsed pages back to the system as they are done.
enum ChunkedRead {
    /// Returns the file's SHA-256 in hex; `merger` holds the accounting afterwards.
    static func run(file: MappedFile, headerEnd: Int, starts: [Int], jobs: Int, progress: RunProgress?, plan: ReadPlan, merger: inout ChunkMerger,
                    parse: @escaping @Sendable (Int, Int, OutputPool) -> ChunkOutput) -> String {
        let b = file.base
        var hasher = SHA256()
        hasher.update(bufferPointer: UnsafeRawBufferPointer(start: b, count: headerEnd))
        progress?.advance(by: Int64(headerEnd))
        let ends = Array(starts.dropFirst()) + [file.count]
        let pool = OutputPool(plan: plan)
        defer { pool.drain() }
        let pipeline = ChunkPipeline<ChunkOutput>(count: starts.count, jobs: jobs)
        pipeline.run(jobs: jobs, work: { index in
            file.populate(starts[index]..<ends[index])
            return parse(starts[index], ends[index], pool)
        }) { index, output in
            hasher.update(bufferPointer: UnsafeRawBufferPointer(start: b + starts[index], count: ends[index] - starts[index]))
            merger.consume(output, chunkEnd: ends[index], pool: pool) { parse($0, $1, pool) }
            file.release(starts[index]..<ends[index])
            progress?.advance(by: Int64(ends[index] - starts[index]))
        }
        return hasher.finalize().map { CSVFileReader.hex($0) }.joined()
    }
}
