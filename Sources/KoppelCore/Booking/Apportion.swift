/// Splitting and rounding so that parts add up exactly to a whole.
///
/// Both functions use the largest-remainder method: every part first gets its exact share
/// rounded half away from zero, then the few units the rounded parts are off from the target
/// go, one at a time, to the parts whose rounding moved them furthest the other way (ties: the
/// earlier part). The result is deterministic and never off by more than one unit per part.
public enum Apportion {
    /// Rounds exact values to whole units that add up to `target`. `exact[i] / unit` is the
    /// exact value of part i in the target's units (for example ten-thousandths with `unit` 100
    /// give cents).
    public static func round(_ exact: [Int128], unit: Int128, to target: Int64) -> [Int64] {
        precondition(unit > 0)
        guard !exact.isEmpty else { return [] }
        // Symmetric in sign: a negative whole is the mirror of the positive one, so ties favour
        // the earlier part in magnitude either way.
        if target < 0 { return round(exact.map { -$0 }, unit: unit, to: -target).map { -$0 } }
        var parts = exact.map { Int64(roundHalfAwayFromZero($0, unit)) }
        // error > 0: the part was rounded down (it deserves more); < 0: rounded up.
        var errors = zip(exact, parts).map { $0 - Int128($1) * unit }
        var missing = target - parts.reduce(0, +)
        while missing != 0 {
            let step: Int64 = missing > 0 ? 1 : -1
            let index = step > 0
                ? errors.indices.max { errors[$0] < errors[$1] || (errors[$0] == errors[$1] && $0 > $1) }!
                : errors.indices.min { errors[$0] < errors[$1] || (errors[$0] == errors[$1] && $0 > $1) }!
            parts[index] += step
            errors[index] -= Int128(step) * unit
            missing -= step
        }
        return parts
    }

    /// Splits `total` over parts in proportion to `weights` (pro rata), in the same unit as
    /// `total`, exactly adding up to it. With no weight at all the first part takes everything.
    public static func split(_ total: Int64, weights: [Int64]) -> [Int64] {
        guard !weights.isEmpty else { return [] }
        let whole = Int128(weights.reduce(0, +))
        guard whole != 0 else { return [total] + Array(repeating: 0, count: weights.count - 1) }
        // Share i is total × w_i / Σw: kept exact as total × w_i in units of Σw.
        let sign: Int128 = whole < 0 ? -1 : 1
        return round(weights.map { Int128(total) * Int128($0) * sign }, unit: whole * sign, to: total)
    }

    /// `value / unit` rounded half away from zero.
    public static func roundHalfAwayFromZero(_ value: Int128, _ unit: Int128) -> Int128 {
        let magnitude = (value < 0 ? -value : value)
        let rounded = (magnitude + unit / 2) / unit
        // An odd unit has no exact half; `unit / 2` then rounds down, which is still correct.
        return value < 0 ? -rounded : rounded
    }
}
