/// Clinical departments of the synthetic hospital, the diagnoses seen there and which encounter
/// classes they serve.
enum ClinicalDepartment: Int, CaseIterable, Sendable {
    case emergency, hospitalMedicine, familyMedicine, internalMedicine, cardiology, orthopedics
    case radiology, generalSurgery

    var name: String {
        switch self {
        case .emergency: return "Emergency"
        case .hospitalMedicine: return "Hospital Medicine"
        case .familyMedicine: return "Family Medicine"
        case .internalMedicine: return "Internal Medicine"
        case .cardiology: return "Cardiology"
        case .orthopedics: return "Orthopedics"
        case .radiology: return "Radiology"
        case .generalSurgery: return "General Surgery"
        }
    }

    /// Providers in the department at the base volume (5,000 encounters a year).
    var baseProviders: Int {
        switch self {
        case .emergency, .hospitalMedicine, .familyMedicine: return 4
        case .radiology: return 2
        default: return 3
        }
    }

    /// ICD-10-CM codes typical of the department; the first few are the most common.
    var diagnoses: [String] {
        switch self {
        case .emergency: return ["R07.9", "R10.9", "S93.401A", "J06.9", "N39.0", "R51.9", "S01.81XA"]
        case .hospitalMedicine: return ["J18.9", "N39.0", "I50.9", "A41.9", "J44.1", "E11.65"]
        case .familyMedicine: return ["Z00.00", "I10", "E11.9", "J06.9", "E78.5", "F41.1"]
        case .internalMedicine: return ["I10", "E11.9", "E78.5", "K21.9", "M54.50", "F32.A"]
        case .cardiology: return ["I25.10", "I48.91", "I10", "R07.9", "I50.9"]
        case .orthopedics: return ["M17.11", "M17.12", "S83.241A", "M54.50", "M25.561"]
        case .radiology: return ["R10.9", "R51.9", "M54.50", "R07.9", "R91.8"]
        case .generalSurgery: return ["K35.80", "K80.20", "K40.90", "Z12.11", "K57.30"]
        }
    }
}

/// Encounter classes of SPEC section 5 and the departments that see them.
enum EncounterClass: Int, CaseIterable, Sendable {
    case ambulatory, outpatient, emergency, observation, inpatient

    var name: String {
        switch self {
        case .ambulatory: return "ambulatory"
        case .outpatient: return "outpatient"
        case .emergency: return "emergency"
        case .observation: return "observation"
        case .inpatient: return "inpatient"
        }
    }

    /// Share of encounters in the class.
    static let weights: [Double] = [0.40, 0.27, 0.18, 0.05, 0.10]

    /// Departments that can hold an encounter of this class, with weights.
    var departments: [(ClinicalDepartment, Double)] {
        switch self {
        case .ambulatory:
            return [(.familyMedicine, 0.35), (.internalMedicine, 0.30), (.cardiology, 0.18),
                    (.orthopedics, 0.17)]
        case .outpatient:
            return [(.radiology, 0.45), (.orthopedics, 0.15), (.generalSurgery, 0.20),
                    (.cardiology, 0.20)]
        case .emergency:
            return [(.emergency, 1)]
        case .observation:
            return [(.hospitalMedicine, 0.6), (.cardiology, 0.4)]
        case .inpatient:
            return [(.hospitalMedicine, 0.55), (.cardiology, 0.15), (.orthopedics, 0.15),
                    (.generalSurgery, 0.15)]
        }
    }

    /// Hospital claims are institutional (UB-04 / 837I); clinic visits are professional.
    var isInstitutional: Bool { self != .ambulatory }

    /// Whether the visit is booked ahead (and so has `scheduled_at` and pre-registration).
    var isScheduled: Bool { self == .ambulatory || self == .outpatient }
}
