/// EU VAT numbers: the VIES format of every member state and the published check-digit rules of
/// NL, BE, DE, FR, ES, IT, AT, LU, DK, PL and SE.
///
/// The other member states (BG, CY, CZ, EE, GR, FI, HR, HU, IE, LT, LV, MT, PT, RO, SI, SK) and
/// Northern Ireland (XI) are checked on format only: their check digits exist but vary by kind
/// of registrant, and a wrong rejection blocks a real order. VIES remains the authority; this is
/// the precheck that catches typing errors before asking it.
public enum VATNumber {
    public enum Verdict: Equatable, Sendable {
        /// Format and check digits are right.
        case valid
        /// The format is right; this country's check digits are not verified here.
        case validFormat
        case wrongFormat
        case wrongChecksum
        /// The number starts with another member state's prefix than the customer's country.
        case wrongCountry(prefix: String)
    }

    /// Upper case without spaces, dots, dashes and slashes: "nl 1234.56.789.b01" → "NL123456789B01".
    public static func normalise(_ raw: String) -> String {
        String(raw.uppercased().filter { !" .-/\t".contains($0) })
    }

    /// The VIES prefix of a country: ISO GR is EL, everything else is its ISO code.
    public static func viesPrefix(forCountry isoCode: String) -> String {
        let code = isoCode.uppercased()
        return code == "GR" ? "EL" : code
    }

    /// The number with its VIES prefix, normalised: "123456789B01" for NL → "NL123456789B01".
    public static func withPrefix(_ raw: String, country isoCode: String) -> String {
        let number = normalise(raw)
        let prefix = viesPrefix(forCountry: isoCode)
        if number.hasPrefix(prefix) { return number }
        if let first = number.first, first.isLetter, number.count > 2,
            number.dropFirst().first?.isLetter == true, formats[String(number.prefix(2))] != nil
        {
            return number
        }
        return prefix + number
    }

    /// Checks a VAT number (with or without its prefix) for a customer in `isoCode`.
    public static func check(_ raw: String, country isoCode: String) -> Verdict {
        let full = withPrefix(raw, country: isoCode)
        let prefix = String(full.prefix(2))
        guard prefix == viesPrefix(forCountry: isoCode) else { return .wrongCountry(prefix: prefix) }
        let body = String(full.dropFirst(2))
        guard let pattern = formats[prefix], matches(body, pattern) else { return .wrongFormat }
        guard let checksum = checksums[prefix] else { return .validFormat }
        return checksum(Array(body)) ? .valid : .wrongChecksum
    }

    // MARK: Formats (apis.md §6.2, the VIES patterns)

    /// A tiny pattern language so the table reads like the VIES one: `9` a digit, `A` a letter,
    /// `X` a letter or digit, alternatives separated by `|`. `U` and `B` stand for themselves.
    static let formats: [String: [String]] = [
        "AT": ["U99999999"], "BE": ["[01]999999999"], "BG": ["999999999", "9999999999"],
        "CY": ["99999999A"], "CZ": ["99999999", "999999999", "9999999999"], "DE": ["999999999"],
        "DK": ["99999999"], "EE": ["999999999"], "EL": ["999999999"],
        "ES": ["A9999999A", "99999999A", "A99999999"], "FI": ["99999999"], "FR": ["XX999999999"],
        "HR": ["99999999999"], "HU": ["99999999"],
        "IE": ["9999999A", "9999999AA", "9A99999A", "9+99999A", "9*99999A"],
        "IT": ["99999999999"], "LT": ["999999999", "999999999999"], "LU": ["99999999"],
        "LV": ["99999999999"], "MT": ["99999999"], "NL": ["999999999B99"], "PL": ["9999999999"],
        "PT": ["999999999"], "RO": (2...10).map { String(repeating: "9", count: $0) },
        "SE": ["999999999999"], "SI": ["99999999"], "SK": ["9999999999"],
        "XI": ["999999999", "999999999999", "GD999", "HA999"],
    ]

