import DataModel

/// Placeholder until the JSON reader lands: JSON inputs are refused with a clear message.
enum JSONFileReader {
    static func read(_ input: InputFile, into builder: TableBuilder, options: IngestOptions) throws(IngestError)
        -> (account: FileAccount, rejects: [RowProblem], issues: [RowProblem]) {
        throw .unsupportedFormat(path: input.path)
    }
}
