import DataModel

/// Limits and parallelism for reading; the defaults are SPEC section 1's.
public struct IngestOptions: Sendable {
    /// Threads that parse chunks; results never depend on it.
    public var jobs: Int
    /// A file whose rejected/rows exceeds this fails with exit 4.
    public var maxRejectRate: Double
    /// A record longer than this is rejected line by line and reading resumes after it.
    public var maxRecordBytes: Int
    /// Bytes per chunk; boundaries depend only on this and the file, never on `jobs`.
    public var chunkBytes: Int
    /// Advanced by the bytes parsed, for the progress display; nil when nobody watches.
    public var progress: RunProgress?

    public init(jobs: Int = IngestOptions.defaultJobs, maxRejectRate: Double = 0.01,
                maxRecordBytes: Int = 1 << 20, chunkBytes: Int = 2 << 20, progress: RunProgress? = nil) {
        self.progress = progress
        self.jobs = max(1, jobs)
        self.maxRejectRate = maxRejectRate
        self.maxRecordBytes = max(1, maxRecordBytes)
        self.chunkBytes = max(1, chunkBytes)
    }

    public static var defaultJobs: Int { max(1, sysconf(Int32(_SC_NPROCESSORS_ONLN))) }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
