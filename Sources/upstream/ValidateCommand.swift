import ArgumentParser
import DataModel
import Ingest
import Packs
#if canImport(Glibc)
import Glibc
#endif

/// `upstream validate`: ingest only, then report the accounting of every row.
struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Read exports and account for every row: rejects, field issues, referential gaps.",
        discussion: """
            Each --data DIR supplies DIR/<dataset>.csv, .json or .ndjson with canonical headers; \
            a --data FILE is the dataset its name says; several --data paths are read in order. \
            With --pack, the packs' mappings read other layouts (their file globs are matched in \
            every --data directory) and their field{} declarations type extra columns: a value \
            that does not fit is a field issue, as `upstream run` reports it (and --rejects \
            writes it).

            Exit codes: 0 ok, 2 usage, 3 invalid pack, 4 invalid data (a file a mapping names is \
            missing, a required column missing, a duplicate header, a file's reject rate over \
            --max-reject-rate).

            Examples:
              upstream validate --data exports/ --format json --rejects rejects.csv
              upstream validate --pack plugins/synthea --data synthea/csv/
            """
    )

    @OptionGroup var dataOptions: DataOptions

    @Option(name: .customLong("pack"), parsing: .singleValue, help: "A pack whose mappings and field{} types read the exports (repeatable).")
    var packs: [String] = []

    @OptionGroup var packOptions: PackOptions

    @Option(help: "Output format: text or json (the report's data_quality object).")
    var format: String = "text"

    @Option(help: "Threads for reading (default: cores). Results never depend on it.")
    var jobs: Int = IngestOptions.defaultJobs

    func run() throws {
        guard format == "text" || format == "json" else { throw usage("--format must be text or json, not '\(format)'") }
        guard jobs >= 1 else { throw usage("--jobs must be at least 1") }
        let display = ProgressDisplay.start()
        let result: IngestResult
        do {
            defer { display?.finish() }
            result = try dataOptions.read(packs: packs, packOptions: packOptions, jobs: jobs, progress: display?.progress).ingest
        }
        let quality = result.quality
        print(format == "json" ? quality.json().rendered() : ValidateReport.text(quality, store: result.store))
        try dataOptions.finish(quality)
    }

    private func usage(_ message: String) -> ExitCode {
        printError("error: \(message)")
        return ExitCode(2)
    }
}

/// Diagnostics go to stderr (file descriptor 2), reports to stdout.
func printError(_ message: String) {
    var bytes = Array((message + "\n").utf8)
    _ = bytes.withUnsafeMutableBytes { write(2, $0.baseAddress!, $0.count) }
}
