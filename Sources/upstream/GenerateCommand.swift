import ArgumentParser
import Foundation
import Synthesis

/// `upstream generate`: writes a seeded synthetic organization in the canonical CSV layout,
/// for the demo, tests and benchmarks (SPEC section 1).
struct GenerateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Write a seeded synthetic organization's exports in the canonical CSV layout.",
        discussion: """
            Writes staff, patients, encounters, charges, claims, remits, adjustments, payments, \
            training, assessments, workqueue and engagement as CSV files into --out. The same \
            options always produce the same bytes. Service dates cover --months calendar months \
            ending on 2025-12-31; records dated later (remits, payments) are not in the extract. \
            Denials carry the CARC of their upstream cause, and each person's error rates rise \
            as their proficiency falls: see docs/generate.md. Exit codes: 0 ok, 2 usage (bad \
            option values, or --out cannot be created or written).

            Example:
              upstream generate --out demo-data --encounters 20000 --seed 7
            """
    )

    @Option(name: .long, help: "Directory to write the CSV files into (created if missing).")
    var out: String

    @Option(name: .long, help: "Number of encounters over the whole window.")
    var encounters: Int = 5000

    @Option(name: .long, help: "Seed of the generator; the same seed gives the same bytes.")
    var seed: UInt64 = 1

    @Option(name: .long, help: "Length of the service window in calendar months (1–120).")
    var months: Int = 12

    func run() throws {
        let options = GeneratorOptions(encounters: encounters, seed: seed, months: months)
        let showProgress = isatty(STDERR_FILENO) == 1
        let summary: OrganizationGenerator.Summary
        do {
            summary = try OrganizationGenerator(options: options).generate(into: out) { done, total in
                guard showProgress else { return }
                FileHandle.standardError.write(Data("\rgenerating encounters: \(done)/\(total)".utf8))
            }
        } catch let error as GeneratorError {
            if showProgress { FileHandle.standardError.write(Data("\n".utf8)) }
            printError("error: \(error)")
            throw ExitCode(2)
        }
        if showProgress { FileHandle.standardError.write(Data("\n".utf8)) }
        let megabytes = (Double(summary.totalBytes) / 100_000).rounded() / 10
        printError("wrote \(summary.bytesPerFile.count) files, \(megabytes) MB, to \(out)")
    }
}
