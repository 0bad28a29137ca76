import DataModel
import LuaRuntime

/// `loaded(dataset)` and `has_field("dataset.field")` (SPEC section 3): what the input holds,
/// so callbacks can degrade gracefully instead of being skipped.
public enum DataHelpers {
    public static let specs: [HelperSpec] = [
        HelperSpec(name: "loaded", signature: "loaded(dataset)", summary: "true when the dataset (\"charges\") was loaded", availability: .callbacks),
        HelperSpec(name: "has_field", signature: "has_field(\"dataset.field\")",
                   summary: "true when rows of the dataset can read the field from this input (a column present, a host-derived field, a `_cents` companion)",
                   availability: .callbacks),
    ]

    /// `facts` nil: loading before the data is known; both helpers raise.
    static func functions(facts: DataFacts?) -> [(String, HostFunction)] {
        func known(_ helper: String) throws -> DataFacts {
            guard let facts else { throw HostFunctionError("\(helper) is known once the data is read; call it inside a callback") }
            return facts
        }
        return [
            ("loaded", { args in
                guard case .string(let dataset)? = args.first else { throw HostFunctionError("loaded(dataset): dataset must be a name such as \"charges\"") }
                guard Schema.dataset(named: dataset) != nil else { throw HostFunctionError("loaded: no dataset '\(dataset)'") }
                return [.boolean(try known("loaded()").datasets.contains(dataset))]
            }),
            ("has_field", { args in
                guard case .string(let path)? = args.first, let dot = path.firstIndex(of: "."),
                      !path[path.index(after: dot)...].isEmpty
                else { throw HostFunctionError("has_field(\"dataset.field\"): give a dataset and a field, such as \"encounters.auth_number\"") }
                let dataset = String(path[..<dot])
                guard Schema.dataset(named: dataset) != nil else { throw HostFunctionError("has_field: no dataset '\(dataset)'") }
                return [.boolean(try known("has_field()").fields.contains(path))]
            }),
        ]
    }
}
