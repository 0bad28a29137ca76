import LuaRuntime
import Packs

/// What `upstream test` is given besides the packs.
public struct PackTestOptions: Sendable {
    /// Where `requires` are looked up, as for `upstream run`.
    public var search: PackSearchPath
    /// `--param` texts; a test's own params come after them and have the last word.
    public var params: [String]
    /// The sandbox limits of every test state and every run (a test gets one callback's budget).
    public var limits: SandboxLimits
    /// Each `upstream.run` runs once per job count; the reports must be identical.
    public var jobCounts: [Int]
    public var toolVersion: String
    /// `upstream.run` calls one test may make: each is a whole run per job count, so a loop
    /// over it would otherwise run until --timeout.
    public var maxRunsPerTest: Int

    public init(search: PackSearchPath, params: [String] = [], limits: SandboxLimits = SandboxLimits(),
                jobCounts: [Int] = [1, 2], toolVersion: String, maxRunsPerTest: Int = 100) {
        self.search = search
        self.params = params
        self.limits = limits
        self.jobCounts = jobCounts
        self.toolVersion = toolVersion
        self.maxRunsPerTest = maxRunsPerTest
    }
}

/// One test function's outcome.
public struct PackTestResult: Sendable, Equatable {
    /// `pack/tests/basic_test.lua`, as failures name it.
    public var file: String
    /// `test_…`, or `(load)` when the file itself could not be loaded.
    public var name: String
    public var passed: Bool
    /// Why it failed: the error with its place (`pack/tests/x_test.lua:12: expect_eq failed: …`).
    public var message: String?
    /// The line of the test file the failure points at, 0 when unknown.
    public var line: Int
    /// `upstream.run` calls the test made, each run once per job count.
    public var runs: Int
    /// Reports those runs produced (one per job count each), all compared.
    public var reports: Int
    /// print/log output of the test.
    public var output: [String]
}

/// Every test of one pack, and the pack's coverage.
public struct PackTestSuite: Sendable {
    public var pack: String
    public var path: String
    public var results: [PackTestResult]
    public var coverage: Coverage
}

/// `upstream test`'s outcome over all packs.
public struct PackTestReport: Sendable {
    public var suites: [PackTestSuite]

    public var results: [PackTestResult] { suites.flatMap(\.results) }
    public var passed: Int { results.filter(\.passed).count }
    public var failed: Int { results.count - passed }
}
