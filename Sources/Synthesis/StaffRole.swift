/// The roles of SPEC section 5, with what the generator needs to know about each: its home
/// department, the skills it is assessed on and the courses its training track assigns.
public enum StaffRole: Int, CaseIterable, Sendable {
    case patientAccess, scheduling, clinician, provider, chargeCapture, coding, billing
    case credentialing, leadership

    /// The role name as written in `staff.role` and `engagement.audience_role`.
    public var name: String {
        switch self {
        case .patientAccess: return "patient_access"
        case .scheduling: return "scheduling"
        case .clinician: return "clinician"
        case .provider: return "provider"
        case .chargeCapture: return "charge_capture"
        case .coding: return "coding"
        case .billing: return "billing"
        case .credentialing: return "credentialing"
        case .leadership: return "leadership"
        }
    }

    /// Revenue-cycle department of the role; clinical roles take their clinical department.
    var revenueCycleDepartment: String {
        switch self {
        case .patientAccess: return "Patient Access"
        case .scheduling: return "Central Scheduling"
        case .chargeCapture: return "Charge Integrity"
        case .coding: return "Coding & HIM"
        case .billing: return "Patient Financial Services"
        case .credentialing: return "Provider Enrollment"
        case .clinician, .provider, .leadership: return "Revenue Cycle"
        }
    }

    /// Skills assessed for the role (DOMAIN.md 6.1: role-based curricula with a proficiency
    /// check per role). The first skill is the one that drives the role's error rates.
    var assessedSkills: [String] {
        switch self {
        case .patientAccess: return ["registration", "authorization"]
        case .scheduling: return ["scheduling"]
        case .clinician: return ["documentation"]
        case .provider: return ["documentation"]
        case .chargeCapture: return ["charge_capture"]
        case .coding: return ["coding"]
        case .billing: return ["billing"]
        case .credentialing: return ["credentialing"]
        case .leadership: return ["leadership"]
        }
    }

    /// Role-track courses assigned after the shared RCM-101.
    var courses: [TrainingCourse] {
        switch self {
        case .patientAccess:
            return [.init(id: "PA-201", title: "Registration and Insurance Verification"),
                    .init(id: "PA-210", title: "Prior Authorization Workflow")]
        case .scheduling:
            return [.init(id: "SCH-201", title: "Scheduling and Order Intake")]
        case .clinician:
            return [.init(id: "CLN-201", title: "Nursing Documentation and Charge Capture")]
        case .provider:
            return [.init(id: "PRV-201", title: "Provider Documentation, Orders and Medical Necessity")]
        case .chargeCapture:
            return [.init(id: "CHG-201", title: "Charge Capture and the Chargemaster")]
        case .coding:
            return [.init(id: "COD-201", title: "ICD-10-CM and CPT Coding"),
                    .init(id: "COD-220", title: "Modifiers and NCCI Edits")]
        case .billing:
            return [.init(id: "BIL-201", title: "Claim Edits, Submission and Follow-up"),
                    .init(id: "BIL-230", title: "Denial Management and Appeals")]
        case .credentialing:
            return [.init(id: "CRD-201", title: "Provider Enrollment and Payer Credentialing")]
        case .leadership:
            return [.init(id: "LDR-201", title: "Leading Revenue Cycle Teams")]
        }
    }
}

/// One course of a training track.
struct TrainingCourse: Sendable {
    let id: String
    let title: String

    /// Every role takes the shared fundamentals course first.
    static let fundamentals = TrainingCourse(id: "RCM-101", title: "Revenue Cycle Fundamentals")
    /// Assigned to people whose assessment fell below the pass mark.
    static let remediation = TrainingCourse(id: "RCM-150", title: "Proficiency Remediation")
}
