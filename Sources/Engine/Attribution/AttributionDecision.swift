/// Why one adjustment got its role, category and person (SPEC section 3, "Denials"), for
/// `explain`. The full run keeps only positions and flags here; `explain` turns
/// them into words with the rules and the adjustment's own codes, so no text is built per row.
public struct AttributionDecision: Sendable, Equatable {
    /// Which key of the CARC table matched, most specific first.
    public enum CarcKey: Sendable, Equatable {
        /// `"CARC+RARC"`; the payload is the position of that RARC in the adjustment's remarks.
        case withRemark(Int)
        /// `"GROUP-CARC"`, such as `"OA-23"`.
        case withGroup
        case carc
        /// No key matched: the adjustment keeps role `unattributed`, category `unknown`.
        case none
    }

    /// Where the person came from.
    public enum PersonSource: Sendable, Equatable {
        /// Not a denial: nobody is attributed.
        case notADenial
        /// The staff path of the final role (which may lead nowhere: person unknown).
        case rolePath
        /// A `refine` function named the person.
        case refine
    }

    public var carcKey: CarcKey
    /// Position in the adjustment's remarks of the RARC entry that overrode role and category.
    public var overridingRemark: Int?
    /// Set only when a `refine` function answered.
    public var refinement: Refinement?
    public var person: PersonSource

    public init(carcKey: CarcKey, overridingRemark: Int? = nil, refinement: Refinement? = nil, person: PersonSource) {
        self.carcKey = carcKey
        self.overridingRemark = overridingRemark
        self.refinement = refinement
        self.person = person
    }

    /// The value `ctx.source` carries into `refine`: "carc", "rarc" or "none".
    public var tableSource: String {
        if overridingRemark != nil { return "rarc" }
        return carcKey == .none ? "none" : "carc"
    }
}

/// A `refine` function's answer: what to change, why, and which pack said so. A class, so a
/// decision without one (nearly all) stays a few bytes.
public final class Refinement: Sendable, Equatable {
    public let role: String?
    public let category: String?
    public let staff: String?
    public let evidence: String?
    /// The pack whose `refine` function answered.
    public let pack: String

    public init(role: String?, category: String?, staff: String?, evidence: String?, pack: String) {
        self.role = role
        self.category = category
        self.staff = staff
        self.evidence = evidence
        self.pack = pack
    }

    public static func == (a: Refinement, b: Refinement) -> Bool {
        (a.role, a.category, a.staff, a.evidence, a.pack) == (b.role, b.category, b.staff, b.evidence, b.pack)
    }
}
