/// Money in the sandbox: whole cents, parsed from a JSON number's literal text.
enum MinoxAmount {
    /// Cents of `text` ("31", "6.61", "-0.5"); nil when it is no number or has more than two decimals
    /// and `rounding` is false (then a third decimal and beyond is rounded half away from zero).
    static func cents(_ text: String, rounding: Bool) -> Int64? {
        var digits = Substring(text)
        let negative = digits.hasPrefix("-")
        if negative { digits = digits.dropFirst() }
        let parts = digits.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        guard let whole = parts.first, !whole.isEmpty, whole.count <= 13, whole.allSatisfy(\.isASCII), let units = Int64(whole)
        else { return nil }
        var fraction = parts.count > 1 ? String(parts[1]) : ""
        guard fraction.allSatisfy({ $0.isASCII && $0.isNumber }), parts.count == 1 || !fraction.isEmpty else { return nil }
        var roundUp = false
        if fraction.count > 2 {
            // Only zeros past the cents are no sub-cent amount ("6.610").
            let rest = fraction.dropFirst(2)
            if !rest.allSatisfy({ $0 == "0" }) {
                guard rounding else { return nil }
                roundUp = rest.first! >= "5"
            }
            fraction = String(fraction.prefix(2))
        }
        while fraction.count < 2 { fraction += "0" }
        let cents = units * 100 + Int64(fraction)! + (roundUp ? 1 : 0)
        return negative ? -cents : cents
    }

    /// "31.00", "-0.50".
    static func text(_ cents: Int64) -> String {
        let magnitude = cents.magnitude
        let fraction = magnitude % 100
        return (cents < 0 ? "-" : "") + "\(magnitude / 100)." + (fraction < 10 ? "0" : "") + "\(fraction)"
    }
}
