import Foundation
import Testing
import LuaRuntime
@testable import Packs

@Suite struct ResolutionTests {
    @Test func requirementsLoadDepthFirstThenCommandLineOrder() async throws {
        let tree = try PackTree([
            "shipped/base/pack.lua": PackTree.manifest("base"),
            "lib/middle/pack.lua": PackTree.manifest("middle", requires: ["base"]),
            "org/riverside/pack.lua": PackTree.manifest("riverside", requires: ["middle", "base"]),
            "org/extra/pack.lua": PackTree.manifest("extra", requires: ["base"]),
        ])
        defer { tree.remove() }
        let search = PackSearchPath(packPath: [tree.path("lib")], shipped: tree.path("shipped"))
        let order = try await resolve([tree.path("org/riverside"), tree.path("org/extra")], search: search)
        #expect(try order.get() == ["base", "middle", "riverside", "extra"])
    }

    @Test func aPackGivenWithPackSatisfiesRequirementsOfItsName() async throws {
        let tree = try PackTree([
            "shipped/base/pack.lua": PackTree.manifest("base", extra: "summary = 'shipped'"),
            "mine/base/pack.lua": PackTree.manifest("base", extra: "summary = 'mine'"),
            "org/riverside/pack.lua": PackTree.manifest("riverside", requires: ["base"]),
        ])
        defer { tree.remove() }
        let paths = try await packThread.perform {
            let resolver = try PackResolver(search: PackSearchPath(shipped: tree.path("shipped")))
            return try resolver.resolve([tree.path("org/riverside"), tree.path("mine/base")]).map { "\($0.name):\($0.manifest.summary ?? "")" }
        }
        #expect(paths == ["base:mine", "riverside:"])
    }

    @Test func firstLevelWinsAndTwoDirectoriesOfOneLevelAreAmbiguous() async throws {
        let tree = try PackTree([
            "a/base/pack.lua": PackTree.manifest("base"),
            "b/base/pack.lua": PackTree.manifest("base"),
            "env/base/pack.lua": PackTree.manifest("base"),
            "org/riverside/pack.lua": PackTree.manifest("riverside", requires: ["base"]),
        ])
        defer { tree.remove() }
        let ambiguous = try await resolve([tree.path("org/riverside")], search: PackSearchPath(packPath: [tree.path("a"), tree.path("b")]))
        guard case .failure(.ambiguousRequirement(let name, let paths)) = ambiguous else { Issue.record("\(ambiguous)"); return }
        #expect(name == "base" && paths.count == 2)
        let levels = try await resolve([tree.path("org/riverside")], search: PackSearchPath(packPath: [tree.path("a")], environment: [tree.path("env")]))
        #expect(try levels.get() == ["base", "riverside"])
    }

    @Test func missingRequirementsAndCyclesAreNamed() async throws {
        let tree = try PackTree([
            "p/one/pack.lua": PackTree.manifest("one", requires: ["two"]),
            "p/two/pack.lua": PackTree.manifest("two", requires: ["one"]),
            "p/lonely/pack.lua": PackTree.manifest("lonely", requires: ["nowhere"]),
        ])
        defer { tree.remove() }
        let cycle = try await resolve([tree.path("p/one")], search: PackSearchPath(packPath: [tree.path("p")]))
        #expect(cycle == .failure(.cycle(["one", "two", "one"])))
        let missing = try await resolve([tree.path("p/lonely")], search: PackSearchPath(packPath: [tree.path("p")]))
        #expect(missing == .failure(.requirementNotFound(pack: "lonely", requirement: "nowhere", searched: [tree.path("p")])))
        if case .failure(let error) = missing { #expect(error.description.contains("--pack-path")) }
    }

    @Test func theStandardSearchPathNeverIncludesTheCurrentDirectory() {
        let search = PackSearchPath.standard(packPath: ["/opt/packs"], environment: ["UPSTREAM_PACK_PATH": "/srv/a::/srv/b"])
        #expect(search.packPath == ["/opt/packs"])
        #expect(search.environment == ["/srv/a", "/srv/b"])
        let everywhere = search.levels.flatMap(\.directories)
        #expect(!everywhere.contains(".") && !everywhere.contains(""))
    }
}

@Suite struct ManifestTests {
    private func manifestError(_ source: String, directory: String = "p") async throws -> String {
        let tree = try PackTree(["\(directory)/pack.lua": source])
        defer { tree.remove() }
        let result = try await resolve([tree.path(directory)], search: PackSearchPath())
        if case .failure(let error) = result { return error.description }
        return "no error"
    }

    @Test(arguments: [
        ("return 5", "pack.lua must return a table"),
        ("return { version = '1' }", "'name' is missing"),
        ("return { name = 'p' }", "'version' is missing"),
        ("return { name = 'p', version = 1 }", "'version' must be a non-empty string, not a number"),
        ("return { name = 'p', version = '1', requirs = {} }", "unknown field 'requirs'"),
        ("return { name = 'q', version = '1' }", "differs from the directory name 'p'"),
        ("return { name = 'p', version = '1', requires = 'base' }", "'requires' must be a list of strings"),
        ("return { name = 'p', version = '1', params = { x = { type = 'numbr' } } }", "type 'numbr' is not one of"),
        ("return { name = 'p', version = '1', params = { x = { default = {} } } }", "has neither a type nor a default"),
        ("return { name = 'p', version = '1', params = { x = { type = 'int', default = 0.5 } } }", "default must be a int, not a number"),
        ("return { name = 'p', version = '1', params = { x = { type = 'map', of = 'int', entries = { A = 'x' } } } }", "entries must map text keys to int values"),
        ("while true do end", "instruction budget exhausted"),
        ("return {", "p/pack.lua:1:"),
    ])
    func manifestErrorsSayWhatToFix(source: String, expected: String) async throws {
        let message = try await manifestError(source)
        #expect(message.contains(expected), "\(message)")
    }

    @Test func aFolderWithoutManifestIsExplained() async throws {
        let tree = try PackTree(["p/policies.lua": "-- no manifest"])
        defer { tree.remove() }
        let result = try await resolve([tree.path("p")], search: PackSearchPath())
        #expect(result == .failure(.manifestMissing(pack: "p", path: tree.path("p"))))
    }
}

@Suite struct ShippedComparisonTests {
    @Test func anEditedCopyOfAShippedPackIsReported() async throws {
        let tree = try PackTree([
            "shipped/standard/pack.lua": PackTree.manifest("standard"), "shipped/standard/a.lua": "role { id = 'x', title = 'X' }",
            "copy/standard/pack.lua": PackTree.manifest("standard"), "copy/standard/a.lua": "role { id = 'y', title = 'Y' }",
        ])
        defer { tree.remove() }
        let warnings = try await packThread.perform {
            let packs = try PackResolver(search: PackSearchPath()).resolve([tree.path("copy/standard")])
            let loaded = try PackLoader(state: try LuaState(), params: try ParamSet(packs: packs, overrides: [])).load(packs)
            let differs = ShippedPacks.differences(packs: packs, scripts: loaded.scripts, shipped: tree.path("shipped"))
            let same = ShippedPacks.differences(packs: packs, scripts: loaded.scripts, shipped: tree.path("copy"))
            return (differs, same)
        }
        #expect(warnings.0 == ["pack 'standard' at \(tree.path("copy/standard")) differs from the shipped pack of that name (\(tree.path("shipped/standard"))): a.lua"])
        #expect(warnings.1.isEmpty)
    }
}
