import Foundation
import Testing
import LuaRuntime
@testable import Packs

@Suite struct RegistryTests {
    @Test func theCommittedReferenceMatchesTheRegistry() throws {
        let docs = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("docs/lua-api.md")
        let committed = try String(contentsOf: docs, encoding: .utf8)
        #expect(committed == Registry.markdown(), "regenerate with: swift run upstream api-reference > docs/lua-api.md")
    }

    @Test func everyDeclaredGlobalIsInstalledAndNothingElse() async throws {
        let tree = try PackTree(["p/pack.lua": PackTree.manifest("p")])
        defer { tree.remove() }
        let names = (Registry.constructors.map(\.name) + Registry.helpers.map(\.name))
        let missing = try await packThread.perform {
            let packs = try PackResolver(search: PackSearchPath()).resolve([tree.path("p")])
            let state = try LuaState()
            let loaded = try PackLoader(state: state, params: try ParamSet(packs: packs, overrides: [])).load(packs)
            let environment = loaded.environments["p"]!
            return try names.filter { name in
                try state.run("return type(\(name))", chunk: "p/probe.lua", in: environment).first != .string("function")
            }
        }
        #expect(missing.isEmpty, "declared but not installed: \(missing)")
    }
}
