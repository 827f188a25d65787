/// A VAT rate as a ledger needs it: the exact percentage and what kind of rate it is.
///
/// The percentage is held in basis points (2100 = 21 %, 550 = 5.5 %, 2550 = 25.5 %), so no rate
/// is ever a binary fraction.
public struct VATRate: Hashable, Sendable, Codable {
    public var basisPoints: Int
    public var kind: Kind

    public enum Kind: Hashable, Sendable, Codable {
        /// The shop country's standard rate.
        case standard
        /// One of the shop country's reduced rates.
        case reduced
        /// A domestic sale at 0 % (no VAT charged, not ICP, not export).
        case zero
        /// Intra-EU supply to a business with a VAT number: 0 %, VAT reverse-charged ("ICP").
        case icp
        /// Sale to a customer outside the EU: 0 %.
        case export
        /// Another member state's rate charged under the One-Stop Shop (distance sales).
        case oss(country: String)
        /// A non-EU country's VAT the shop charges (for example UK VAT through a geo zone).
        case foreign(country: String)
        /// Not VAT at all: rounding, gift vouchers sold, fixed per-unit levies such as eco tax.
        case outOfScope
    }

    public init(basisPoints: Int, kind: Kind) {
        self.basisPoints = basisPoints
        self.kind = kind
    }

    public static let outOfScope = VATRate(basisPoints: 0, kind: .outOfScope)

    /// The percentage as people write it: "21%", "5.5%", "25.5%", "0%".
    public var label: String {
        let whole = basisPoints / 100
        var fraction = basisPoints % 100
        guard fraction != 0 else { return "\(whole)%" }
        var digits = fraction < 10 ? "0" : ""
        if fraction % 10 == 0 { fraction /= 10; digits = "" }
        return "\(whole).\(digits)\(fraction)%"
    }

    /// VAT on `net` at this rate, exact, in hundred-millionths (10⁻⁸) of the currency unit:
    /// an `Amount` (10⁻⁴) times basis points (10⁻⁴) needs no rounding at all.
    public func exactVAT(on net: Amount) -> Int64 {
        net.tenThousandths * Int64(basisPoints)
    }
}
