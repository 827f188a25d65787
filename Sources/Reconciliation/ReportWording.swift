import Foundation
import KoppelCore

/// The accountant's words for what the reconciler found: reports and e-mail are in Dutch.
public enum ReportWording {
    public static func kind(_ kind: Finding.Kind) -> String {
        switch kind {
        case .amount: return "bedrag"
        case .vat: return "btw"
        case .openBalance: return "openstaand bedrag"
        case .customer: return "klant"
        case .date: return "datum"
        case .missing: return "ontbreekt"
        case .notImported: return "afgeleverd, niet geïmporteerd"
        case .duplicate: return "dubbel"
        case .orphan: return "onbekend"
        case .shopChanged: return "bestelling gewijzigd"
        case .withinTolerance: return "binnen tolerantie"
        case .changed: return "bewerkt"
        }
    }

    /// - Parameter vatLabels: the ledger's VAT codes with the rate they stand for ("21% NL").
    public static func field(_ field: String, vatLabels: [String: String]) -> String {
        if field.hasPrefix("vat:") {
            let code = String(field.dropFirst(4))
            return "btw " + (vatLabels[code].map { "\($0) (\(code))" } ?? code)
        }
        switch field {
        case "gross": return "totaal incl. btw"
        case "net": return "totaal excl. btw"
        case "name": return "naam"
        case "email": return "e-mail"
        case "street": return "straat"
        case "postcode": return "postcode"
        case "city": return "plaats"
        case "country": return "land"
        case "vat_number": return "btw-nummer"
        case "contact": return "klant"
        case "booking": return "boeking"
        case "date": return "datum"
        case "version": return "laatst gewijzigd"
        case "unpaid": return "openstaand"
        case "state": return "status"
        default: return field
        }
    }

    /// A value for the report: amounts with a decimal comma, Moneybird versions (Unix seconds) as
    /// a UTC date and time.
    static func value(_ value: Finding.Value, field: String) -> String {
        switch value {
        case .none: return ""
        case .cents(let cents): return ExcelCSV.amount(cents)
        case .text(let text):
            if field == "version", let seconds = Int64(text), seconds > 1_000_000_000 { return timestamp(seconds) }
            return ExcelCSV.text(text)
        }
    }

    /// `2026-11-23 02:15:00` in UTC.
    static func timestamp(_ seconds: Int64) -> String {
        let style = Date.ISO8601FormatStyle(timeZone: TimeZone(identifier: "UTC")!)
            .year().month().day().dateTimeSeparator(.space).time(includingFractionalSeconds: false)
        return Date(timeIntervalSince1970: TimeInterval(seconds)).formatted(style)
    }

    /// An amount for people: `€ 1.234,56`.
    static func euros(_ cents: Cents) -> String {
        let magnitude = cents.value.magnitude
        let fraction = magnitude % 100
        return (cents.value < 0 ? "-" : "") + "€ " + grouped(magnitude / 100) + "," + (fraction < 10 ? "0" : "") + "\(fraction)"
    }

    /// `1.234` for counts.
    static func count(_ number: Int) -> String {
        (number < 0 ? "-" : "") + grouped(number.magnitude)
    }

    /// Digits in groups of three, separated by points, as Dutch writes them.
    private static func grouped(_ whole: some BinaryInteger) -> String {
        var digits = String(whole)
        var groups = ""
        while digits.count > 3 {
            groups = "." + digits.suffix(3) + groups
            digits.removeLast(3)
        }
        return digits + groups
    }
}
