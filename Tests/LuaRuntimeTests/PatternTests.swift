import Foundation
import Testing
import LuaRuntime

/// The sandbox's own pattern matcher: the same results as stock Lua 5.4 on a recorded corpus,
/// and every pathological pattern ends in the budget error.
@Suite(.serialized) struct PatternTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/patterns")

    @Test func matchesStockLuaOnTheRecordedCorpus() async throws {
        let runner = try String(contentsOf: Self.fixtures.appendingPathComponent("run.lua"), encoding: .utf8)
        let cases = try String(contentsOf: Self.fixtures.appendingPathComponent("cases.lua"), encoding: .utf8)
        let expected = try String(contentsOf: Self.fixtures.appendingPathComponent("expected.txt"), encoding: .utf8)
        let limits = SandboxLimits(memoryBytes: 512 << 20, instructionsPerCall: 4_000_000_000, loadMultiplier: 1)
        let output = try await sandboxed(limits) { state, env in
            guard case .function(let run) = try state.run(runner, chunk: "patterns/run.lua", in: env).first,
                  case .table(let list) = try state.run(cases, chunk: "patterns/cases.lua", in: env).first
            else { return "" }
            return try state.call(run, [.table(list)], budget: limits.instructionsPerCall).first?.stringValue ?? ""
        }
        let got = output.split(separator: "\n", omittingEmptySubsequences: false)
        let want = expected.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(got.count >= want.count - 1, "\(got.count) lines, expected \(want.count)")
        for (line, (g, w)) in zip(got, want).enumerated() where g != w {
            Issue.record("case line \(line + 1):\n  got:      \(g)\n  expected: \(w)")
        }
        #expect(want.count > 500)
    }

    @Test(arguments: [
        "return ('a'):rep(55):find(('.-'):rep(6) .. 'b')",
        "return ('a'):rep(10000):find(('.-'):rep(12) .. 'b')",
        "return ('x'):rep(20000):match(('.*'):rep(8) .. 'y')",
        "return ('a'):rep(5000):gsub('a', function(c) return (c:rep(200):find(('.-'):rep(5) .. 'b')) end)",
        "return ('('):rep(100000):find('%b()')",
        "local n = 0 for w in ('ab'):rep(100000):gmatch('(a*)(b*)') do n = n + 1 end return n",
    ])
    func pathologicalPatternsEndInTheBudget(source: String) async throws {
        let result = try await outcome(of: source)
        let error = try #require(result.error, "expected the budget to end \(source)")
        #expect(error.breach == .instructionBudget, "\(source): \(error)")
        #expect(!result.usable)
    }

    @Test func everydayPatternsWork() async throws {
        let value = try await evaluate("""
            local member = ("W123456789"):match("^%u%d%d%d%d%d%d%d%d%d$")
            local cleaned = ("123-45-678"):gsub("%-", "")
            local parts = {}
            for m in ("25;59;GT"):gmatch("[^;]+") do parts[#parts + 1] = m end
            return table.concat({ member, cleaned, table.concat(parts, ","), tostring(("99213"):find("^99%d%d%d$")) }, "|")
            """)
        #expect(value == .string("W123456789|12345678|25,59,GT|1"))
    }
}
