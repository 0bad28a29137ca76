/// The values one measure collected, overall or for one month: exact where the data is exact
/// (money in cents, integers), aggregated as SPEC section 3 says (nil values skipped; an
/// aggregate over no rows is nil; `count` is 0 then).
struct MeasureValues {
    enum Kind: String { case count, sum, avg, median, min, max }

    private(set) var count = 0
    private var cents: [Int64] = []     // money (or integer cents from `money = true`)
    private var numbers: [Double] = []  // everything else
    var isMoney = false

    mutating func addRow() { count += 1 }
    mutating func add(cents value: Int64) { cents.append(value); isMoney = true }
    mutating func add(number value: Double) { numbers.append(value) }

    /// The aggregate as a number (money in dollars); nil over no values.
    func value(_ kind: Kind) -> Double? {
        if kind == .count { return Double(count) }
        if isMoney {
            guard !cents.isEmpty else { return nil }
            switch kind {
            case .sum: return centsSum / 100
            case .avg: return centsSum / 100 / Double(cents.count)
            case .min: return Double(cents.min()!) / 100
            case .max: return Double(cents.max()!) / 100
            case .median:
                let sorted = cents.sorted(), middle = sorted.count / 2
                return sorted.count % 2 == 1 ? Double(sorted[middle]) / 100 : (Double(sorted[middle - 1]) + Double(sorted[middle])) / 200
            case .count: return nil
            }
        }
        guard !numbers.isEmpty else { return nil }
        switch kind {
        case .sum: return numbers.reduce(0, +)
        case .avg: return numbers.reduce(0, +) / Double(numbers.count)
        case .min: return numbers.min()
        case .max: return numbers.max()
        case .median:
            let sorted = numbers.sorted(), middle = sorted.count / 2
            return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
        case .count: return nil
        }
    }
}

extension MeasureValues {
    /// The exact sum of the cents; a sum past Int64 (cents a function made up) falls back to
    /// floating point rather than trapping.
    private var centsSum: Double {
        var total: Int64 = 0
        for value in cents {
            let (sum, overflow) = total.addingReportingOverflow(value)
            if overflow { return cents.reduce(0.0) { $0 + Double($1) } }
            total = sum
        }
        return Double(total)
    }

    /// Adds another group's values (`min_denominator` folds small groups into `other`).
    mutating func merge(_ other: MeasureValues) {
        count += other.count
        cents += other.cents
        numbers += other.numbers
        isMoney = isMoney || other.isMoney
    }
}
