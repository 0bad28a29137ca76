import Foundation
import Testing

/// The whole report on a small committed organization, byte for byte (the `started_at` line
/// aside), so any change to the JSON's content or shape is seen. When a change is intended,
/// regenerate from the repository root:
///
///     G=Tests/EndToEndTests/Fixtures/golden
///     swift run upstream run --format json --pack examples/packs/riverside --data $G/data --as-of 2025-12-31 | grep -v '"started_at"' > $G/expected.json
@Suite struct GoldenReportTests {
    static let folder = "Tests/EndToEndTests/Fixtures/golden"

    @Test(arguments: ["1", "2"]) func theReportMatchesTheGoldenFile(jobs: String) throws {
        let run = try upstream(["run", "--format", "json", "--pack", "examples/packs/riverside", "--data", "\(Self.folder)/data",
                                "--as-of", "2025-12-31", "--jobs", jobs])
        #expect(run.status == 0, "\(run.err)")
        let expected = try String(contentsOf: repository.appendingPathComponent("\(Self.folder)/expected.json"), encoding: .utf8)
        let actual = run.out.split(separator: "\n", omittingEmptySubsequences: false).filter { !$0.contains("\"started_at\"") }
            .joined(separator: "\n")
        let want = expected.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let got = actual.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if let first = zip(got, want).enumerated().first(where: { $0.element.0 != $0.element.1 }) {
            Issue.record("line \(first.offset + 1) differs:\n  got:      \(first.element.0)\n  expected: \(first.element.1)")
        }
        #expect(got.count == want.count)
    }
}

@Suite struct TextReportTests {
    @Test func theTextReportFitsInOneHundredColumnsAndTellsTheStory() throws {
        let run = try upstream(["run", "--pack", "examples/packs/riverside", "--data", "\(GoldenReportTests.folder)/data", "--as-of", "2025-12-31"])
        #expect(run.status == 0, "\(run.err)")
        let lines = run.out.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.allSatisfy { $0.count <= 100 }, "\(lines.filter { $0.count > 100 })")
        for heading in ["KPIs", "Where failures start, by role", "People with the most upstream failures", "Data quality"] {
            #expect(lines.contains { $0 == heading }, "missing section \(heading)")
        }
        #expect(run.out.contains("Initial denial rate (claims)"))
        #expect(!run.out.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" }, "no control characters")
    }
}
