import DataModel

/// The formats a canonical export may come in.
public enum InputFormat: String, Sendable {
    case csv, json, ndjson
}

/// One file to read and the dataset it fills.
public struct InputFile: Sendable, Equatable {
    public var dataset: String
    public var path: String
    public var format: InputFormat

    public init(dataset: String, path: String, format: InputFormat) {
        self.dataset = dataset
        self.path = path
        self.format = format
    }
}
