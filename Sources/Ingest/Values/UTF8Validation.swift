/// Strict UTF-8 validation (no overlongs, no surrogates, nothing above U+10FFFF).
/// Readers call it only for fields holding a byte ≥ 0x80, so ASCII data never pays for it.
enum UTF8Validation {
    static func isValid(_ p: UnsafePointer<UInt8>, _ length: Int) -> Bool {
        var i = 0
        while i < length {
            let b0 = p[i]
            if b0 < 0x80 { i += 1; continue }
            if b0 < 0xC2 { return false }
            if b0 < 0xE0 {
                guard i + 1 < length, p[i + 1] & 0xC0 == 0x80 else { return false }
                i += 2
            } else if b0 < 0xF0 {
                guard i + 2 < length, p[i + 1] & 0xC0 == 0x80, p[i + 2] & 0xC0 == 0x80 else { return false }
                if b0 == 0xE0, p[i + 1] < 0xA0 { return false }
                if b0 == 0xED, p[i + 1] >= 0xA0 { return false }
                i += 3
            } else if b0 < 0xF5 {
                guard i + 3 < length, p[i + 1] & 0xC0 == 0x80, p[i + 2] & 0xC0 == 0x80,
                      p[i + 3] & 0xC0 == 0x80 else { return false }
                if b0 == 0xF0, p[i + 1] < 0x90 { return false }
                if b0 == 0xF4, p[i + 1] >= 0x90 { return false }
                i += 4
            } else {
                return false
            }
        }
        return true
    }
}
