import Foundation
import KoppelCore

/// CSV the way Excel with a Dutch locale opens it by double-click: `;` between fields, a decimal
/// comma, UTF-8 announced by a byte order mark, CRLF line ends.
public enum ExcelCSV {
    public static let byteOrderMark = "\u{FEFF}"

    public static func row(_ fields: [String]) -> String {
        fields.map(quoted).joined(separator: ";") + "\r\n"
    }

    /// An amount as Excel-NL reads a number: `1234,56`, `-0,02` (no thousands separator, which
    /// Excel would read as text).
    public static func amount(_ cents: Cents) -> String {
        cents.description.replacingOccurrences(of: ".", with: ",")
    }

    /// Text as Excel must show it, not run it.
    ///
    /// - A value starting with `=`, `+`, `-`, `@`, tab or CR would be taken as a formula (a
    ///   customer could name himself `=HYPERLINK(...)`): it gets a leading apostrophe.
    /// - A number longer than 15 digits (Moneybird's ids) would lose its last digits: it is written
    ///   as a text formula `="…"` (safe, as only digits go inside).
    public static func text(_ value: String) -> String {
        if value.count > 15, value.allSatisfy(\.isASCIIDigit) { return "=\"\(value)\"" }
        if let first = value.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first) { return "'" + value }
        return value
    }

    /// Quotes a field when it holds a separator, a quote, a line break or edge spaces.
    private static func quoted(_ field: String) -> String {
        let needsQuotes = field.contains { $0 == ";" || $0 == "\"" || $0 == "\n" || $0 == "\r" }
            || field.first == " " || field.last == " "
        guard needsQuotes, !(field.hasPrefix("=\"") && field.allSatisfy { $0.isASCIIDigit || $0 == "=" || $0 == "\"" }) else {
            return field
        }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}

extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}
