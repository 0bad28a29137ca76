/// Generates a range of encounters into row buffers. Pure with respect to its inputs, so
/// chunks can be produced in any order, or in parallel, and written in order.
struct EncounterChunkGenerator: Sendable {
    let options: GeneratorOptions
    let planner: EncounterPlanner
    let adjudicator: ClaimAdjudicator
    let writer: EncounterRowWriter

    init(options: GeneratorOptions, roster: Roster) {
        self.options = options
        planner = EncounterPlanner(options: options, roster: roster)
        adjudicator = ClaimAdjudicator(options: options, roster: roster)
        writer = EncounterRowWriter(options: options, roster: roster, chargeBuilder: planner.chargeBuilder)
    }

    func generate(_ numbers: ClosedRange<Int>, into buffers: EncounterRowWriter.Buffers) {
        var record = EncounterRecord()
        for number in numbers {
            var random = SeededRandom(seed: options.seed, stream: RandomStream.encounters.rawValue,
                                      item: UInt64(number))
            let errors = planner.plan(number: number, into: &record, random: &random)
            adjudicator.adjudicate(&record, errors: errors, random: &random)
            writer.write(record, to: buffers)
        }
    }
}
