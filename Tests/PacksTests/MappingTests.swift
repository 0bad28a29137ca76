import Foundation
import Testing
import DataModel
import Ingest
import LuaRuntime
@testable import Packs

/// Reads `data` (files in a folder) through the mappings of pack `p` made of `script`;
/// returns the accounting and chosen columns, or the error text.
private func readMapped(_ script: String, data: [String: [UInt8]], columns: [(String, String)]) async throws -> String {
    let tree = try PackTree(["p/pack.lua": PackTree.manifest("p"), "p/mapping.lua": script])
    defer { tree.remove() }
    try FileManager.default.createDirectory(atPath: tree.path("data"), withIntermediateDirectories: true)
    for (name, bytes) in data { _ = FileManager.default.createFile(atPath: tree.path("data/" + name), contents: Data(bytes)) }
    let dataPath = tree.path("data")
    return try await packThread.perform {
        do {
            let packs = try PackResolver(search: PackSearchPath()).resolve([tree.path("p")])
            let state = try LuaState()
            let loaded = try PackLoader(state: state, params: try ParamSet(packs: packs, overrides: [])).load(packs)
            let builder = MappingBuilder(state: state)
            let result = try Ingestor.read(paths: [dataPath], mappings: try builder.mappings(from: loaded.definitions), transformer: builder)
            var lines = result.quality.inputs.map { "\($0.dataset): rows \($0.rows) accepted \($0.accepted) filtered \($0.filtered) rejected \($0.rejected) issues \($0.fieldIssues)" }
            lines += (result.quality.rejected + result.quality.fieldIssues).map { "\(($0.file as NSString).lastPathComponent):\($0.line) [\($0.column)] \($0.reason)" }
            for (dataset, field) in columns {
                guard let table = result.store.table(dataset) else { lines.append("\(dataset): none"); continue }
                let column = table.column(field) ?? table.extra(field)
                lines.append("\(dataset).\(field) = " + (0..<table.rowCount).map { column?.display($0) ?? "-" }.map { $0 }.joined(separator: "|"))
            }
            return lines.joined(separator: "\n")
        } catch let error as PackError { return "pack error: \(error)" } catch let error as IngestError { return "data error (exit \(error.exitCode)): \(error)" }
    }
}

