/// Money is exact integer cents everywhere; this only formats it.
public enum Money {
    /// `-12.05` style: a sign, whole dollars, two decimals.
    public static func format(cents: Int64) -> String {
        let negative = cents < 0
        let magnitude = cents.magnitude
        let frac = magnitude % 100
        return (negative ? "-" : "") + String(magnitude / 100) + "." + (frac < 10 ? "0" : "") + String(frac)
    }
}
