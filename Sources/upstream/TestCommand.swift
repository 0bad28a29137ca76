import ArgumentParser
import Foundation
import LuaRuntime
import PackTesting
import Packs

/// `upstream test`: run pack tests (SPEC section 3, "Pack tests").
struct TestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "test",
        abstract: "Run pack tests: every test_* function of tests/*_test.lua (default: every shipped pack).",
        discussion: """
            Each upstream.run{…} in a test runs the pack, with its requirements, as `upstream run` \
            would, once with one job and once with two; the test fails when the reports differ. \
            --coverage lists the policies, KPIs and thresholds no test exercised (a policy that \
            never failed or never passed in any test is half covered).

            Exit codes: 0 every test passed (or there were none), 1 a test failed, 2 usage, \
            3 invalid pack.

            Example:
              upstream test packs/riverside --pack-path packs/
              upstream test packs/riverside --coverage --format json
            """
    )

    @Argument(help: "Pack directories (each holds pack.lua); default: every shipped pack.")
    var packs: [String] = []

    @OptionGroup var options: PackOptions

    @Option(help: "Output format: text or json.")
    var format: String = "text"

    @Flag(help: "List the definitions no test exercised.")
    var coverage = false

    @Option(help: "Stop after this many seconds.")
    var timeout: Double = 3600

    func run() throws {
        guard format == "text" || format == "json" else { throw usage("--format \(format) is not available; use text or json") }
        guard timeout > 0 else { throw usage("--timeout must be positive") }
        let search = options.searchPath
        var directories = packs
        if directories.isEmpty {
            guard let shipped = search.shipped else {
                throw usage("no shipped packs were found beside this executable; name the pack directories to test")
            }
            directories = ShippedPackList.packs(in: shipped)
        }
        let limits = SandboxLimits(deadlineNanoseconds: SandboxLimits.deadline(secondsFromNow: timeout))
        let report: PackTestReport
        do {
            report = try PackTestRunner.run(packs: directories, options: PackTestOptions(
                search: search, params: options.params, limits: limits, toolVersion: Upstream.configuration.version))
        } catch let error as PackError {
            printError("error: \(error)")
            throw ExitCode(error.exitCode)
        } catch let error as ScriptError {
            printError("error: \(error)")
            throw ExitCode(3)
        }
        for result in report.results {
            for line in result.output.prefix(100) { printError("log: \(result.file) \(result.name): \(line)") }
        }
        print(format == "json" ? report.json(coverage: coverage) : report.text(coverage: coverage), terminator: "")
        if report.failed > 0 { throw ExitCode(1) }
    }

    private func usage(_ message: String) -> ExitCode {
        printError("error: \(message)")
        return ExitCode(2)
    }
}

/// The packs in the shipped packs directory: its subfolders holding pack.lua, sorted.
enum ShippedPackList {
    static func packs(in directory: String) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        return names.sorted().map { directory + "/" + $0 }.filter { FileManager.default.fileExists(atPath: $0 + "/pack.lua") }
    }
}
