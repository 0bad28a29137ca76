import Foundation
import PackTesting
import Packs
import Testing

@Suite struct PackTestRunnerTests {
    @Test func aPassingTestReadsTheFixtureReport() async throws {
        let pack = try ScratchPack(files: [
            "defs.lua": definitions,
            "tests/fixtures/basic/encounters.csv": encountersCSV,
            "tests/basic_test.lua": """
                function test_fixture()
                  local report = upstream.run{ data = "fixtures/basic", as_of = "2025-01-31" }
                  expect_eq(report.run.as_of, "2025-01-31")
                  expect_eq(report.run.inputs[1].file, "fixtures/basic/encounters.csv")
                  expect_eq(report.policies[1].id, "ELIG-01")
                  expect_eq(report.policies[1].evaluated, 2)
                  expect_eq(report.policies[1].failed, 1)
                  expect_near(report.kpis[1].value, 0.5, 1e-12)
                  expect_true(report.policies[1].amount_at_risk == nil, "JSON null is nil")
                end
                """,
        ])
        defer { pack.remove() }
        let report = try await pack.test()
        #expect(report.results.map(\.name) == ["test_fixture"])
        #expect(report.failed == 0, "\(report.results.compactMap(\.message))")
        #expect(report.text(coverage: false).hasSuffix("1 test, 1 passed, 0 failed\n"))
        #expect(report.text(coverage: false).hasPrefix("PASS demo/tests/basic_test.lua test_fixture\n"))
    }

