import DataModel
import Ingest
#if canImport(Glibc)
import Glibc
#endif

/// `ingest-bench [--encounters N] [--dir DIR] [--jobs N] [--chunk-bytes N] [--regenerate]`
///
/// Writes a synthetic canonical organization (once per directory), then times
/// `Ingestor.read` over it and prints MB/s, rows/s per dataset and peak RSS (VmHWM, which
/// counts file-backed pages too). Run in release: `swift run -c release ingest-bench`.
var encounters = 1_000_000
var dir: String?
var jobs = IngestOptions.defaultJobs
var regenerate = false
var chunkBytes = IngestOptions().chunkBytes
var arguments = CommandLine.arguments.dropFirst().makeIterator()
while let argument = arguments.next() {
    switch argument {
    case "--encounters": encounters = Int(arguments.next() ?? "") ?? encounters
    case "--dir": dir = arguments.next()
    case "--jobs": jobs = Int(arguments.next() ?? "") ?? jobs
    case "--regenerate": regenerate = true
    case "--chunk-bytes": chunkBytes = Int(arguments.next() ?? "") ?? chunkBytes
    default:
        print("usage: ingest-bench [--encounters N] [--dir DIR] [--jobs N] [--chunk-bytes N] [--regenerate]")
        exit(2)
    }
}
let directory = dir ?? "/tmp/upstream-bench-\(encounters)"
mkdir(directory, 0o755)
if regenerate || access(directory + "/charges.csv", F_OK) != 0 {
    let started = MonotonicClock.now()
    var organization = SyntheticOrganization(encounters: encounters)
    let sizes = organization.write(to: directory)
    let total = sizes.reduce(0) { $0 + $1.1 }
    print("generated \(directory): \(format(Double(total) / 1e6, 1)) MB in \(format(MonotonicClock.now() - started, 2)) s")
}

let started = MonotonicClock.now()
let result = try Ingestor.read(paths: [directory], options: IngestOptions(jobs: jobs, chunkBytes: chunkBytes))
let elapsed = MonotonicClock.now() - started
let bytes = result.quality.inputs.reduce(0) { $0 + $1.bytes }
let rows = result.quality.inputs.reduce(0) { $0 + $1.rows }
print("ingest \(directory) with --jobs \(jobs)")
print("  \(pad("dataset", 12)) \(pad("MB", 9)) \(pad("rows", 10)) \(pad("s", 7)) \(pad("MB/s", 8)) \(pad("rows/s", 11))")
for input in result.quality.inputs {
    let mb = Double(input.bytes) / 1e6
    print("  \(pad(input.dataset, 12)) \(pad(format(mb, 1), 9)) \(pad("\(input.rows)", 10)) "
        + "\(pad(format(input.seconds, 3), 7)) \(pad(format(mb / input.seconds, 0), 8)) "
        + "\(pad(format(Double(input.rows) / input.seconds, 0), 11))")
}
let fileSeconds = result.quality.inputs.reduce(0) { $0 + $1.seconds }
print("  total: \(format(Double(bytes) / 1e6, 1)) MB, \(rows) rows in \(format(elapsed, 3)) s "
    + "(\(format(elapsed - fileSeconds, 3)) s sealing, ids and relations) = "
    + "\(format(Double(bytes) / 1e6 / elapsed, 0)) MB/s, \(format(Double(rows) / elapsed, 0)) rows/s")
print("  rejected \(result.quality.rejected.count), field issues \(result.quality.fieldIssues.count), "
    + "gaps \(result.quality.referentialGaps.map { "\($0.dataset).\($0.field)=\($0.rows)" })")
var tableBytes = 0, indexBytes = 0
for table in result.store.tables.values {
    tableBytes += (table.columns.compactMap { $0 } + table.extras).reduce(0) { $0 + $1.byteSize } + table.sourceLineBytes
}
indexBytes = result.store.relations.reduce(0) { $0 + $1.byteSize }
    + result.store.tables.values.reduce(0) { $0 + ($1.idIndex?.byteSize ?? 0) }
print("  memory held: columns \(format(Double(tableBytes) / 1_048_576, 0)) MiB, id and relation indexes "
    + "\(format(Double(indexBytes) / 1_048_576, 0)) MiB")
print("  phases: " + result.phases.map { "\($0.name) \(format($0.seconds, 3))s" }.joined(separator: ", "))
print("  peak RSS (VmHWM): \(peakRSS())")

print("  huge pages in use: \(procField("/proc/self/smaps_rollup", "AnonHugePages:"))")

/// VmHWM from /proc/self/status.
func peakRSS() -> String { procField("/proc/self/status", "VmHWM:") }

/// A `Name:  123 kB` field of a /proc file, in MiB.
func procField(_ path: String, _ key: String) -> String {
    guard let file = fopen(path, "r") else { return "unknown" }
    defer { fclose(file) }
    var line = [CChar](repeating: 0, count: 256)
    while fgets(&line, 256, file) != nil {
        let text = String(decoding: line.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        if text.hasPrefix(key) {
            let kb = Int(text.dropFirst(key.count).trimmingPrefix(while: { $0 == " " || $0 == "\t" }).prefix { $0.isNumber }) ?? 0
            return "\(format(Double(kb) / 1024, 0)) MiB"
        }
    }
    return "unknown"
}

func format(_ value: Double, _ decimals: Int) -> String {
    var scale = 1.0
    for _ in 0..<decimals { scale *= 10 }
    let rounded = (value * scale).rounded() / scale
    if decimals == 0 { return String(Int(rounded)) }
    var text = String(rounded)
    if let dot = text.firstIndex(of: ".") {
        let have = text.distance(from: dot, to: text.endIndex) - 1
        text += String(repeating: "0", count: max(0, decimals - have))
    }
    return text
}

func pad(_ text: String, _ width: Int) -> String {
    text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
}
