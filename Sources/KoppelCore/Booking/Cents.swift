/// A whole number of cents: what a ledger books. 40.85 is `Cents(4085)`.
///
/// Amounts from a shop stay exact `Amount`s (four decimals) until the one rounding step of the
/// booking; from then on everything is cents, added and compared exactly.
public struct Cents: Hashable, Comparable, Sendable, Codable {
    public var value: Int64

    public static let zero = Cents(0)

    public init(_ value: Int64) {
        self.value = value
    }

    public static func < (lhs: Cents, rhs: Cents) -> Bool { lhs.value < rhs.value }
    public static func + (lhs: Cents, rhs: Cents) -> Cents { Cents(lhs.value + rhs.value) }
    public static func - (lhs: Cents, rhs: Cents) -> Cents { Cents(lhs.value - rhs.value) }
    public static prefix func - (cents: Cents) -> Cents { Cents(-cents.value) }
    public static func += (lhs: inout Cents, rhs: Cents) { lhs.value += rhs.value }
    public static func -= (lhs: inout Cents, rhs: Cents) { lhs.value -= rhs.value }

    /// The magnitude, for tolerances: |−3| is 3.
    public var magnitude: Cents { Cents(value < 0 ? -value : value) }
    public var isZero: Bool { value == 0 }

    /// The exact amount these cents are.
    public var amount: Amount { Amount(cents: value) }

    /// Encoded as a plain number of cents, so a stored document reads back exactly.
    public init(from decoder: any Decoder) throws {
        value = try decoder.singleValueContainer().decode(Int64.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(value)
    }
}

extension Cents: CustomStringConvertible {
    /// Two decimals, a point, a leading minus when negative: "40.85", "-3.38", "0.00".
    public var description: String {
        let magnitude = value.magnitude
        let fraction = magnitude % 100
        return (value < 0 ? "-" : "") + "\(magnitude / 100)." + (fraction < 10 ? "0" : "") + "\(fraction)"
    }
}

extension Cents {
    /// Parses "40.85", "-3.38", "7", "0.5": optional minus, digits, at most two decimals.
    public init(parsing text: String) throws(AmountParseError) {
        self.init(try parseFixedPoint(text, decimals: 2, maxWholeDigits: 15))
    }
}

extension Amount {
    /// The amount in whole cents, rounded half away from zero (see `roundedCents`).
    public var cents: Cents { Cents(roundedCents) }
}

extension Sequence where Element == Cents {
    /// The exact sum.
    public func sum() -> Cents { reduce(.zero, +) }
}
