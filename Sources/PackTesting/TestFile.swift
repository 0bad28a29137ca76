import DataModel
import LuaRuntime
import Packs

/// One `tests/*_test.lua` of a pack. Each test runs in a fresh sandboxed state (the test
/// file loaded after the prelude), so a breach or a global one test sets never reaches another.
struct TestFile {
    let pack: LoadedPack
    /// `tests/basic_test.lua`, relative to the pack.
    let path: String
    let source: String
    let run: PackRun
    let coverage: Coverage
    let limits: SandboxLimits

    enum Listing {
        case tests([String])
        case unloadable(PackTestResult)
    }

    /// `pack/tests/basic_test.lua`: the chunk name, so errors name it.
    var chunk: String { pack.name + "/" + path }

    /// The file's test functions, sorted; or the failure that kept the file from loading.
    func testNames() -> Listing {
        do {
            let (state, environment) = try makeState(counts: Counts())
            let listed = try state.run(TestPrelude.listing, chunk: "upstream/test-listing.lua", in: environment)
            let names = listed.first?.stringValue ?? ""
            return .tests(names.split(separator: "\n").map(String.init))
        } catch {
            return .unloadable(failure(name: "(load)", error: error, counts: Counts(), output: []))
        }
    }

    /// Runs one test function with one callback's budget.
    func run(_ name: String) -> PackTestResult {
        let counts = Counts()
        var state: LuaState?
        func output() -> [String] { state?.takeOutput().map(\.text) ?? [] }
        do {
            let (made, environment) = try makeState(counts: counts)
            state = made
            guard case .function(let test) = try made.global(name, in: environment) else {
                throw TestRunError("\(name) is not a function")
            }
            try made.call(test)
            return PackTestResult(file: chunk, name: name, passed: true, message: nil, line: 0, runs: counts.runs,
                                  reports: counts.reports, output: output())
        } catch {
            return failure(name: name, error: error, counts: counts, output: output())
        }
    }

    /// A failure with the test file's line: from the message's own `file:line:` prefix (expect_*
    /// and error() name the caller), else from where the error was raised when that is this file.
    private func failure(name: String, error: any Error, counts: Counts, output: [String]) -> PackTestResult {
        var message = "\(error)"
        var line = 0
        if let script = error as? ScriptError {
            // error(text, 2) in the prelude puts the test file's place in the message itself;
            // the place the error was raised (the prelude) would only hide it.
            if script.message.hasPrefix(chunk + ":") {
                message = script.breach.map { "\($0.rawValue): " + script.message } ?? script.message
            } else {
                message = script.description
                if script.chunk == chunk { line = script.line }
            }
        } else if let pack = error as? PackError {
            message = pack.description
        }
        if message.hasPrefix(chunk + ":"), let number = Int(message.dropFirst(chunk.count + 1).prefix { $0.isNumber }) {
            line = number
        }
        return PackTestResult(file: chunk, name: name, passed: false, message: message, line: line, runs: counts.runs,
                              reports: counts.reports, output: output)
    }

    /// A state with the prelude's helpers and the test file loaded.
    private func makeState(counts: Counts) throws -> (LuaState, LuaReference) {
        let state = try LuaState(limits: limits)
        let environment = try state.makeEnvironment(pack: pack.name)
        let request = RunRequest()
        try state.installHostFunction("__upstream_test_begin", in: nil, of: environment) { arguments in
            request.begin(fixture: arguments.first?.stringValue)
            return []
        }
        try state.installHostFunction("__upstream_test_cell", in: nil, of: environment) { arguments in
            guard arguments.count >= 2, let dataset = arguments[0].stringValue, case .integer(let row) = arguments[1] else {
                throw HostFunctionError("upstream.run: bad inline row")
            }
            let field = arguments.count > 2 ? arguments[2].stringValue : nil
            let value = arguments.count > 3 ? arguments[3].stringValue : nil
            return request.cell(dataset: dataset, row: Int(row), field: field, value: value).map { [.string($0)] } ?? []
        }
        try state.installHostFunction("__upstream_test_param", in: nil, of: environment) { arguments in
            if let text = arguments.first?.stringValue { request.params.append(text) }
            return []
        }
        let run = self.run
        let coverage = self.coverage
        try state.installHostFunction("__upstream_test_run", in: nil, of: environment) { arguments in
            counts.runs += 1
            let limit = run.options.maxRunsPerTest
            guard counts.runs <= limit else { return [.boolean(false), .string("a test may call upstream.run at most \(limit) times")] }
            do {
                // Another thread runs the pack: its states and workers never share this one's.
                let outcome = try LuaThread(name: "upstream.test.run").run {
                    try run.run(request.data, params: request.params, asOf: arguments.first?.stringValue)
                }
                counts.reports += outcome.reports
                coverage.record(outcome.results)
                return [.boolean(true), .string(outcome.chunk)]
            } catch {
                return [.boolean(false), .string("\(error)")]
            }
        }
        try state.run(TestPrelude.source, chunk: TestPrelude.chunkName, in: environment)
        try state.run(source, chunk: chunk, in: environment)
        return (state, environment)
    }
}

/// What one test's host functions counted.
final class Counts {
    var runs = 0
    var reports = 0
}
