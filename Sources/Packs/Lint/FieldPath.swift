import DataModel

/// Resolves "field" or "relation.field" paths from a dataset through one-row relations
/// ("claim.encounter.registered_by", "registered_by_staff.name").
enum FieldPath {
    enum Resolution: Equatable {
        case field(dataset: String, type: FieldType)
        /// The path ends at a row (a relation), not a field.
        case row(dataset: String)
        case unknown(String)
    }

    static func resolve(_ path: String, from dataset: String) -> Resolution {
        var current = dataset
        let parts = path.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        for (index, part) in parts.enumerated() {
            let last = index == parts.count - 1
            if let relation = Schema.relations.first(where: { $0.dataset == current && $0.forward == part }) {
                current = relation.target
                if last { return .row(dataset: current) }
                continue
            }
            guard last else {
                return .unknown("'\(part)' in '\(path)' is not a one-row relation of \(current) (\(oneRowRelations(of: current)))")
            }
            if let type = Schema.fieldType(part, in: current) { return .field(dataset: current, type: type) }
            return .unknown("\(current) has no field '\(part)'" + (suggestion(part, in: current).map { " (did you mean '\($0)'?)" } ?? ""))
        }
        return .unknown("empty path")
    }

    private static func oneRowRelations(of dataset: String) -> String {
        let names = Schema.relations.filter { $0.dataset == dataset }.map(\.forward)
        return names.isEmpty ? "it has none" : "its relations are " + names.joined(separator: ", ")
    }

    private static func suggestion(_ name: String, in dataset: String) -> String? {
        let known = (Schema.dataset(named: dataset)?.fields.map(\.name) ?? [])
            + Schema.derivedFields.filter { $0.dataset == dataset }.map(\.name)
        return ShapeValidator.suggestion(for: name, in: known)
    }
}
