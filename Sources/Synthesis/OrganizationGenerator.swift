import Foundation

/// Generates a synthetic organization's exports in the canonical CSV layout (SPEC section 5).
///
/// Output depends only on `GeneratorOptions`: each encounter draws from its own random stream
/// keyed by seed and encounter number, so chunking never changes a byte.
public struct OrganizationGenerator: Sendable {
    /// What was written, for the command's summary line.
    public struct Summary: Sendable {
        public var bytesPerFile: [(file: String, bytes: Int)] = []
        public var totalBytes: Int { bytesPerFile.reduce(0) { $0 + $1.bytes } }
    }

    public let options: GeneratorOptions
    /// Encounters generated between flushes; large enough to amortise the writes.
    static let chunkSize = 4096

    public init(options: GeneratorOptions) throws {
        guard options.encounters >= 1 else { throw GeneratorError.invalidOptions("--encounters must be at least 1") }
        guard (1...120).contains(options.months) else {
            throw GeneratorError.invalidOptions("--months must be between 1 and 120")
        }
        self.options = options
    }

    /// Writes every dataset into `directory` (created if needed). `progress` receives the number
    /// of encounters done and the total after each chunk.
    public func generate(into directory: String,
                         progress: ((Int, Int) -> Void)? = nil) throws -> Summary {
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw GeneratorError.cannotCreateDirectory(path: directory, reason: error.localizedDescription)
        }
        var files: [CanonicalDataset: OutputFile] = [:]
        for dataset in CanonicalDataset.allCases {
            files[dataset] = try OutputFile(path: directory + "/" + dataset.fileName)
        }

        var builder = RosterBuilder(options: options)
        let hired = builder.build()
        let people = StaffRecordsWriter(options: options, roster: hired)
        try people.writeStaff(to: files[.staff]!)
        let improvedFrom = try people.writeTrainingAndAssessments(training: files[.training]!,
                                                                 assessments: files[.assessments]!)
        try EngagementWriter(options: options, roster: hired).write(to: files[.engagement]!)
        try PatientProfile.write(options: options, to: files[.patients]!)
        // Encounters see the roster as training left it: remediated people improve from the day
        // they completed remediation.
        try writeEncounters(roster: hired.remediated(improvedFrom), files: files, progress: progress)

        var summary = Summary()
        for dataset in CanonicalDataset.allCases {
            summary.bytesPerFile.append((dataset.fileName, files[dataset]!.bytesWritten))
        }
        return summary
    }

    private func writeEncounters(roster: Roster, files: [CanonicalDataset: OutputFile],
                                 progress: ((Int, Int) -> Void)?) throws {
        let chunks = EncounterChunkGenerator(options: options, roster: roster)
        let headers = EncounterRowWriter.Buffers(capacity: 4096)
        headers.encounters.header(CanonicalDataset.encounters.header)
        headers.charges.header(CanonicalDataset.charges.header)
        headers.claims.header(CanonicalDataset.claims.header)
        headers.remits.header(CanonicalDataset.remits.header)
        headers.adjustments.header(CanonicalDataset.adjustments.header)
        headers.payments.header(CanonicalDataset.payments.header)
        headers.workqueue.header(CanonicalDataset.workqueue.header)
        try flush(headers, to: files)

        // Rounds of one chunk per worker: workers fill their own buffers in parallel, then the
        // buffers are written in chunk order, so the bytes never depend on the worker count.
        let total = options.encounters
        let workers = max(1, min(workerCount, (total + Self.chunkSize - 1) / Self.chunkSize))
        let slots = (0..<workers).map { _ in EncounterRowWriter.Buffers() }
        var first = 1
        while first <= total {
            let roundStart = first
            let ranges = (0..<workers).compactMap { worker -> ClosedRange<Int>? in
                let low = roundStart + worker * Self.chunkSize
                return low <= total ? low...min(low + Self.chunkSize - 1, total) : nil
            }
            if ranges.count == 1 {
                chunks.generate(ranges[0], into: slots[0])
            } else {
                DispatchQueue.concurrentPerform(iterations: ranges.count) { worker in
                    chunks.generate(ranges[worker], into: slots[worker])
                }
            }
            for worker in ranges.indices { try flush(slots[worker], to: files) }
            first = ranges[ranges.count - 1].upperBound + 1
            progress?(first - 1, total)
        }
    }

    /// Threads used for encounter generation: as asked, else the machine's cores.
    private var workerCount: Int { options.workers ?? ProcessInfo.processInfo.activeProcessorCount }

    private func flush(_ buffers: EncounterRowWriter.Buffers,
                       to files: [CanonicalDataset: OutputFile]) throws {
        try files[.encounters]!.write(buffers.encounters)
        try files[.charges]!.write(buffers.charges)
        try files[.claims]!.write(buffers.claims)
        try files[.remits]!.write(buffers.remits)
        try files[.adjustments]!.write(buffers.adjustments)
        try files[.payments]!.write(buffers.payments)
        try files[.workqueue]!.write(buffers.workqueue)
    }
}
