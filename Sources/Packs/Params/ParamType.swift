/// The type of a pack parameter (SPEC section 2).
public indirect enum ParamType: Sendable, Equatable, CustomStringConvertible {
    case number, int, money, text, bool, date
    /// A sequence of values of one type.
    case list(ParamType)
    /// Text keys to values of one type; missing keys read the default.
    case map(ParamType)

    public static let scalarNames = ["number", "int", "money", "text", "bool", "date"]

    public init?(scalarName: String) {
        switch scalarName {
        case "number": self = .number
        case "int": self = .int
        case "money": self = .money
        case "text": self = .text
        case "bool": self = .bool
        case "date": self = .date
        default: return nil
        }
    }

    public var description: String {
        switch self {
        case .number: "number"
        case .int: "int"
        case .money: "money"
        case .text: "text"
        case .bool: "bool"
        case .date: "date"
        case .list(let element): "list of \(element)"
        case .map(let value): "map of \(value)"
        }
    }
}
