import Foundation
import SandboxSupport

/// Decimal literals in the sandbox as whole numbers of ten-thousandths, money as whole cents. Quantities,
/// unit prices, VAT rates and discounts arrive as JSON numbers or strings ("13", "4.5", "21") [C-multi:
/// FSAPI, JFS fixtures]; more than four decimals are refused [Guess].
enum FactuursturenAmount {
    static let scale: Int64 = 10_000

    /// `text` in ten-thousandths ("4.5" → 45000); nil when it is no plain decimal.
    static func tenThousandths(_ text: String) -> Int64? {
        var digits = Substring(text.trimmingCharacters(in: .whitespaces))
        let negative = digits.hasPrefix("-")
        if negative { digits = digits.dropFirst() }
        let parts = digits.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        guard let whole = parts.first, !whole.isEmpty, whole.count <= 12, whole.allSatisfy({ $0.isASCII && $0.isNumber }),
            let units = Int64(whole)
        else { return nil }
        var fraction = parts.count > 1 ? String(parts[1]) : ""
        guard fraction.count <= 4, fraction.allSatisfy({ $0.isASCII && $0.isNumber }), parts.count == 1 || !fraction.isEmpty
        else { return nil }
        while fraction.count < 4 { fraction += "0" }
        let value = units * scale + Int64(fraction)!
        return negative ? -value : value
    }

    /// `numerator / denominator` rounded half away from zero.
    static func rounded(_ numerator: Int128, _ denominator: Int128) -> Int64 {
        let half = denominator / 2
        let magnitude = (numerator.magnitude + UInt128(half)) / UInt128(denominator)
        return numerator < 0 ? -Int64(magnitude) : Int64(magnitude)
    }

    /// A line's total in cents: quantity × unit price less the line's discount percentage, rounded per line
    /// [Guess: the fixtures show only whole amounts, `linetotal` 52 for 4 × 13].
    static func lineTotalCents(quantity: Int64, unitPrice: Int64, discountPercent: Int64) -> Int64 {
        // quantity and price in 10^-4, the discount in 10^-4 percent: cents = q·p·(100% − d) / 10^4 / 10^4 / 10^6 · 100.
        let numerator = Int128(quantity) * Int128(unitPrice) * (Int128(100 * scale) - Int128(discountPercent))
        return rounded(numerator, Int128(scale) * Int128(scale) * Int128(100 * scale) / 100)
    }

    /// VAT of `netCents` at `ratePercent` (in 10^-4 percent), rounded to the cent.
    static func vatCents(netCents: Int64, ratePercent: Int64) -> Int64 {
        rounded(Int128(netCents) * Int128(ratePercent), Int128(100 * scale))
    }

    /// "62.92", "-0.50".
    static func text(cents: Int64) -> String {
        let magnitude = cents.magnitude
        let fraction = magnitude % 100
        return (cents < 0 ? "-" : "") + "\(magnitude / 100)." + (fraction < 10 ? "0" : "") + "\(fraction)"
    }

    /// A ten-thousandths value as its shortest decimal ("21", "4.5").
    static func text(tenThousandths value: Int64) -> String {
        let magnitude = value.magnitude
        var fraction = String(magnitude % UInt64(scale))
        while fraction.count < 4 { fraction = "0" + fraction }
        while fraction.hasSuffix("0") { fraction.removeLast() }
        return (value < 0 ? "-" : "") + "\(magnitude / UInt64(scale))" + (fraction.isEmpty ? "" : "." + fraction)
    }
}
