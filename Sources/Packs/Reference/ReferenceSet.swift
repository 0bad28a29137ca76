import Crypto
import Foundation
import Ingest

/// Every `reference{}` table of a run, by id, read once before the workers start (SPEC
/// section 2). A table's `file` glob is matched inside its pack (`ref/pos_codes.csv`) and, by
/// its last component, in every `--ref DIR` — for licensed code sets no pack may ship. A
/// table no file matched stays empty and `ref.get` on it says to give it with `--ref`.
public struct ReferenceSet: Sendable {
    public static let empty = ReferenceSet(tables: [:], unfound: [:])

    public let tables: [String: ReferenceTable]
    /// Reference ids whose glob matched no file, with the glob.
    public let unfound: [String: String]

    public static func read(_ definitions: [Definition], packs: [LoadedPack], refDirectories: [String]) throws -> ReferenceSet {
        var tables: [String: ReferenceTable] = [:], unfound: [String: String] = [:]
        for definition in definitions where definition.kind == "reference" {
            guard let id = definition.id, let glob = definition.table["file"]?.string,
                  let pack = packs.first(where: { $0.name == definition.pack }) else { continue }
            var sources: [(name: String, bytes: [UInt8])] = []
            let folder = glob.split(separator: "/").dropLast().joined(separator: "/")
            if pack.directory.containsDirectory(folder.isEmpty ? "." : folder) {
                for file in try pack.directory.regularFiles(under: folder) where fnmatch(glob, file, FNM_PATHNAME) == 0 {
                    sources.append((pack.path + "/" + file, try pack.directory.read(file)))
                }
            }
            let base = String(glob.split(separator: "/").last ?? Substring(glob))
            for directory in refDirectories {
                let names = ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).sorted()
                for name in names where fnmatch(base, name, 0) == 0 {
                    let path = directory + "/" + name
                    guard let data = FileManager.default.contents(atPath: path) else {
                        throw PackError.definitionInvalid(label: "reference '\(id)'", location: definition.location, message: "cannot read \(path)")
                    }
                    sources.append((path, [UInt8](data)))
                }
            }
            if sources.isEmpty { unfound[id] = glob }
            tables[id] = try table(definition, id: id, sources: sources)
        }
        return ReferenceSet(tables: tables, unfound: unfound)
    }

    /// Parses the files (the same header in each) and indexes them.
    static func table(_ definition: Definition, id: String, sources: [(name: String, bytes: [UInt8])]) throws -> ReferenceTable {
        let t = definition.table
        func fail(_ message: String) -> PackError {
            PackError.definitionInvalid(label: "reference '\(id)'", location: definition.location, message: message)
        }
        let keys: [String] = t["key"]?.string.map { [$0] } ?? t["key"]?.table?.items.compactMap(\.string) ?? []
        let types = Dictionary(uniqueKeysWithValues: (t["fields"]?.table?.fieldNames ?? []).map { ($0, t["fields"]!.table![$0]!.string ?? "text") })
        let valid = t["valid"]?.table
        var header: [String]?
        // Cells go straight into one arena: a table of millions of rows is a few arrays, not
        // millions of small ones.
        var arena: [UInt8] = [], offsets: [UInt32] = [0], rows = 0
        var files: [(path: String, sha256: String, rows: Int)] = []
        for source in sources {
            var records = DelimitedRecords(bytes: source.bytes, delimiter: UInt8(ascii: ","), maxRecordBytes: 1 << 20)
            var fileRows = 0, fileHeader: [String]?
            while let item = records.next() {
                switch item {
                case .broken(let line, _, let reason): throw fail("\(source.name) line \(line): \(reason)")
                case .record(let fields, let line, _, _):
                    guard let names = fileHeader else {
                        fileHeader = fields.map { String(decoding: $0, as: UTF8.self).trimmingCharacters(in: .whitespaces) }
                        if let header, header != fileHeader! { throw fail("\(source.name) has other columns than \(sources[0].name)") }
                        header = fileHeader
                        continue
                    }
                    guard fields.count == names.count else {
                        throw fail("\(source.name) line \(line): \(fields.count) fields, the header has \(names.count)")
                    }
                    for field in fields {
                        arena += field
                        guard arena.count < Int(UInt32.max) else { throw fail("reference tables are limited to 4 GB of text") }
                        offsets.append(UInt32(arena.count))
                    }
                    fileRows += 1
                }
            }
            rows += fileRows
            files.append((source.name, SHA256.hash(data: source.bytes).map { String(format: "%02x", $0) }.joined(), fileRows))
        }
        let columns = header ?? keys + types.keys.sorted()
        for name in keys + types.keys.sorted() + [valid?["from"]?.string, valid?["to"]?.string].compactMap({ $0 })
        where !columns.contains(name) && !sources.isEmpty {
            throw fail("\(sources[0].name) has no column '\(name)' (columns: \(columns.joined(separator: ", ")))")
        }
        return ReferenceTable(id: id, columns: columns, types: types, keyColumns: keys.compactMap { columns.firstIndex(of: $0) },
                              valid: (valid?["from"]?.string.flatMap { columns.firstIndex(of: $0) }, valid?["to"]?.string.flatMap { columns.firstIndex(of: $0) }),
                              arena: arena, offsets: offsets, rowCount: rows, files: files)
    }
}
