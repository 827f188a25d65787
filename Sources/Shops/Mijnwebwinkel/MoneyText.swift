import Foundation
import KoppelCore

/// A decimal as the shop sends it: a string (`"56.198347"`, what the live API sends, §1.4) or a bare JSON
/// number (the spec's examples). The number's text is kept as written and parsed as fixed point; it never
/// passes through a `Double`.
struct MoneyText: Decodable, Equatable {
    let text: String

    init(_ text: String) {
        self.text = text
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let text = try? container.decode(String.self) {
            self.text = text.trimmingCharacters(in: .whitespaces)
        } else {
            // Foundation's decoder builds a Decimal from the number's digits: exact for money's 38 digits.
            let decimal = try container.decode(Decimal.self)
            text = decimal.description
        }
    }

    /// In millionths (up to 6 decimals), e.g. "12.396694" → 12_396_694.
    func millionths() throws(AmountParseError) -> Int64 {
        try parseFixedPoint(text, decimals: 6, maxWholeDigits: 12)
    }

    /// In cents, rounded half away from zero from up to 6 decimals ("0.830000" → 83).
    func cents() throws(AmountParseError) -> Cents {
        Cents(Self.roundedCents(millionths: try millionths()))
    }

    /// A rate in hundredths of a percent: "21.00" → 2100, "5.5" → 550.
    func basisPoints() throws(AmountParseError) -> Int {
        Int(try parseFixedPoint(text, decimals: 2, maxWholeDigits: 3))
    }

    static func roundedCents(millionths: Int64) -> Int64 {
        millionths >= 0 ? (millionths + 5_000) / 10_000 : -((-millionths + 5_000) / 10_000)
    }
}

/// A whole number that may come as a JSON number or as a string: `number` arrives as `"1001"` live (§1.4).
struct NumberText: Decodable, Equatable {
    let text: String

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let number = try? container.decode(Int.self) {
            text = String(number)
        } else {
            text = try container.decode(String.self)
        }
    }
}

/// One value or a list of them: `price.tax` and an order line's `price` are either [SPEC `oneOf`].
struct OneOrMany<Element: Decodable>: Decodable {
    let items: [Element]

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let list = try? container.decode([Element].self) {
            items = list
        } else {
            items = [try container.decode(Element.self)]
        }
    }
}

/// An object, or the empty list `[]` the live API sends in its place (`shipping[].country`, a PHP
/// serialisation artefact, §1.4).
struct ObjectOrEmptyList<Wrapped: Decodable>: Decodable {
    let value: Wrapped?

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let list = try? container.decode([Wrapped].self), list.isEmpty {
            value = nil
        } else {
            value = try container.decode(Wrapped.self)
        }
    }
}
