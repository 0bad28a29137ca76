import Foundation

/// How a person's latent proficiency turns into error rates, assessment scores and lags.
///
/// The product's thesis (DOMAIN.md 6.3) is that denials trace back to people below their role's
/// proficiency threshold. The generator makes that true by construction: every error probability
/// is a base rate times `errorFactor`, which is 1 at the pass mark and grows as proficiency falls.
enum Proficiency {
    /// The pass mark used for assessments (DOMAIN.md 6.1: organizations commonly use 0.80–0.85;
    /// this is the generator's choice, not a standard).
    static let passMark = 0.85

    /// How much completing remediation training after a failed check raises proficiency: enough
    /// for a before/after comparison to show fewer errors, not enough to erase the gap.
    static let remediationGain = 0.04

    /// Multiplier for error probabilities: ((1 − p) / (1 − passMark))^1.6, clamped to
    /// [0.15, 4]. A person at 0.95 makes about a quarter of the errors of one at the pass mark;
    /// one at 0.75 makes about twice as many. Averaged over a realistic spread this gives staff
    /// below the pass mark roughly 2–3 times the error rate of staff above it.
    static func errorFactor(_ proficiency: Double) -> Double {
        let relative = max(1 - proficiency, 0.001) / (1 - passMark)
        return min(max(pow(relative, 1.6), 0.15), 4)
    }

    /// Multiplier for waits and lags (charge lag, coding days, edit fixes): milder than the error
    /// factor, since slow work is less sensitive to skill than wrong work.
    static func delayFactor(_ proficiency: Double) -> Double {
        0.6 + 0.4 * errorFactor(proficiency)
    }

    /// An observed assessment score for a latent proficiency: the latent value plus a little
    /// noise, so that scores rank people almost, but not exactly, as their true skill does.
    static func observedScore(_ proficiency: Double, random: inout SeededRandom) -> Double {
        min(max(random.normal(mean: proficiency, deviation: 0.025), 0.3), 1)
    }
}