    @Test func reportLookupHelpersFindEntriesAndNameWhatIsMissing() async throws {
        let pack = try ScratchPack(files: [
            "defs.lua": definitions,
            "tests/fixtures/basic/encounters.csv": encountersCSV,
            "tests/lookup_test.lua": """
                function test_found()
                  local report = upstream.run{ data = "fixtures/basic", as_of = "2025-01-31" }
                  expect_eq(upstream.policy(report, "ELIG-01").failed, 1)
                  expect_eq(upstream.kpi(report, report.kpis[1].id).id, report.kpis[1].id)
                end
                function test_missing()
                  local report = upstream.run{ data = "fixtures/basic", as_of = "2025-01-31" }
                  upstream.kpi(report, "nope")
                end
                """,
        ])
        defer { pack.remove() }
        let report = try await pack.test()
        #expect(report.results.map(\.name) == ["test_found", "test_missing"])
        #expect(report.results.first?.message == nil)
        #expect(report.results.last?.message?.contains("lookup_test.lua:8: no KPI 'nope' in the report") == true,
                "\(String(describing: report.results.last?.message))")
    }

    @Test func aFailureNamesFileLineExpectedAndActual() async throws {
        let pack = try ScratchPack(files: [
            "defs.lua": definitions,
            "tests/fixtures/basic/encounters.csv": encountersCSV,
            "tests/a_test.lua": """
                function test_wrong_count()
                  local report = upstream.run{ data = "fixtures/basic" }

                  expect_eq(report.policies[1].failed, 7, "failures")
                end
                function test_deep()
                  expect_eq({ a = { 1, 2 } }, { a = { 1, 3 } })
                end
                function test_near() expect_near(0.5, 0.25, 0.1) end
                function test_true() expect_true(false, "must hold") end
                function test_raises() error("boom") end
                """,
        ])
        defer { pack.remove() }
        let results = try await pack.test().results
        #expect(results.map(\.name) == ["test_deep", "test_near", "test_raises", "test_true", "test_wrong_count"])
        #expect(results.allSatisfy { !$0.passed })
        let wrong = try #require(results.last)
        #expect(wrong.line == 4)
        #expect(wrong.message == "demo/tests/a_test.lua:4: expect_eq failed (failures): expected 7, got 1")
        #expect(results[0].message == "demo/tests/a_test.lua:7: expect_eq failed at .a[2]: expected 3, got 2")
        #expect(results[1].message == "demo/tests/a_test.lua:9: expect_near failed: expected 0.25 ± 0.1, got 0.5")
        #expect(results[2].message?.hasPrefix("demo/tests/a_test.lua:11: boom") == true)
        #expect(results[2].line == 11)
        #expect(results[3].message == "demo/tests/a_test.lua:10: expect_true failed (must hold): expected a true value, got false")
    }

    @Test(arguments: ["../pack.lua", "/etc", "fixtures/../../pack.lua", "other/basic", "fixtures/link", "fixtures/outside"])
    func fixturePathsStayInsideTestsFixtures(path: String) async throws {
        let pack = try ScratchPack(files: [
            "defs.lua": definitions,
            "tests/fixtures/basic/encounters.csv": encountersCSV,
            "tests/other/basic/encounters.csv": encountersCSV,
            "tests/a_test.lua": "function test_escape() upstream.run{ data = \"\(path)\" } end",
        ])
        defer { pack.remove() }
        let outside = pack.root.appendingPathComponent("outside")
        try FileManager.default.createDirectory(at: outside, withIntermediateDirectories: true)
        try encountersCSV.write(to: outside.appendingPathComponent("encounters.csv"), atomically: false, encoding: .utf8)
        try FileManager.default.createSymbolicLink(atPath: pack.path + "/tests/fixtures/link", withDestinationPath: outside.path)
        try FileManager.default.createDirectory(atPath: pack.path + "/tests/fixtures/outside", withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: pack.path + "/tests/fixtures/outside/encounters.csv",
                                                   withDestinationPath: outside.path + "/encounters.csv")
        let result = try #require(try await pack.test().results.first)
        #expect(!result.passed)
        #expect(result.line == 1)
        #expect(result.message?.contains("upstream.run: data path") == true, "\(result.message ?? "")")
    }

    @Test func inlineRowsAreReadAsCSVRowsAndParamsOverride() async throws {
        let pack = try ScratchPack(files: [
            "pack.lua": "return { name = 'demo', version = '1.0.0', summary = 's', params = { target = { default = 0.9 } } }",
            "defs.lua": definitions + """

                kpi { id = "with_target", title = "T", unit = "percent", target = { at_least = param("target") },
                  numerator = count("encounters", { auth_required = true }), denominator = count("encounters") }
                """,
            "tests/inline_test.lua": """
                function test_inline()
                  local report = upstream.run{
                    data = { encounters = {
                      { encounter_id = "E1", patient_id = "P1", service_date = "2025-02-01", auth_required = true },
                      { encounter_id = "E2", patient_id = "P,2", service_date = "2025-02-03", auth_required = "no",
                        eligibility_verified_at = "2025-02-01" },
                    } },
                    params = { target = 0.4 },
                  }
                  expect_eq(report.run.as_of, "2025-02-03")
                  expect_eq(report.run.params["demo.target"], 0.4)
                  expect_eq(report.run.inputs[1].file, "inline/encounters.csv")
                  expect_eq(report.policies[1].failed, 1)
                  local kpi = report.kpis[2]
                  expect_eq(kpi.id, "with_target")
                  expect_eq({ kpi.numerator, kpi.denominator, kpi.met }, { 1, 2, true })
                end
                function test_unknown_dataset()
                  upstream.run{ data = { encounter = { { encounter_id = "E1" } } } }
                end
                """,
        ])
        defer { pack.remove() }
        let results = try await pack.test().results
        #expect(results.first?.passed == true, "\(results.first?.message ?? "")")
        #expect(results.last?.message?.contains("unknown dataset 'encounter'") == true)
        #expect(results.last?.line == 19)
    }

    @Test func everyRunIsComparedAcrossJobCounts() async throws {
        let pack = try ScratchPack(files: [
            "defs.lua": definitions,
            "tests/fixtures/basic/encounters.csv": encountersCSV,
            "tests/a_test.lua": "function test_twice() upstream.run{ data = 'fixtures/basic' } upstream.run{ data = 'fixtures/basic' } end",
        ])
        defer { pack.remove() }
        let result = try #require(try await pack.test().results.first)
        #expect(result.passed)
        #expect(result.runs == 2)
        #expect(result.reports == 4, "each upstream.run produces a report with one job and one with two")
        let single = try #require(try await pack.test(jobCounts: [1]).results.first)
        #expect(single.reports == 2)
        let capped = try #require(try await pack.test(maxRunsPerTest: 1).results.first)
        #expect(capped.message == "demo/tests/a_test.lua:1: upstream.run: a test may call upstream.run at most 1 times")
    }

    @Test func requirementsComeFromThePackPathAndCoverageStaysWithTheTestedPack() async throws {
        let base = try ScratchPack("base", files: [
            "pack.lua": "return { name = 'base', version = '1.0.0', summary = 's', params = { limit = { default = 1 } } }",
            "defs.lua": definitions,
        ])
        defer { base.remove() }
        let pack = try ScratchPack(files: [
            "pack.lua": "return { name = 'demo', version = '1.0.0', summary = 's', requires = { 'base' } }",
            "more.lua": """
                policy { id = "DEMO-01", title = "Patient known", dataset = "encounters", role = "patient_access",
                  check = function(e) if e.patient_id == "P2" then return "unknown" end end }
                """,
            "tests/fixtures/basic/encounters.csv": encountersCSV,
            "tests/a_test.lua": """
                function test_both_packs()
                  local report = upstream.run{ data = "fixtures/basic", params = { limit = 5 } }
                  expect_eq({ report.policies[1].id, report.policies[2].id }, { "DEMO-01", "ELIG-01" })
                  expect_eq({ report.run.packs[1].name, report.run.packs[2].name }, { "base", "demo" })
                  expect_eq(report.run.params["base.limit"], 5)
                end
                """,
        ])
        defer { pack.remove() }
        let report = try await pack.test(packPath: [base.root.path], params: ["limit=3"])
        #expect(report.failed == 0, "\(report.results.compactMap(\.message))")
        #expect(report.suites.first?.coverage.tracked == 1)
        #expect(report.suites.first?.coverage.gaps.isEmpty == true)
        await #expect(throws: PackError.self) { try await pack.test() }
        let unknown = await #expect(throws: PackError.self) { try await pack.test(packPath: [base.root.path], params: ["nope=1"]) }
        #expect(unknown?.exitCode == 2)
    }

    @Test func aPackWithoutTestsHasZeroTests() async throws {
        let pack = try ScratchPack(files: ["defs.lua": definitions])
        defer { pack.remove() }
        let report = try await pack.test()
        #expect(report.results.isEmpty)
        #expect(report.text(coverage: false) == "0 tests, 0 passed, 0 failed\n")
    }

    @Test func aTestFileThatDoesNotCompileIsOneFailure() async throws {
        let pack = try ScratchPack(files: ["tests/a_test.lua": "function test_a()\n  local x = = 1\nend", "tests/b_test.lua": "function test_b() end"])
        defer { pack.remove() }
        let results = try await pack.test().results
        #expect(results.map(\.name) == ["(load)", "test_b"])
        #expect(results.map(\.passed) == [false, true])
        #expect(results[0].line == 2)
        #expect(results[0].message?.hasPrefix("demo/tests/a_test.lua:2:") == true, "\(results[0].message ?? "")")
    }

    @Test func aBreachFailsTheTestWithItsReason() async throws {
        let pack = try ScratchPack(files: ["tests/a_test.lua": "function test_loop() while true do end end\nfunction test_ok() end"])
        defer { pack.remove() }
        let results = try await pack.test().results
        #expect(results.map(\.passed) == [false, true])
        #expect(results[0].message?.contains("instruction budget exhausted") == true, "\(results[0].message ?? "")")
    }

    @Test func coverageListsWhatNoTestExercised() async throws {
        let pack = try ScratchPack(files: [
            "defs.lua": definitions,
            "tests/fixtures/basic/encounters.csv": "encounter_id,patient_id,service_date,eligibility_verified_at\nE1,P1,2025-01-06,\n",
            "tests/a_test.lua": "function test_run() upstream.run{ data = 'fixtures/basic' } end",
        ])
        defer { pack.remove() }
        let report = try await pack.test()
        let gaps = try #require(report.suites.first?.coverage.gaps)
        #expect(gaps.map(\.id) == ["ELIG-01", "PA-PROF"])
        #expect(gaps.map(\.level) == [.half, .none])
        #expect(gaps.first?.note == "never passed in any test")
        let text = report.text(coverage: true)
        #expect(text.contains("coverage of demo: 1 of 3 definitions (policies, KPIs, thresholds) fully covered"))
        #expect(text.contains("  threshold 'PA-PROF' (demo/defs.lua:5): not covered: no test's data assessed a person of its role"))
    }
}
