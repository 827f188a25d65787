/// The shop's arithmetic in whole numbers: cents, millionths of a unit (the excl. amounts carry up to 6
/// decimals [SPEC `TaxPrice.amount`]) and rates in basis points. No `Double` anywhere.
enum SandboxMoney {
    /// "21.00", "9", "5.5" → 2100, 900, 550.
    static func basisPoints(_ text: String) -> Int? {
        fixed(text, decimals: 2).map { Int($0) }
    }

    /// "15.00", "-3.5" → 1500, -350; more than two decimals are refused.
    static func cents(_ text: String) -> Int64? {
        fixed(text, decimals: 2)
    }

    /// The amount excluding VAT, in millionths, of `grossCents` including VAT at `rate`, rounded half
    /// away from zero: 15.00 at 21 % → 12.396694.
    static func netMillionths(grossCents: Int64, rateBasisPoints: Int) -> Int64 {
        divideRounded(grossCents * 10_000 * 10_000, by: 10_000 + Int64(rateBasisPoints))
    }

    /// The VAT in cents contained in `grossCents` at `rate`, rounded half away from zero.
    static func vatCents(grossCents: Int64, rateBasisPoints: Int) -> Int64 {
        divideRounded(grossCents * Int64(rateBasisPoints), by: 10_000 + Int64(rateBasisPoints))
    }

    /// "12.396694" from 12396694, with `decimals` places (2 or 6).
    static func text(millionths: Int64, decimals: Int) -> String {
        var scale: Int64 = 1
        for _ in 0..<(6 - decimals) { scale *= 10 }
        let value = divideRounded(millionths, by: scale)
        var unit: Int64 = 1
        for _ in 0..<decimals { unit *= 10 }
        let magnitude = value.magnitude
        var fraction = String(magnitude % UInt64(unit))
        fraction = String(repeating: "0", count: decimals - fraction.count) + fraction
        return (value < 0 ? "-" : "") + "\(magnitude / UInt64(unit))." + fraction
    }

    static func text(cents: Int64, decimals: Int = 2) -> String {
        text(millionths: cents * 10_000, decimals: decimals)
    }

    /// "21.00" from 2100.
    static func rateText(_ basisPoints: Int) -> String {
        text(cents: Int64(basisPoints))
    }

    private static func divideRounded(_ value: Int64, by divisor: Int64) -> Int64 {
        let half = divisor / 2
        return value >= 0 ? (value + half) / divisor : -((-value + half) / divisor)
    }

    private static func fixed(_ text: String, decimals: Int) -> Int64? {
        var rest = Substring(text)
        let negative = rest.first == "-"
        if negative { rest = rest.dropFirst() }
        let parts = rest.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        guard let whole = parts.first, !whole.isEmpty, whole.count <= 12, whole.allSatisfy(\.isASCIIDigit) else { return nil }
        let fraction = parts.count > 1 ? parts[1] : ""
        guard fraction.count <= decimals, fraction.allSatisfy(\.isASCIIDigit), parts.count == 1 || !fraction.isEmpty else {
            return nil
        }
        var value = Int64(whole)!
        for index in 0..<decimals {
            let digit = index < fraction.count ? Int64(String(fraction[fraction.index(fraction.startIndex, offsetBy: index)]))! : 0
            value = value * 10 + digit
        }
        return negative ? -value : value
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { ("0"..."9").contains(self) }
}
