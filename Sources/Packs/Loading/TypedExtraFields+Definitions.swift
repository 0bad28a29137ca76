import DataModel
import Ingest

extension TypedExtraFields {
    /// The `field{}` declarations among `definitions`, in load order; a declaration without a
    /// dataset, a name or a known type is skipped (loading has already rejected it).
    public static func declared(in definitions: [Definition]) -> [Field] {
        definitions.filter { $0.kind == "field" }.compactMap { d in
            guard let dataset = d.table["dataset"]?.string, let name = d.table["name"]?.string,
                  let type = FieldType(rawValue: d.table["type"]?.string ?? "") else { return nil }
            return Field(dataset: dataset, name: name, type: type)
        }
    }
}
