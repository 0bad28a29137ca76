import Foundation
import Testing
import Engine
import LuaRuntime

/// `--timeout` stops the run: a callback that meets the deadline ends it with `RunStopped`,
/// rather than costing its row and going on, row after row, in fresh states (which left the
/// KPI disabled or the policy's errors counted, and the run going).
@Suite struct RunStoppedTests {
    static let files = [
        "charges.csv": "charge_id,encounter_id,service_date,posted_at,amount\n"
            + (0..<2_000).map { String(format: "C%04d,E1,2025-01-10,2025-01-12T10:00:00,10.00", $0) }.joined(separator: "\n") + "\n",
    ]

    @Test(arguments: ["policy", "kpi"]) func theDeadlineStopsTheRun(kind: String) async throws {
        // Each row spins for a few milliseconds: 2,000 rows take well past the deadline, which leaves
        // the run a second to read and load under a loaded machine.
        let spin = "function(ch) local n = 0 for i = 1, 300000 do n = n + i end return n < 0 end"
        let definitions = kind == "policy"
            ? "policy { id = \"SLOW\", title = \"Slow\", dataset = \"charges\", role = \"charge_capture\", check = \(spin) }"
            : "kpi { id = \"slow\", title = \"Slow\", unit = \"count\", numerator = count(\"charges\", \(spin)) }"
        await #expect(throws: RunStopped.self) {
            _ = try await runEngine(files: Self.files, definitions: definitions, jobs: 2, chunkRows: 16,
                                    limits: SandboxLimits(deadlineNanoseconds: SandboxLimits.deadline(secondsFromNow: 1)))
        }
    }
}
