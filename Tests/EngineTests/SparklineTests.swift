import Testing
import Engine

/// The text report's monthly trend: bars scaled to the values, never exaggerating a wobble.
@Suite struct SparklineTests {
    @Test func aSeriesThatMovesUsesTheWholeHeight() {
        #expect(TextReport.sparkline([10, 20, 30, 40]) == "▁▃▆█")
    }

    @Test func aWobbleOfAPointStaysNearlyFlat() {
        let line = TextReport.sparkline([0.91, 0.90, 0.91, 0.92, 0.91])
        #expect(Set(line).isSubset(of: Set("▃▄▅")), "\(line)")
    }

    @Test func flatZeroAndShortSeries() {
        #expect(TextReport.sparkline([0, 0, 0]) == "▄▄▄")
        #expect(TextReport.sparkline([5, 5]) == "▄▄")
        #expect(TextReport.sparkline([1]) == "")
        #expect(TextReport.sparkline(Array(repeating: 1, count: 30) + [2]).count == 24, "the last 24 months")
    }
}
