import LuaRuntime

/// `money.cents(x)` (SPEC section 3): whole cents of a dollar amount, exact for amounts as
/// written. A float is rounded from its shortest decimal form ("1.005" → 101, not the 100.49…
/// its binary value would give), half away from zero (0.125 → 13, -0.125 → -13).
public enum MoneyHelpers {
    public static let specs: [HelperSpec] = [
        HelperSpec(name: "money.cents", signature: "money.cents(x)",
                   summary: "integer cents of a dollar amount, rounded half away from zero from its decimal form (1.005 → 101); nil gives nil",
                   availability: .everywhere),
    ]

    public static func functions() -> [(String, HostFunction)] {
        [("cents", { args in
            switch args.first ?? .nil {
            case .nil: return [.nil]
            case .integer(let dollars):
                let (cents, overflow) = dollars.multipliedReportingOverflow(by: 100)
                if overflow { throw HostFunctionError("money.cents: \(dollars) dollars is too large") }
                return [.integer(cents)]
            case .number(let dollars):
                guard let cents = cents(dollars) else { throw HostFunctionError("money.cents: \(dollars) is not a dollar amount") }
                return [.integer(cents)]
            default: throw HostFunctionError("money.cents(x): x must be a number of dollars")
            }
        })]
    }

    /// Cents of `dollars`, from its shortest decimal form; nil for non-finite or huge values.
    public static func cents(_ dollars: Double) -> Int64? {
        guard dollars.isFinite, abs(dollars) < 9e16 else { return nil }
        let text = "\(dollars.magnitude)"
        guard !text.contains("e") else {   // tiny or huge: no cents digits worth reading
            return Int64((dollars * 100).rounded(.toNearestOrAwayFromZero))
        }
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard let whole = Int64(parts[0]) else { return nil }
        let fraction = Array((parts.count > 1 ? parts[1] : "").utf8).map { Int64($0) - 48 }
        var cents = whole * 100 + (fraction.first ?? 0) * 10 + (fraction.count > 1 ? fraction[1] : 0)
        if fraction.count > 2, fraction[2] >= 5 { cents += 1 }   // the digit after the cents decides: half away from zero
        return dollars < 0 ? -cents : cents
    }
}
