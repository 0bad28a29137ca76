import LuaRuntime
import Packs

extension KPIEvaluator {
    /// A measure's aggregate among `measures`, as its kind says.
    func measured(_ name: String, _ measures: [String: MeasureValues]) -> Double? {
        let t = definition.table
        guard let spec = t[name]?.table ?? t["measures"]?.table?[name]?.table,
              let kind = spec["\u{0}measure"]?.string.flatMap(MeasureValues.Kind.init(rawValue:)) else { return nil }
        return measures[name]?.value(kind)
    }

    /// The KPI's value from its measures: numerator ÷ denominator (or ÷ `shareOf`, the overall
    /// denominator, for `share` groups), the numerator alone, or `value(m, ctx)`.
    func point(_ measures: [String: MeasureValues], month: String?, days periodDays: Int?, group: GroupContext?,
               shareOf: Double? = nil) -> KPIOutcome.Point {
        let t = definition.table
        var point = KPIOutcome.Point(value: nil, reason: nil, numerator: nil, denominator: nil, measures: [:])
        if t["numerator"] != nil {
            point.numerator = measured("numerator", measures)
            guard t["denominator"] != nil else {
                point.value = point.numerator
                return point
            }
            point.denominator = shareOf ?? measured("denominator", measures)
            guard let numerator = point.numerator, let denominator = point.denominator, denominator != 0 else {
                point.reason = "denominator is 0"
                return point
            }
            point.value = numerator / denominator
            return point
        }
        let names = t["measures"]?.table?.fieldNames ?? []
        for name in names { point.measures[name] = measured(name, measures) }
        guard let value = t["value"]?.function, let caller else { return point }
        var arguments: [LuaValue] = [.function(value), month.map { .string($0) } ?? .nil, periodDays.map { .integer(Int64($0)) } ?? .nil]
        switch group {
        case nil: arguments += [.nil, .integer(0)]
        case .key(let key)?: arguments += [.string(key), .integer(0)]
        case .fields(let fields)?:
            arguments += [.nil, .integer(Int64(fields.count))]
            for (field, part) in fields { arguments += [.string(field), .string(part)] }
        }
        for name in names { arguments += [.string(name), (point.measures[name] ?? nil).map { .number($0) } ?? .nil] }
        do {
            switch try state.call(caller, arguments).first {
            case .number(let d)? where d.isFinite: point.value = d
            case .integer(let i)?: point.value = Double(i)
            default: point.reason = "value returned nil or a non-finite number"
            }
        } catch let error as ScriptError {
            point.reason = "value raised: " + PolicyEvaluator.withoutPlace(error.message, file: error.chunk, line: error.line)
        } catch {
            point.reason = "value raised: \(error)"
        }
        return point
    }
}
