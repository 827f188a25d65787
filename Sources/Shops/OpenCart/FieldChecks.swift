import Foundation
import KoppelCore

/// The small checks every pushed field goes through; each throws a `FieldError` naming the
/// field and what is expected, never echoing the value. The path is only made for an error.
enum Check {
    static func identifier(_ value: Int64, _ path: @autoclosure () -> FieldPath, allowZero: Bool = true) throws(FieldError) {
        let lowest: Int64 = allowZero ? 0 : 1
        guard value >= lowest, value <= 4_294_967_295 else {
            throw path().error(allowZero ? "must be a whole number of 0 or more" : "must be a whole number of 1 or more")
        }
    }

    static func text(
        _ value: String, _ path: @autoclosure () -> FieldPath, maxLength: Int = 255, required: Bool = false
    ) throws(FieldError) {
        if required, value.isEmpty { throw path().error("must not be empty") }
        // A character takes at least one UTF-8 byte: the characters are only counted when the bytes are too many.
        guard value.utf8.count <= maxLength || value.unicodeScalars.count <= maxLength else {
            throw path().error("must be at most \(maxLength) characters")
        }
        // The byte 0 is U+0000 and nothing else in UTF-8.
        guard !value.utf8.contains(0) else { throw path().error("must not contain NUL characters") }
    }

    static func text(_ value: String?, _ path: @autoclosure () -> FieldPath, maxLength: Int = 255) throws(FieldError) {
        guard let value else { return }
        try text(value, path(), maxLength: maxLength)
    }

    @discardableResult
    static func amount(_ value: String, _ path: @autoclosure () -> FieldPath, allowNegative: Bool = true) throws(FieldError) -> Amount {
        let amount: Amount
        do {
            amount = try Amount(parsing: value)
        } catch .tooManyDecimals {
            throw path().error("must have at most 4 decimals")
        } catch .outOfRange {
            throw path().error("must be less than 100000000000 in magnitude")
        } catch {
            throw path().error("must be a decimal number as a string, like \"12.3400\"")
        }
        if !allowNegative, amount.isNegative { throw path().error("must not be negative") }
        return amount
    }

    /// OpenCart's `DATETIME` as MySQL prints it: `YYYY-MM-DD HH:MM:SS`, store-local time.
    static func dateTime(_ value: String, _ path: @autoclosure () -> FieldPath) throws(FieldError) {
        guard LocalDateTime(value) != nil else {
            throw path().error("must be a date and time like \"2026-11-22 23:37:28\"")
        }
    }

    /// `config_timezone`: a zone name Foundation knows (IANA, like `Europe/Amsterdam`, or `UTC`).
    /// Refused, not ignored, when unknown: OpenCart's settings offer only PHP's
    /// `timezone_identifiers_list()` (3.0.4.1 and 4.0.2.3 admin/controller/setting/setting.php:332
    /// and :118), so any other name is a broken setting or a broken client.
    static func timeZone(_ value: String?, _ path: @autoclosure () -> FieldPath) throws(FieldError) {
        guard let value else { return }
        try text(value, path(), maxLength: 64)
        guard TimeZone(identifier: value) != nil else {
            throw path().error("must be a time zone name like \"Europe/Amsterdam\" or \"UTC\"")
        }
    }

    static func code(_ value: String, _ path: @autoclosure () -> FieldPath, pattern: CodePattern) throws(FieldError) {
        guard pattern.matches(value) else { throw path().error(pattern.explanation) }
    }

    static func count(_ count: Int, _ path: @autoclosure () -> FieldPath, at most: Int, atLeast least: Int = 0) throws(FieldError) {
        guard count >= least else { throw path().error("must have at least \(least) entr\(least == 1 ? "y" : "ies")") }
        guard count <= most else { throw path().error("must have at most \(most) entries") }
    }
}

/// The shapes of short codes in pushes.
enum CodePattern {
    case currency, country, countryOrEmpty, extensionCode

    func matches(_ value: String) -> Bool {
        let bytes = Array(value.utf8)
        let upper: (UInt8) -> Bool = { $0 >= 0x41 && $0 <= 0x5a }
        switch self {
        case .currency: return bytes.count == 3 && bytes.allSatisfy(upper)
        case .country: return bytes.count == 2 && bytes.allSatisfy(upper)
        case .countryOrEmpty: return bytes.isEmpty || (bytes.count == 2 && bytes.allSatisfy(upper))
        case .extensionCode:
            return (1...128).contains(bytes.count)
                && bytes.allSatisfy { ($0 >= 0x61 && $0 <= 0x7a) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x5f || $0 == 0x2e }
        }
    }

    var explanation: String {
        switch self {
        case .currency: return "must be an ISO 4217 currency code of three capital letters, like \"EUR\""
        case .country: return "must be an ISO 3166 country code of two capital letters, like \"NL\""
        case .countryOrEmpty: return "must be an ISO 3166 country code of two capital letters, or empty"
        case .extensionCode: return "must be 1 to 128 characters of a-z, 0-9, '_' and '.'"
        }
    }
}