    static func matches(_ body: String, _ patterns: [String]) -> Bool {
        patterns.contains { pattern in
            var symbols = Array(pattern)
            // "[01]" is the one character class the table needs (BE).
            var firstClass: Set<Character>?
            if pattern.hasPrefix("[01]") {
                firstClass = ["0", "1"]
                symbols = ["?"] + Array(pattern.dropFirst(4))
            }
            let characters = Array(body)
            guard characters.count == symbols.count else { return false }
            return zip(symbols, characters).allSatisfy { symbol, character in
                switch symbol {
                case "?": return firstClass?.contains(character) ?? false
                case "9": return character.isASCII && character.isNumber
                case "A": return character.isASCII && character.isLetter
                case "X": return character.isASCII && (character.isLetter || character.isNumber)
                default: return character == symbol
                }
            }
        }
    }

    // MARK: Check digits

    static let checksums: [String: @Sendable ([Character]) -> Bool] = [
        "NL": netherlands, "BE": belgium, "DE": germany, "FR": france, "ES": spain, "IT": italy,
        "AT": austria, "LU": luxembourg, "DK": denmark, "PL": poland, "SE": sweden,
    ]

    static func digits(_ characters: some Collection<Character>) -> [Int] {
        characters.map { $0.wholeNumberValue ?? 0 }
    }

    /// NL: the RSIN-style eleven test (9·d1 + 8·d2 + … + 2·d8 ≡ d9 mod 11, remainder 10 is
    /// invalid), or, for the sole-proprietor "btw-id" numbers since 2020, ISO 7064 mod 97 over
    /// "NL" + number with letters as 10…35 (the result must be 1). Suffix "00" is never issued.
    static func netherlands(_ body: [Character]) -> Bool {
        guard String(body.suffix(2)) != "00" else { return false }
        let d = digits(body.prefix(9))
        let sum = (0..<8).reduce(0) { $0 + (9 - $1) * d[$1] }
        if sum % 11 == d[8] { return true }
        return mod97(Array("NL") + body) == 1
    }

    /// Letters as two digits (A = 10 … Z = 35), then the whole number mod 97, digit by digit.
    static func mod97(_ characters: [Character]) -> Int {
        var remainder = 0
        for character in characters {
            if let digit = character.wholeNumberValue, character.isASCII {
                remainder = (remainder * 10 + digit) % 97
            } else if let ascii = character.asciiValue, character.isLetter {
                remainder = (remainder * 100 + Int(ascii) - 55) % 97
            } else {
                return -1
            }
        }
        return remainder
    }

    /// BE: the last two digits are 97 − (first eight digits mod 97).
    static func belgium(_ body: [Character]) -> Bool {
        let first = Int(String(body.prefix(8)))!
        return 97 - first % 97 == Int(String(body.suffix(2)))!
    }

    /// DE: ISO 7064 MOD 11,10 over the first eight digits gives the ninth.
    static func germany(_ body: [Character]) -> Bool {
        let d = digits(body)
        guard d[0] != 0 else { return false }
        var product = 10
        for digit in d.prefix(8) {
            var sum = (digit + product) % 10
            if sum == 0 { sum = 10 }
            product = (2 * sum) % 11
        }
        let check = 11 - product == 10 ? 0 : 11 - product
        return check == d[8]
    }

    /// FR: a numeric key is (12 + 3 · (SIREN mod 97)) mod 97; keys with letters (issued to newer
    /// registrants) are checked on format only.
    static func france(_ body: [Character]) -> Bool {
        let key = String(body.prefix(2))
        guard let keyValue = Int(key) else { return true }
        let siren = Int(String(body.suffix(9)))!
        return (12 + 3 * (siren % 97)) % 97 == keyValue
    }

