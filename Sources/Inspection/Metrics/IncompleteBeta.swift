import Foundation

/// The regularized incomplete beta function I_x(a, b) = B(x; a, b) / B(a, b), and the Student-t tail that
/// is built on it.
enum IncompleteBeta {
    /// I_x(a, b) for a, b > 0 and 0 ≤ x ≤ 1 (nil otherwise), from the continued fraction
    ///
    ///     I_x(a, b) = x^a (1 − x)^b / (a B(a, b)) · 1 / (1 + d₁ / (1 + d₂ / (1 + …)))
    ///     d₂ₘ₊₁ = −(a + m)(a + b + m) x / ((a + 2m)(a + 2m + 1)),   d₂ₘ = m (b − m) x / ((a + 2m − 1)(a + 2m))
    ///
    /// evaluated with the modified Lentz method, and I_x(a, b) = 1 − I₁₋ₓ(b, a) where the fraction converges
    /// slowly (x > (a + 1) / (a + b + 2)). Absolute error ~1e-14 for parameters up to a few hundred
    /// (the prefactor's `lgamma` differences lose a little relative precision as a and b grow).
    static func regularized(x: Double, a: Double, b: Double) -> Double? {
        guard a > 0, b > 0, x >= 0, x <= 1, a.isFinite, b.isFinite else { return nil }
        if x == 0 { return 0 }
        if x == 1 { return 1 }
        if x > (a + 1) / (a + b + 2) {
            return 1 - continuedFractionForm(x: 1 - x, a: b, b: a)
        }
        return continuedFractionForm(x: x, a: a, b: b)
    }

    /// The two-sided p-value P(|T| ≥ |t|) of Student's t with `degreesOfFreedom` > 0:
    /// I_{ν/(ν + t²)}(ν/2, 1/2). 0 for infinite t; nil for NaN or ν ≤ 0.
    static func studentTTwoSidedPValue(t: Double, degreesOfFreedom: Double) -> Double? {
        guard !t.isNaN, degreesOfFreedom > 0 else { return nil }
        if t.isInfinite { return 0 }
        let x = degreesOfFreedom / (degreesOfFreedom + t * t)
        return regularized(x: x, a: degreesOfFreedom / 2, b: 0.5)
    }

    private static func continuedFractionForm(x: Double, a: Double, b: Double) -> Double {
        let logBeta = lgamma(a) + lgamma(b) - lgamma(a + b)
        let prefactor = exp(a * log(x) + b * log1p(-x) - logBeta) / a
        return prefactor / lentzDenominator(x: x, a: a, b: b)
    }

    /// 1 + d₁ / (1 + d₂ / (1 + …)) by the modified Lentz method (every partial denominator is 1).
    private static func lentzDenominator(x: Double, a: Double, b: Double) -> Double {
        let tiny = 1e-300
        var value = 1.0
        var c = 1.0
        var d = 0.0
        for step in 1...10_000 {
            let m = Double(step / 2)
            let numerator: Double
            if step.isMultiple(of: 2) {
                numerator = m * (b - m) * x / ((a + 2 * m - 1) * (a + 2 * m))
            } else {
                numerator = -(a + m) * (a + b + m) * x / ((a + 2 * m) * (a + 2 * m + 1))
            }
            d = 1 + numerator * d
            if abs(d) < tiny { d = tiny }
            d = 1 / d
            c = 1 + numerator / c
            if abs(c) < tiny { c = tiny }
            let delta = c * d
            value *= delta
            if abs(delta - 1) < 1e-15 { break }
        }
        return value
    }
}
