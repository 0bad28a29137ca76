import ArgumentParser
import DataModel
import Ingest
import LuaRuntime
import Packs

/// Options every command that reads exports shares (SPEC section 1), and the reading itself:
/// canonical, or through the packs' mappings on a Lua thread (their `transform`s run in the
/// state that loaded them).
struct DataOptions: ParsableArguments {
    @Option(name: .customLong("data"), parsing: .singleValue, help: "A directory of exports or one export file (repeatable).")
    var data: [String] = []

    @Option(name: .customLong("max-reject-rate"), help: "Fail (exit 4) when a file rejects more than this share of its rows.")
    var maxRejectRate: Double = 0.01

    @Option(name: .customLong("max-record-bytes"), help: "Reject records longer than this many bytes.")
    var maxRecordBytes: Int = 1 << 20

    @Option(help: "Write every rejected row verbatim and every field issue to this CSV (mode 0600).")
    var rejects: String?

    func validate() throws {
        guard !data.isEmpty else { throw ValidationError("give at least one --data PATH") }
        guard maxRejectRate >= 0, maxRejectRate <= 1 else { throw ValidationError("--max-reject-rate must be between 0 and 1") }
        guard maxRecordBytes >= 1 else { throw ValidationError("--max-record-bytes must be positive") }
    }

    /// What reading produced, with the packs it read through.
    struct Loaded {
        var packs: [LoadedPack] = []
        var params: ParamSet?
        /// As loaded for reading; the engine takes them instead of loading the packs again.
        var definitions: [Definition] = []
        var scripts: [String: [PackScript]] = [:]
        /// With the packs' `field{}` extras typed: `quality` holds their field issues.
        var ingest: IngestResult
    }

    /// Reads the exports (through the packs: `PackIngest`, which also types their `field{}`
    /// extras, so `validate`, `run` and `--rejects` see the same field issues); pack and data
    /// errors print and become their exit codes.
    func read(packs directories: [String], packOptions: PackOptions, jobs: Int, limits: SandboxLimits = SandboxLimits(),
              progress: RunProgress? = nil) throws -> Loaded {
        let options = IngestOptions(jobs: jobs, maxRejectRate: maxRejectRate, maxRecordBytes: maxRecordBytes, progress: progress)
        do {
            if directories.isEmpty { return Loaded(ingest: try Ingestor.read(paths: data, options: options)) }
            return try LuaThread(name: "upstream.read").run {
                let packs = try PackResolver(search: packOptions.searchPath).resolve(directories)
                let params = try ParamSet(packs: packs, overrides: packOptions.params)
                let read = try PackIngest.read(paths: data, packs: packs, params: params, limits: limits, options: options)
                return Loaded(packs: packs, params: params, definitions: read.definitions, scripts: read.scripts, ingest: read.ingest)
            }
        } catch let error as PackError {
            printError("error: \(error)")
            throw ExitCode(error.exitCode)
        } catch let error as IngestError {
            printError("error: \(error)")
            throw ExitCode(error.exitCode)
        }
    }

    /// Writes `--rejects` (rejected rows and field issues, `field{}` ones included) and enforces
    /// `--max-reject-rate` (exit 4), after the report is out.
    func finish(_ quality: DataQuality) throws {
        if let rejects {
            do { try RejectsWriter.write(quality, to: rejects) } catch {
                printError("error: \(error)")
                throw ExitCode(error.exitCode)
            }
        }
        let over = quality.filesOverRejectRate(maxRejectRate)
        for account in over {
            printError("error: " + IngestError.rejectRateExceeded(file: account.file, rejected: account.rejected,
                                                                 rows: account.rows, limit: maxRejectRate).description)
        }
        if !over.isEmpty { throw ExitCode(4) }
    }
}