@Suite struct MappingTests {
    @Test func renamesFiltersValuesConstantsScaleFormatsAndTransforms() async throws {
        let csv = """
            Visit Number,Patient,Admit Date,Plan Code,Status,Pct,Subscriber,Arrived
            V1,P1,01/31/2025,MCR,Active,85,AB-12,2025-01-31T10:00:00-05:00
            V2,P2,2/1/2025,SELF,Active,90,CD-34,2025-02-01T23:30:00Z
            V3,P3,02/02/2025,ZZZ,Cancelled,,EF-56,
            V4,P4,02/30/2025,,Active,70,,
            """
        let script = """
            mapping { id = "riverside", datasets = { encounters = {
              file = "ADT_VISITS*.csv", where = { Status = "Active" },
              fields = {
                encounter_id = "Visit Number", patient_id = "Patient",
                service_date = { column = "Admit Date", format = "M/d/yyyy" },
                financial_class = { column = "Plan Code", values = { MCR = "medicare", SELF = "self_pay" }, default = "commercial" },
                payer_id = { column = "Plan Code" },
                facility = { value = "MAIN" },
                member_id = { column = "Subscriber", transform = function(s) return (s:gsub("%-", "")) end },
                scheduled_at = { column = "Arrived", format = "yyyy-MM-dd'T'HH:mm:ssXXX", tz = "America/New_York" },
              } } } }
            """
        let out = try await readMapped(script, data: ["ADT_VISITS_2025.csv": Array(csv.utf8)],
                                       columns: [("encounters", "service_date"), ("encounters", "financial_class"), ("encounters", "payer_id"),
                                                 ("encounters", "facility"), ("encounters", "member_id"), ("encounters", "scheduled_at"), ("encounters", "Pct")])
        #expect(out == """
            encounters: rows 4 accepted 2 filtered 1 rejected 1 issues 0
            ADT_VISITS_2025.csv:5 [Admit Date] '02/30/2025' does not match the format M/d/yyyy of mapping 'riverside' (or is not a real date)
            encounters.service_date = 2025-01-31|2025-02-01
            encounters.financial_class = medicare|self_pay
            encounters.payer_id = MCR|SELF
            encounters.facility = MAIN|MAIN
            encounters.member_id = AB12|CD34
            encounters.scheduled_at = 2025-01-31T10:00:00|2025-02-01T18:30:00
            encounters.Pct = 85|90
            """)
    }

    @Test func delimitersEncodingsAndMissingValueMapEntries() async throws {
        var bytes = Array("staff_id|name|role|Score\nS1|Ren\u{E9}e|Coder|85\nS2|Bob|Clerk|\n".utf8)
        // The same file in windows-1252: é is one byte, 0xE9.
        bytes = bytes.split(separator: 0xC3, omittingEmptySubsequences: false).enumerated()
            .flatMap { $0.offset == 0 ? Array($0.element) : [0xE9] + Array($0.element.dropFirst()) }
        let script = """
            mapping { id = "hr", datasets = { staff = { file = "roster.txt", delimiter = "|", encoding = "windows-1252",
              fields = { staff_id = "staff_id", name = "name", role = { column = "role", values = { Coder = "coding" } } } },
              assessments = { file = "roster.txt", delimiter = "pipe", encoding = "windows-1252",
              fields = { staff_id = "staff_id", skill = { value = "coding" }, assessed_on = { value = "2025-06-30" },
                         score = { column = "Score", scale = 100 } } } } }
            """
        let out = try await readMapped(script, data: ["roster.txt": bytes],
                                       columns: [("staff", "name"), ("staff", "role"), ("assessments", "score")])
        let expected = """
            staff: rows 2 accepted 1 filtered 0 rejected 1 issues 1
            assessments: rows 2 accepted 1 filtered 0 rejected 1 issues 0
            roster.txt:3 [role] 'Clerk' is not among the values mapping 'hr' lists for role, and there is no default
            roster.txt:3 [Score] required field missing
            roster.txt:3 [role] required field missing
            staff.name = Renée
            staff.role = coding
            assessments.score = 0.85
            """
        #expect(Set(out.split(separator: "\n")) == Set(expected.split(separator: "\n")), "\(out)")
    }

    @Test(arguments: [
        ("mapping { id = 'm', datasets = { encounters = { file = 'NOPE*.csv', fields = { encounter_id = 'Id' } } } }",
         "data error (exit 4): mapping 'm', dataset 'encounters': no file matches 'NOPE*.csv' in any --data directory"),
        ("mapping { id = 'm', datasets = { encounters = { file = 'visits.csv', fields = { encounter_id = 'Visit Id' } } } }",
         "column 'Visit Id' missing in"),
        ("mapping { id = 'm', datasets = { encounters = { file = 'visits.csv', fields = { service_date = { column = 'Id', format = 'MM/dd/yy' } } } } }",
         "pack error: mapping 'm' in p/mapping.lua:1: datasets.encounters.fields.service_date: date format 'MM/dd/yy'"),
        ("mapping { id = 'm', datasets = { encounters = { file = 'visits.csv', delimiter = '::', fields = { encounter_id = 'Id' } } } }",
         "delimiter must be one character"),
    ])
    func mappingErrorsNameMappingDatasetFileAndColumn(script: String, expected: String) async throws {
        let out = try await readMapped(script, data: ["visits.csv": Array("Id,Patient\nV1,P1\n".utf8)], columns: [])
        #expect(out.contains(expected), "\(out)")
    }
}

/// The shipped Synthea pack on the real Synthea export in ../shared/data (provenance in its README).
@Suite struct SyntheaPackTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let data = repository.deletingLastPathComponent().appendingPathComponent("shared/data/synthea-2024/csv").path

    private func read(_ dataPath: String) async throws -> Result<IngestResult, IngestError> {
        let pack = Self.repository.appendingPathComponent("plugins/synthea").path
        return try await packThread.perform {
            let packs = try PackResolver(search: PackSearchPath()).resolve([pack])
            let state = try LuaState()
            let loaded = try PackLoader(state: state, params: try ParamSet(packs: packs, overrides: [])).load(packs)
            let builder = MappingBuilder(state: state)
            do { return .success(try Ingestor.read(paths: [dataPath], mappings: try builder.mappings(from: loaded.definitions), transformer: builder)) }
            catch let error as IngestError { return .failure(error) }
        }
    }

    @Test(.enabled(if: FileManager.default.fileExists(atPath: data))) func readsTheSyntheaExportWithExactCounts() async throws {
        let result = try await read(Self.data).get()
        let counts = result.quality.inputs.map { "\($0.dataset):\($0.rows)/\($0.accepted)/\($0.filtered)/\($0.rejected)" }.sorted()
        #expect(counts == ["charges:5567/1579/3988/0", "claims:388/388/0/0", "encounters:388/388/0/0",
                           "patients:11/11/0/0", "payments:5567/2086/3481/0", "staff:47/47/0/0"])
        #expect(result.quality.referentialGaps.isEmpty)
        let encounters = try #require(result.store.table("encounters"))
        #expect(encounters.column("service_date")?.display(0) == "2014-05-06")
        #expect(encounters.column("eligibility_verified_at") == nil, "Synthea has no eligibility events: the column stays absent")
    }

    @Test(.enabled(if: FileManager.default.fileExists(atPath: data))) func anOlderSchemaFailsWithTheMissingColumn() async throws {
        let old = NSTemporaryDirectory() + "synthea-old-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: old, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: old) }
        for file in ["patients.csv", "providers.csv", "claims_transactions.csv"] {
            try FileManager.default.copyItem(atPath: Self.data + "/" + file, toPath: old + "/" + file)
        }
        // An older encounters.csv: the claim cost column had another name.
        let current = try String(contentsOfFile: Self.data + "/encounters.csv", encoding: .utf8)
        try current.replacingOccurrences(of: "TOTAL_CLAIM_COST", with: "TOTAL_COST").write(toFile: old + "/encounters.csv", atomically: false, encoding: .utf8)
        let result = try await read(old)
        guard case .failure(let error) = result else { Issue.record("an old schema was accepted"); return }
        #expect(error.exitCode == 4)
        #expect(error.description.hasPrefix("column 'TOTAL_CLAIM_COST' missing in \(old)/encounters.csv (mapping 'synthea', dataset 'claims')"))
    }
}
