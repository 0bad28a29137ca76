/// A reference from a field of one dataset to the id of another (SPEC section 3's relations table).
///
/// Each relation is indexed both ways: `forward` names the one-row side (`charge.encounter`),
/// `reverse` the many-rows side on the target (`encounter.charges`), nil when SPEC names none.
public struct Relation: Sendable, Hashable {
    public let dataset: String
    public let field: String
    public let target: String
    public let forward: String
    public let reverse: String?

    public init(_ dataset: String, _ field: String, to target: String, as forward: String, reverse: String?) {
        self.dataset = dataset
        self.field = field
        self.target = target
        self.forward = forward
        self.reverse = reverse
    }
}
