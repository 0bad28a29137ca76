import Foundation
import Testing
@testable import Synthesis

@Suite struct DeterminismTests {
    @Test func sameSeedGivesIdenticalBytes() throws {
        let options = GeneratorOptions(encounters: 1500, seed: 42)
        let first = GeneratedFixture.temporaryDirectory()
        let second = GeneratedFixture.temporaryDirectory()
        _ = try OrganizationGenerator(options: options).generate(into: first)
        _ = try OrganizationGenerator(options: options).generate(into: second)
        #expect(try GeneratedFixture.hash(directory: first) == GeneratedFixture.hash(directory: second))
    }

    /// Three chunks generated on one thread and on three give the same files.
    @Test func workerCountDoesNotChangeTheOutput() throws {
        let single = GeneratedFixture.temporaryDirectory()
        let parallel = GeneratedFixture.temporaryDirectory()
        let size = OrganizationGenerator.chunkSize * 2 + 100
        _ = try OrganizationGenerator(options: GeneratorOptions(encounters: size, seed: 8, workers: 1))
            .generate(into: single)
        _ = try OrganizationGenerator(options: GeneratorOptions(encounters: size, seed: 8, workers: 3))
            .generate(into: parallel)
        #expect(try GeneratedFixture.hash(directory: single) == GeneratedFixture.hash(directory: parallel))
    }

    @Test func differentSeedGivesDifferentBytes() throws {
        let first = GeneratedFixture.temporaryDirectory()
        let second = GeneratedFixture.temporaryDirectory()
        _ = try OrganizationGenerator(options: GeneratorOptions(encounters: 500, seed: 1)).generate(into: first)
        _ = try OrganizationGenerator(options: GeneratorOptions(encounters: 500, seed: 2)).generate(into: second)
        #expect(try GeneratedFixture.hash(directory: first) != GeneratedFixture.hash(directory: second))
    }

    /// Each encounter has its own random stream, so a smaller organization is a prefix of a
    /// larger one with the same staff: encounter 1 is the same whatever the total.
    @Test func encountersDoNotDependOnChunking() throws {
        let roster = { () -> Roster in
            var builder = RosterBuilder(options: GeneratorOptions(encounters: 5000, seed: 3))
            return builder.build()
        }()
        let chunks = EncounterChunkGenerator(options: GeneratorOptions(encounters: 5000, seed: 3), roster: roster)
        let whole = EncounterRowWriter.Buffers()
        chunks.generate(1...300, into: whole)
        let split = EncounterRowWriter.Buffers()
        chunks.generate(1...123, into: split)
        chunks.generate(124...300, into: split)
        #expect(whole.charges.bytes == split.charges.bytes)
        #expect(whole.adjustments.bytes == split.adjustments.bytes)
        #expect(whole.workqueue.bytes == split.workqueue.bytes)
    }

    @Test func smallOrganizationsAreFast() throws {
        let clock = ContinuousClock()
        let elapsed = try clock.measure {
            _ = try OrganizationGenerator(options: GeneratorOptions(encounters: 2000, seed: 5))
                .generate(into: GeneratedFixture.temporaryDirectory())
        }
        // Debug builds on two shared cores; release is far faster (see docs/generate.md).
        #expect(elapsed < .seconds(10))
    }
}