    /// ES: three kinds. Citizens (DNI, 8 digits + letter) and foreigners (NIE X/Y/Z + 7 digits +
    /// letter; K/L/M + 7 digits + letter): the letter is "TRWAGMYFPDXBNJZSQVHLCKE"[n mod 23].
    /// Companies (CIF, letter + 7 digits + check): Luhn-like sum of the 7 digits; the check is a
    /// digit or the letter "JABCDEFGHI"[check].
    static func spain(_ body: [Character]) -> Bool {
        let letters = Array("TRWAGMYFPDXBNJZSQVHLCKE")
        let first = body[0]
        let last = body[8]
        if first.isNumber || "XYZKLM".contains(first) {
            guard last.isLetter else { return false }
            let lead: String
            switch first {
            case "X": lead = "0"
            case "Y": lead = "1"
            case "Z": lead = "2"
            case "K", "L", "M": lead = ""
            default: lead = String(first)
            }
            let number = Int(lead + String(body[1..<8]))!
            return letters[number % 23] == last
        }
        let d = digits(body[1..<8])
        var sum = 0
        for (index, digit) in d.enumerated() {
            if index % 2 == 0 {
                let doubled = digit * 2
                sum += doubled / 10 + doubled % 10
            } else {
                sum += digit
            }
        }
        let check = (10 - sum % 10) % 10
        if last.isNumber { return last.wholeNumberValue == check }
        return Array("JABCDEFGHI")[check] == last
    }

    /// IT: Luhn over the eleven digits; the office code (digits 8–10) is 001–100, 120, 121, 888
    /// or 999.
    static func italy(_ body: [Character]) -> Bool {
        let d = digits(body)
        let office = d[7] * 100 + d[8] * 10 + d[9]
        guard (1...100).contains(office) || [120, 121, 888, 999].contains(office) else { return false }
        return luhn(d)
    }

    /// AT: U + eight digits; digits 2, 4, 6 doubled (digit sum), check = (10 − (Σ + 4) mod 10) mod 10.
    static func austria(_ body: [Character]) -> Bool {
        let d = digits(body.dropFirst())
        var sum = 0
        for index in 0..<7 {
            if index % 2 == 1 {
                let doubled = d[index] * 2
                sum += doubled / 10 + doubled % 10
            } else {
                sum += d[index]
            }
        }
        return (10 - (sum + 4) % 10) % 10 == d[7]
    }

    /// LU: the first six digits mod 89 are the last two.
    static func luxembourg(_ body: [Character]) -> Bool {
        Int(String(body.prefix(6)))! % 89 == Int(String(body.suffix(2)))!
    }

    /// DK: weights 2, 7, 6, 5, 4, 3, 2, 1; the weighted sum is divisible by 11.
    static func denmark(_ body: [Character]) -> Bool {
        let d = digits(body)
        guard d[0] != 0 else { return false }
        return zip(d, [2, 7, 6, 5, 4, 3, 2, 1]).reduce(0) { $0 + $1.0 * $1.1 } % 11 == 0
    }

    /// PL: weights 6, 5, 7, 2, 3, 4, 5, 6, 7 over nine digits, mod 11 is the tenth (10 invalid).
    static func poland(_ body: [Character]) -> Bool {
        let d = digits(body)
        let sum = zip(d, [6, 5, 7, 2, 3, 4, 5, 6, 7]).reduce(0) { $0 + $1.0 * $1.1 }
        return sum % 11 == d[9]
    }

    /// SE: the ten-digit organisation number passes Luhn and the suffix is 01.
    static func sweden(_ body: [Character]) -> Bool {
        String(body.suffix(2)) == "01" && luhn(digits(body.prefix(10)))
    }

    /// The Luhn test: from the right, every second digit doubled (digit sum); total ≡ 0 mod 10.
    static func luhn(_ d: [Int]) -> Bool {
        var sum = 0
        for (offset, digit) in d.reversed().enumerated() {
            if offset % 2 == 1 {
                let doubled = digit * 2
                sum += doubled > 9 ? doubled - 9 : doubled
            } else {
                sum += digit
            }
        }
        return sum % 10 == 0
    }
}
