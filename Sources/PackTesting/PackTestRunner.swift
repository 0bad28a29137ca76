import LuaRuntime
import Packs

/// `upstream test`: for each pack, its requirements resolved as for `upstream run`, every
/// `test_*` function of `tests/*_test.lua`, sorted by file then name.
public enum PackTestRunner {
    /// Throws `PackError` when a pack cannot be resolved or loaded (exit 3; a bad `--param`, 2).
    /// Call from a plain thread: tests run on a Lua thread of their own.
    public static func run(packs directories: [String], options: PackTestOptions) throws -> PackTestReport {
        var suites: [PackTestSuite] = []
        for directory in directories {
            let thread = LuaThread(name: "upstream.test")
            suites.append(try thread.run { try suite(directory, options: options) })
        }
        return PackTestReport(suites: suites)
    }

    /// The tests of the pack at `directory`.
    static func suite(_ directory: String, options: PackTestOptions) throws -> PackTestSuite {
        let packs = try PackResolver(search: options.search, limits: options.limits).resolve([directory])
        let tested = packs.last!
        let params = try ParamSet(packs: packs, overrides: options.params)
        let loaded = try PackLoader(state: try LuaState(limits: options.limits), params: params).load(packs)
        let coverage = Coverage(definitions: loaded.definitions.filter { $0.pack == tested.name })
        let run = PackRun(packs: packs, tested: tested, options: options)
        var results: [PackTestResult] = []
        for path in try testFiles(tested) {
            let source = String(decoding: try tested.directory.read(path), as: UTF8.self)
            let file = TestFile(pack: tested, path: path, source: source, run: run, coverage: coverage, limits: options.limits)
            switch file.testNames() {
            case .unloadable(let failure): results.append(failure)
            case .tests(let names): results += names.map { file.run($0) }
            }
        }
        return PackTestSuite(pack: tested.name, path: tested.path, results: results, coverage: coverage)
    }

    /// `tests/*_test.lua` of the pack, sorted (none when it has no tests folder).
    static func testFiles(_ pack: LoadedPack) throws -> [String] {
        guard pack.directory.containsDirectory("tests") else { return [] }
        return try pack.directory.luaFiles(under: "tests").filter {
            $0.hasSuffix("_test.lua") && $0.split(separator: "/").count == 2
        }
    }
}
