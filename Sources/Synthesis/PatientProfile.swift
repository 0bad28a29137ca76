/// A synthetic patient, computed from its index alone so that encounter generation can look a
/// patient up (date of death, say) without holding the whole population in memory.
struct PatientProfile {
    let birthDay: Int
    let sex: [UInt8]
    let zip: Int
    let deceasedDay: Int?

    private static let zipPrefixes = [441, 442, 443, 440, 446]
    private static let female = Array("F".utf8)
    private static let male = Array("M".utf8)
    private static let unknown = Array("U".utf8)

    init(index: Int, options: GeneratorOptions) {
        var random = SeededRandom(seed: options.seed, stream: RandomStream.patients.rawValue,
                                  item: UInt64(index))
        // Ages skew older, as hospital populations do: the max of two uniforms, 0–95 years.
        let age = max(random.below(96), random.below(96))
        birthDay = options.startDay - 1 - age * 365 - random.below(365)
        let sexDraw = random.unit()
        sex = sexDraw < 0.52 ? Self.female : (sexDraw < 0.995 ? Self.male : Self.unknown)
        zip = Self.zipPrefixes[random.below(Self.zipPrefixes.count)] * 100 + random.below(100)
        let window = options.endDay - options.startDay
        deceasedDay = random.chance(0.008 + Double(age) * 0.0002)
            ? options.startDay + random.below(max(window, 1)) : nil
    }

    /// Writes the patients dataset, one profile per index.
    static func write(options: GeneratorOptions, to file: OutputFile) throws {
        let buffer = CSVBuffer()
        buffer.header(CanonicalDataset.patients.header)
        let prefix = Array("P".utf8)
        let width = IdFormat.patientWidth(options)
        for index in 0..<options.patientCount {
            let patient = PatientProfile(index: index, options: options)
            buffer.id(prefix, index + 1, width: width)
            buffer.date(patient.birthDay)
            buffer.raw(patient.sex)
            buffer.id([], patient.zip, width: 5)
            buffer.date(patient.deceasedDay)
            buffer.endRow()
            if buffer.count > OutputFile.flushThreshold { try file.write(buffer) }
        }
        try file.write(buffer)
    }
}

/// Widths of zero-padded ids, wide enough for the requested size so ids sort as text.
enum IdFormat {
    static func encounterWidth(_ options: GeneratorOptions) -> Int {
        max(7, String(options.encounters).count)
    }

    static func patientWidth(_ options: GeneratorOptions) -> Int {
        max(6, String(options.patientCount).count)
    }
}
