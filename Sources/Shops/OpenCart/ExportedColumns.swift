import Foundation

/// Reading the columns of an exported row the way the extension's `OrderPayload` reads them, so
/// that both builders agree on every edge: empty means absent, whole numbers are digits with an
/// optional minus sign and nothing else, texts are HTML-decoded once.
extension [String: String?] {
    func text(_ column: String) -> String {
        (self[column] ?? nil) ?? ""
    }

    func optionalText(_ column: String) -> String? {
        guard let value = self[column] ?? nil, !value.isEmpty else { return nil }
        return value
    }

    /// A required whole number, or `fallback` when the column is empty or missing.
    func number(_ column: String, fallback: Int64? = nil) throws -> Int64 {
        guard let text = optionalText(column) else {
            guard let fallback else { throw OrderRows.ConversionError.missingColumn(column) }
            return fallback
        }
        guard let value = text.wholeNumber else { throw OrderRows.ConversionError.notANumber(column: column) }
        return value
    }

    /// A whole number when the column holds one, else nil (not an error: the field is optional).
    func optionalNumber(_ column: String) -> Int64? {
        optionalText(column)?.wholeNumber
    }
}

extension String {
    /// OpenCart stores customer input HTML-escaped (`O&#039;Brien`); the protocol carries plain text.
    var htmlDecoded: String {
        guard contains("&") else { return self }
        var result = self
        for (entity, character) in [
            ("&lt;", "<"), ("&gt;", ">"), ("&quot;", "\""), ("&#039;", "'"), ("&#39;", "'"), ("&amp;", "&"),
        ] {
            result = result.replacingOccurrences(of: entity, with: character)
        }
        return result
    }

    /// `-?[0-9]+` as a number, the only spelling the extension takes (`Int64("+5")` would be 5).
    var wholeNumber: Int64? {
        let digits = hasPrefix("-") ? dropFirst() : Substring(self)
        guard !digits.isEmpty, digits.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return nil }
        return Int64(self)
    }

    /// Two capital letters: an ISO 3166 alpha-2 code as `oc_country` holds it.
    var isISOCountryCode: Bool {
        utf8.count == 2 && utf8.allSatisfy { $0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "Z") }
    }

    /// `[0-9]+` as a number: ids the extension takes only without a sign.
    var naturalNumber: Int64? {
        hasPrefix("-") ? nil : wholeNumber
    }
}
