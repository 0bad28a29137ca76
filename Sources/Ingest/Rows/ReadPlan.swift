import DataModel

/// How one file's columns are read: per header position, its name, type and whether a row
/// needs it. Required positions are converted first so a rejected row is undone cheaply.
struct ReadPlan: Sendable {
    struct ColumnPlan: Sendable {
        let name: String
        let type: FieldType
        let required: Bool
    }

    let file: String
    let dataset: DatasetSpec
    let columns: [ColumnPlan]
    /// Header positions in conversion order: required fields first.
    let order: [Int]
    let maxRecordBytes: Int

    init(file: String, dataset: DatasetSpec, headers: [String], maxRecordBytes: Int) {
        self.file = file
        self.dataset = dataset
        self.maxRecordBytes = maxRecordBytes
        let plans = headers.map { header in
            if let field = dataset.fields.first(where: { $0.name == header }) {
                return ColumnPlan(name: header, type: field.type, required: field.required)
            }
            return ColumnPlan(name: header, type: .text, required: false)
        }
        columns = plans
        order = plans.indices.filter { plans[$0].required } + plans.indices.filter { !plans[$0].required }
    }

    /// Checks a header against the dataset: no repeats, every required field present.
    static func validate(headers: [String], file: String, dataset: DatasetSpec, line: Int) throws(IngestError) {
        var seen = Set<String>()
        for header in headers where !seen.insert(header).inserted {
            throw .duplicateHeader(file: file, column: header, line: line)
        }
        for field in dataset.requiredFields where !seen.contains(field.name) {
            throw .missingRequiredColumn(file: file, dataset: dataset.name, column: field.name)
        }
    }
}
