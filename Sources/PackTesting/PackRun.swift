import DataModel
import Engine
import Foundation
import Ingest
import LuaRuntime
import Packs

/// What one test's `upstream.run{…}` asked for, built up by the prelude's host calls.
final class RunRequest {
    var fixture: String?
    /// dataset → row number (from 1) → field → text.
    var rows: [String: [Int: [String: String]]] = [:]
    var params: [String] = []

    /// Forgets the previous request; `fixture` nil means rows come inline.
    func begin(fixture: String?) {
        self.fixture = fixture
        rows = [:]
        params = []
    }

    /// Records a cell (or, with no field, that the row or dataset exists); returns a problem.
    func cell(dataset: String, row: Int, field: String?, value: String?) -> String? {
        guard Schema.dataset(named: dataset) != nil else {
            return "unknown dataset '\(dataset)' in data; the datasets are " + Schema.datasets.map(\.name).joined(separator: ", ")
        }
        var table = rows[dataset] ?? [:]
        defer { rows[dataset] = table }
        guard row > 0 else { return nil }
        guard row <= 100_000 else { return "data.\(dataset) has more than 100,000 rows; use a fixture folder" }
        var cells = table[row] ?? [:]
        if let field { cells[field] = value ?? "" }
        table[row] = cells
        return nil
    }

    var data: TestData {
        if let fixture { return .fixture(fixture) }
        return .inline(rows.filter { !$0.value.isEmpty }.mapValues { byRow in byRow.keys.sorted().map { byRow[$0]! } })
    }
}

/// Runs a pack, with its requirements, on a test's data exactly as `upstream run` would: the
/// packs' mappings read the data, then the engine evaluates it, once per job count; the
/// reports must be identical (their `started_at` is shared).
struct PackRun {
    struct Outcome {
        /// A Lua chunk returning the report as a table.
        var chunk: String
        var results: RunResults
        /// How many reports were made and found identical.
        var reports: Int
    }

    let packs: [LoadedPack]
    let tested: LoadedPack
    let options: PackTestOptions

    func run(_ data: TestData, params: [String], asOf: String?) throws -> Outcome {
        var asOfDays: Int32?
        if let asOf {
            guard let days = DateText.days(asOf) else { throw TestRunError("as_of '\(asOf)' is not a date YYYY-MM-DD") }
            asOfDays = days
        }
        let parameters: ParamSet
        do { parameters = try ParamSet(packs: packs, overrides: options.params + params.sorted()) } catch {
            throw TestRunError("params: \(error)")
        }
        let prepared = try data.prepare(pack: tested)
        defer { prepared.remove() }
        let started = ISO8601DateFormatter().string(from: Date())
        var reports: [(jobs: Int, text: String, results: RunResults)] = []
        for jobs in options.jobCounts {
            let read = try read(prepared.paths, params: parameters, jobs: jobs)
            let results: RunResults
            do {
                results = try EngineRun.run(packs: packs, params: parameters, read: read, options: EngineRun.Options(
                    jobs: jobs, asOf: asOfDays, toolVersion: options.toolVersion, startedAt: started, limits: options.limits))
            } catch {
                throw TestRunError("the run failed: \(error)")
            }
            reports.append((jobs, Self.relative(RunReport.json(results).rendered(), prepared: prepared), results))
        }
        guard let first = reports.first else { throw TestRunError("no job counts to run with") }
        for other in reports.dropFirst() where other.text != first.text {
            throw TestRunError("the report with --jobs \(first.jobs) differs from the report with --jobs \(other.jobs): "
                + Self.firstDifference(first.text, other.text) + "; results must not depend on --jobs")
        }
        do { return Outcome(chunk: try LuaLiteral.chunk(fromJSON: first.text), results: first.results, reports: reports.count) } catch {
            throw TestRunError("\(error)")
        }
    }

    /// The report with its data files named as the test names them, so it does not depend on
    /// where the pack is: `fixtures/basic/encounters.csv`, or `inline/encounters.csv` for rows
    /// written into a throwaway folder.
    static func relative(_ report: String, prepared: TestData.Prepared) -> String {
        guard let (folder, name) = prepared.temporary.map({ ($0 + "/", "inline/") }) ?? prepared.testsFolder.map({ ($0 + "/", "") })
        else { return report }
        return report.replacingOccurrences(of: String(JSONText.quote(folder).dropLast()), with: "\"" + name)
    }

    /// "line N: `a` against `b`" for the first line where two reports differ.
    static func firstDifference(_ a: String, _ b: String) -> String {
        let left = a.split(separator: "\n", omittingEmptySubsequences: false)
        let right = b.split(separator: "\n", omittingEmptySubsequences: false)
        for index in 0..<max(left.count, right.count) {
            let l = index < left.count ? String(left[index]) : "(end)"
            let r = index < right.count ? String(right[index]) : "(end)"
            if l != r {
                return "line \(index + 1): `\(l.trimmingCharacters(in: .whitespaces))` against `\(r.trimmingCharacters(in: .whitespaces))`"
            }
        }
        return "no line differs"
    }

    /// Loads the packs in a reading state (for their mappings) and reads the data.
    private func read(_ paths: [String], params: ParamSet, jobs: Int) throws -> PackIngest {
        let limits = options.limits
        let packs = packs
        do {
            return try LuaThread(name: "upstream.test.read").run {
                try PackIngest.read(paths: paths, packs: packs, params: params, limits: limits, options: IngestOptions(jobs: jobs))
            }
        } catch let error as IngestError {
            throw TestRunError("the data could not be read: \(error)")
        } catch {
            throw TestRunError("\(error)")
        }
    }
}
