/// A payer of the synthetic organization and the contract terms that shape its remits.
///
/// Allowed ratios, copays and filing limits are the generator's assumptions, chosen within the
/// ranges DOMAIN.md section 4 gives (timely filing limits of 90–365 days; Medicare one year).
struct Payer: Sendable {
    let id: [UInt8]
    let financialClass: [UInt8]
    let share: Double
    /// Allowed amount as a share of gross charges; the rest is the CO-45 contractual adjustment.
    let allowedRatio: Double
    let filingLimitDays: Int
    let copayCents: Int64
    let coinsurance: Double
    let usesPriorAuthorization: Bool
    /// Mean days from submission to the 835.
    let adjudicationDays: Int
    /// Prefix of member ids, so each payer's ids look alike (DOMAIN.md 2.2 edit 2).
    let memberPrefix: [UInt8]
    /// Self-pay encounters have no payer and no claim.
    var isSelfPay: Bool { id.isEmpty }

    init(_ id: String, _ financialClass: String, share: Double, allowed: Double, filing: Int,
         copay: Int, coinsurance: Double, auth: Bool, days: Int, memberPrefix: String) {
        self.id = Array(id.utf8)
        self.financialClass = Array(financialClass.utf8)
        self.share = share
        self.allowedRatio = allowed
        self.filingLimitDays = filing
        self.copayCents = Int64(copay) * 100
        self.coinsurance = coinsurance
        self.usesPriorAuthorization = auth
        self.adjudicationDays = days
        self.memberPrefix = Array(memberPrefix.utf8)
    }

    static let all: [Payer] = [
        Payer("MCR", "medicare", share: 0.30, allowed: 0.36, filing: 365, copay: 0,
              coinsurance: 0.20, auth: false, days: 16, memberPrefix: "1EG"),
        Payer("MCD", "medicaid", share: 0.17, allowed: 0.30, filing: 180, copay: 0,
              coinsurance: 0, auth: true, days: 24, memberPrefix: "MD"),
        Payer("CMA", "commercial", share: 0.20, allowed: 0.55, filing: 90, copay: 30,
              coinsurance: 0.20, auth: true, days: 21, memberPrefix: "XQA"),
        Payer("CMB", "commercial", share: 0.14, allowed: 0.60, filing: 180, copay: 40,
              coinsurance: 0.10, auth: true, days: 18, memberPrefix: "ZKB"),
        Payer("CMC", "commercial", share: 0.08, allowed: 0.50, filing: 120, copay: 25,
              coinsurance: 0.20, auth: true, days: 28, memberPrefix: "HPC"),
        Payer("WCX", "other", share: 0.03, allowed: 0.70, filing: 365, copay: 0,
              coinsurance: 0, auth: true, days: 35, memberPrefix: "WC"),
        Payer("", "self_pay", share: 0.08, allowed: 1, filing: 0, copay: 0,
              coinsurance: 0, auth: false, days: 0, memberPrefix: ""),
    ]
}
