#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Integers, decimal numbers and booleans from bytes.
enum NumberParsing {
    /// `[+-]digits`, also `12.000` (a fraction of zeros, as JSON writers sometimes emit).
    static func int(_ p: UnsafePointer<UInt8>, _ length: Int) -> Int64? {
        var i = 0
        var negative = false
        if i < length, p[i] == 45 || p[i] == 43 { negative = p[i] == 45; i += 1 }
        let start = i
        var value: Int64 = 0
        while i < length, p[i] >= 48, p[i] <= 57 {
            let (m, o1) = value.multipliedReportingOverflow(by: 10)
            let (a, o2) = m.subtractingReportingOverflow(Int64(p[i] - 48))
            if o1 || o2 { return nil }
            value = a
            i += 1
        }
        guard i > start else { return nil }
        if i < length, p[i] == 46 {
            i += 1
            while i < length, p[i] == 48 { i += 1 }
        }
        guard i == length else { return nil }
        if negative { return value }
        return value == Int64.min ? nil : -value
    }

    /// A decimal number: `[+-]digits[.digits][(e|E)[+-]digits]` or `.5`. Exact powers-of-ten
    /// fast path (Clinger) for short literals, `strtod` on a stack copy otherwise.
    static func number(_ p: UnsafePointer<UInt8>, _ length: Int) -> Double? {
        guard length > 0, length < 128 else { return nil }
        var i = 0
        var negative = false
        if p[i] == 45 || p[i] == 43 { negative = p[i] == 45; i += 1 }
        var mantissa: UInt64 = 0
        var digits = 0, scale = 0
        while i < length, p[i] >= 48, p[i] <= 57 { mantissa = mantissa &* 10 &+ UInt64(p[i] - 48); digits += 1; i += 1 }
        if i < length, p[i] == 46 {
            i += 1
            while i < length, p[i] >= 48, p[i] <= 57 {
                mantissa = mantissa &* 10 &+ UInt64(p[i] - 48); digits += 1; scale += 1; i += 1
            }
        }
        guard digits > 0 else { return nil }
        var exponent = 0
        if i < length, p[i] == 101 || p[i] == 69 {
            i += 1
            var expNegative = false
            if i < length, p[i] == 45 || p[i] == 43 { expNegative = p[i] == 45; i += 1 }
            let expStart = i
            while i < length, p[i] >= 48, p[i] <= 57, exponent < 100_000 { exponent = exponent * 10 + Int(p[i] - 48); i += 1 }
            guard i > expStart else { return nil }
            if expNegative { exponent = -exponent }
        }
        guard i == length else { return nil }
        let power = exponent - scale
        if digits <= 15, power >= -22, power <= 22 {
            var value = Double(mantissa)
            value = power < 0 ? value / exactPowers[-power] : value * exactPowers[power]
            return negative ? -value : value
        }
        return withUnsafeTemporaryAllocation(of: CChar.self, capacity: length + 1) { buffer in
            for k in 0..<length { buffer[k] = CChar(bitPattern: p[k]) }
            buffer[length] = 0
            let value = strtod(buffer.baseAddress!, nil)
            return value.isFinite ? value : nil
        }
    }

    static let exactPowers: [Double] = (0...22).map { k in (0..<k).reduce(1.0) { acc, _ in acc * 10 } }

    /// true/false, t/f, yes/no, y/n, 1/0, any case.
    static func bool(_ p: UnsafePointer<UInt8>, _ length: Int) -> Bool? {
        @inline(__always) func lower(_ i: Int) -> UInt8 { p[i] | 0x20 }
        switch length {
        case 1:
            if p[0] == 49 { return true }
            if p[0] == 48 { return false }
            switch lower(0) {
            case 116, 121: return true   // t y
            case 102, 110: return false  // f n
            default: return nil
            }
        case 2: return lower(0) == 110 && lower(1) == 111 ? false : nil
        case 3: return lower(0) == 121 && lower(1) == 101 && lower(2) == 115 ? true : nil
        case 4: return lower(0) == 116 && lower(1) == 114 && lower(2) == 117 && lower(3) == 101 ? true : nil
        case 5:
            return lower(0) == 102 && lower(1) == 97 && lower(2) == 108 && lower(3) == 115 && lower(4) == 101
                ? false : nil
        default: return nil
        }
    }
}
