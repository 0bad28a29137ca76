extension Schema {
    /// Fields the host derives from the data (SPEC section 3, "Host-derived fields"), readable
    /// by name like canonical ones. `kpiOnly` fields come from policy results and exist only
    /// where KPIs (and `refine`) read rows.
    public struct DerivedField: Sendable, Hashable {
        public let dataset: String
        public let name: String
        public let type: FieldType
        public let kpiOnly: Bool
    }

    public static let derivedFields: [DerivedField] = [
        DerivedField(dataset: "encounters", name: "total_charge", type: .money, kpiOnly: false),
        DerivedField(dataset: "claims", name: "denied", type: .bool, kpiOnly: false),
        DerivedField(dataset: "claims", name: "denial_category", type: .text, kpiOnly: false),
        DerivedField(dataset: "claims", name: "denial_role", type: .text, kpiOnly: false),
        DerivedField(dataset: "claims", name: "paid", type: .money, kpiOnly: false),
        DerivedField(dataset: "claims", name: "days_to_pay", type: .int, kpiOnly: false),
        DerivedField(dataset: "claims", name: "balance_as_of", type: .money, kpiOnly: false),
        DerivedField(dataset: "claims", name: "clean", type: .bool, kpiOnly: true),
        DerivedField(dataset: "adjustments", name: "denial", type: .bool, kpiOnly: false),
        DerivedField(dataset: "adjustments", name: "denial_role", type: .text, kpiOnly: false),
        DerivedField(dataset: "adjustments", name: "denial_category", type: .text, kpiOnly: false),
        DerivedField(dataset: "adjustments", name: "initial", type: .bool, kpiOnly: false),
    ]

    /// The field named `name` of `dataset`: canonical, derived, or a money field's `_cents`.
    public static func fieldType(_ name: String, in dataset: String) -> FieldType? {
        if let spec = Schema.dataset(named: dataset), let field = spec.fields.first(where: { $0.name == name }) {
            return field.type
        }
        if let derived = derivedFields.first(where: { $0.dataset == dataset && $0.name == name }) { return derived.type }
        if name.hasSuffix("_cents"), fieldType(String(name.dropLast(6)), in: dataset) == .money { return .int }
        return nil
    }
}
