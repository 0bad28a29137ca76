/// SplitMix64: a small seeded generator so randomized tests replay exactly.
struct SeededRandom: RandomNumberGenerator {
    var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Valid canonical CSV with the awkward parts RFC 4180 allows: quoted commas, doubled quotes,
/// line breaks inside quotes, CRLF, empty fields, lists.
enum SampleCSV {
    static func charges(rows: Int, seed: UInt64) -> [UInt8] {
        var random = SeededRandom(seed: seed)
        var text = "charge_id,encounter_id,service_date,posted_at,amount,modifiers,units,note\n"
        for i in 0..<rows {
            let note: String
            switch random.next() % 6 {
            case 0: note = "\"line one\nline two, with comma\""
            case 1: note = "\"say \"\"hi\"\"\""
            case 2: note = ""
            case 3: note = "plain é text"
            default: note = "n\(random.next() % 1000)"
            }
            let amount = random.next() % 3 == 0 ? "\"$1,\(random.next() % 900 + 100).5\"" : "\(random.next() % 10000).25"
            let end = random.next() % 4 == 0 ? "\r\n" : "\n"
            text += "C\(i),E\(i % 7),2025-0\(i % 9 + 1)-1\(i % 10),2025-01-02T10:\(10 + i % 50),\(amount),"
                + "25;\(i % 90),\(i % 5),\(note)\(end)"
        }
        return Array(text.utf8)
    }

    /// Encounters with a boolean in its spellings, optional datetimes and text, some blank.
    static func encounters(rows: Int, seed: UInt64) -> [UInt8] {
        var random = SeededRandom(seed: seed)
        let spellings = ["true", "false", "yes", "N", "1", "0", "T", ""]
        var text = "encounter_id,patient_id,service_date,auth_required,scheduled_at,department\n"
        for i in 0..<rows {
            let flag = spellings[Int(random.next() % UInt64(spellings.count))]
            let scheduled = random.next() % 5 == 0 ? "" : "2025-02-0\(i % 9 + 1)T08:\(10 + i % 50):00"
            let department = random.next() % 7 == 0 ? "" : ["CARD", "ED", "ONC"][i % 3]
            let end = random.next() % 4 == 0 ? "\r\n" : "\n"
            text += "E\(i),P\(i % 11),2025-0\(i % 9 + 1)-1\(i % 10),\(flag),\(scheduled),\(department)\(end)"
        }
        return Array(text.utf8)
    }
}
