/// An exact amount of money with four decimals, as OpenCart stores it (`DECIMAL(15,4)`).
///
/// Held as a whole number of ten-thousandths so that sums and comparisons are exact; a `Double`
/// would turn 0.1 + 0.2 into 0.30000000000000004 and lose cents over a batch of orders.
public struct Amount: Hashable, Comparable, Sendable {
    /// The amount in ten-thousandths of the currency unit: 40.8469 is 408469.
    public var tenThousandths: Int64

    public static let scale: Int64 = 10_000
    public static let zero = Amount(tenThousandths: 0)

    /// The largest magnitude a `DECIMAL(15,4)` column holds: 11 digits before the point.
    public static let limit = Amount(tenThousandths: 99_999_999_999_9999)

    public init(tenThousandths: Int64) {
        self.tenThousandths = tenThousandths
    }

    public init(cents: Int64) {
        self.tenThousandths = cents * 100
    }

    public static func < (lhs: Amount, rhs: Amount) -> Bool {
        lhs.tenThousandths < rhs.tenThousandths
    }

    public static func + (lhs: Amount, rhs: Amount) -> Amount {
        Amount(tenThousandths: lhs.tenThousandths + rhs.tenThousandths)
    }

    public static func - (lhs: Amount, rhs: Amount) -> Amount {
        Amount(tenThousandths: lhs.tenThousandths - rhs.tenThousandths)
    }

    public static prefix func - (amount: Amount) -> Amount {
        Amount(tenThousandths: -amount.tenThousandths)
    }

    public var isNegative: Bool { tenThousandths < 0 }

    /// Whole cents, rounded half away from zero (0.005 → 0.01, −0.005 → −0.01): the rule Dutch
    /// invoices and OpenCart's own display rounding (PHP `round`) use. This is the only place an
    /// amount loses precision.
    public var roundedCents: Int64 {
        let magnitude = tenThousandths.magnitude
        let cents = Int64((magnitude + 50) / 100)
        return tenThousandths < 0 ? -cents : cents
    }
}

extension Amount: CustomStringConvertible {
    /// Four decimals, as OpenCart writes it: "40.8469", "-3.3825", "0.0000".
    public var description: String {
        let magnitude = tenThousandths.magnitude
        let whole = magnitude / UInt64(Amount.scale)
        let fraction = magnitude % UInt64(Amount.scale)
        let digits = String(fraction)
        let padded = String(repeating: "0", count: 4 - digits.count) + digits
        return (tenThousandths < 0 ? "-" : "") + "\(whole).\(padded)"
    }
}
