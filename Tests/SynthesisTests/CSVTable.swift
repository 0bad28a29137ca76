import Foundation

/// A whole CSV file parsed per RFC 4180, small enough for tests (quotes, doubled quotes).
struct CSVTable: Sendable {
    let header: [String]
    let rows: [[String]]
    /// The file's raw first line, to check the header byte for byte.
    let headerLine: String

    init(path: String) throws {
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
        var records: [[String]] = []
        var record: [String] = []
        var field: [UInt8] = []
        var inQuotes = false
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if inQuotes {
                if byte == 0x22 {
                    if index + 1 < bytes.count && bytes[index + 1] == 0x22 {
                        field.append(0x22)
                        index += 1
                    } else {
                        inQuotes = false
                    }
                } else {
                    field.append(byte)
                }
            } else if byte == 0x22 {
                inQuotes = true
            } else if byte == 0x2C {
                record.append(String(decoding: field, as: UTF8.self))
                field.removeAll(keepingCapacity: true)
            } else if byte == 0x0A {
                record.append(String(decoding: field, as: UTF8.self))
                field.removeAll(keepingCapacity: true)
                records.append(record)
                record = []
            } else {
                field.append(byte)
            }
            index += 1
        }
        if !record.isEmpty || !field.isEmpty {
            record.append(String(decoding: field, as: UTF8.self))
            records.append(record)
        }
        header = records.first ?? []
        rows = Array(records.dropFirst())
        let firstLineEnd = bytes.firstIndex(of: 0x0A) ?? bytes.count
        headerLine = String(decoding: bytes[..<firstLineEnd], as: UTF8.self)
    }

    /// Position of a column; traps when missing, which fails the test loudly.
    func column(_ name: String) -> Int {
        guard let index = header.firstIndex(of: name) else { fatalError("no column \(name) in \(header)") }
        return index
    }

    /// All values of a column.
    func values(_ name: String) -> [String] {
        let index = column(name)
        return rows.map { $0[index] }
    }
}
