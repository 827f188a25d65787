import Foundation
import SandboxSupport

/// Money the way Moneybird reads and writes it.
///
/// Requests may carry a JSON number or a string, with a point or a comma as decimal separator
/// (`129.95`, `"129.95"`, `"10,95"`), within ±1,000,000,000. Answers always carry a decimal string with
/// at least one decimal digit and no trailing zeros beyond it, as Moneybird's Ruby backend prints
/// BigDecimals: `"157.24"`, `"40.8"`, `"0.0"`.
enum Money {
    static let limit = Decimal(1_000_000_000)

    /// Reads a money or quantity value; `nil` when it is not a number.
    static func parse(_ value: JSONValue?) -> Decimal? {
        guard let text = value?.nonBlankText else { return nil }
        let normalized = text.contains(Character(",")) ? text.replacingOccurrences(of: ",", with: ".") : text
        guard normalized.allSatisfy({ $0.isNumber || $0 == "." || $0 == "-" || $0 == "+" }),
            let decimal = Decimal(string: normalized, locale: posix)
        else { return nil }
        return decimal
    }

    private static let posix = Locale(identifier: "en_US_POSIX")

    /// Rounds to cents, halves away from zero (`0.125` → `0.13`, `-0.125` → `-0.13`).
    static func round(_ value: Decimal, scale: Int = 2) -> Decimal {
        var input = value
        var result = Decimal()
        NSDecimalRound(&result, &input, scale, .plain)
        return result
    }

    /// A unit price as Moneybird keeps it: cents, half away from zero. Requests may carry any number of decimals
    /// (spec `components/schemas/money`: `^-?[0-9]+[,\.]?[0-9]*$`, a number without `multipleOf`), answers at
    /// most two (`components/schemas/detail_response`, `price`: `^-?\d+\.\d{1,2}$`). So a longer price is
    /// accepted, not refused; that it is rounded half away from zero rather than cut off is a guess (Rails
    /// rounds a decimal column to its scale that way: rails/rails `active_record/type/decimal.rb`, `apply_scale`).
    static func unitPrice(_ value: Decimal) -> Decimal { round(value) }

    /// The answer form: `"40.85"`, `"40.8"`, `"0.0"`.
    static func format(_ value: Decimal) -> String {
        var text = value.description
        if text == "-0" { text = "0" }
        if !text.contains(Character(".")) { text += ".0" }
        return text
    }

    /// `format` after rounding to cents.
    static func cents(_ value: Decimal) -> String { format(round(value)) }
}
