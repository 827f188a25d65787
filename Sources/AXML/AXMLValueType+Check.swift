extension AXMLValueType {
    /// Why `text` is no value of this type, nil when it is one. Writer and validator both ask this.
    public func problem(_ text: String) -> String? {
        switch self {
        case .group:
            return text.allSatisfy(\.isWhitespace) ? nil : "holds text but only elements belong here"
        case .text(let maxLength):
            if text.allSatisfy(\.isWhitespace) { return "is empty" }
            if text.count > maxLength { return "is \(text.count) characters long, at most \(maxLength) allowed" }
            if let scalar = text.unicodeScalars.first(where: Self.isControl) {
                return "holds control character U+\(String(scalar.value, radix: 16, uppercase: true))"
            }
            return nil
        case .integer:
            return Self.isNumber(text, places: 0) ? nil : "\"\(text)\" is no whole number"
        case .decimal(let places):
            return Self.isNumber(text, places: places)
                ? nil : "\"\(text)\" is no amount with \(places) decimals (\"12.50\")"
        case .date:
            return Self.isDate(text) ? nil : "\"\(text)\" is no date YYYY-MM-DD"
        case .dateTime:
            let parts = text.split(separator: "T", omittingEmptySubsequences: false)
            guard parts.count == 2, Self.isDate(String(parts[0])), Self.isTime(String(parts[1])) else {
                return "\"\(text)\" is no date and time YYYY-MM-DDTHH:MM:SS"
            }
            return nil
        case .code(let list):
            return list.codes.contains(text) ? nil : "\"\(text)\" is no \(list.name)"
        case .token(let maxLength):
            if text.isEmpty { return "is empty" }
            if text.count > maxLength { return "is \(text.count) characters long, at most \(maxLength) allowed" }
            let allowed = text.unicodeScalars.allSatisfy {
                $0.isASCII
                    && (("A"..."Z").contains($0) || ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-"
                        || $0 == "_")
            }
            return allowed ? nil : "\"\(text)\" may hold only letters, digits, \"-\" and \"_\""
        }
    }

    /// C0 and C1 controls, DEL, and the non-characters U+FFFE/U+FFFF: refused in any text.
    static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) || scalar.value == 0xFFFE || scalar.value == 0xFFFF
    }

    /// Optional minus, 1 to 15 digits, and with `places` > 0 a point and exactly that many digits.
    static func isNumber(_ text: String, places: Int) -> Bool {
        var rest = Substring(text)
        if rest.hasPrefix("-") { rest = rest.dropFirst() }
        let parts = rest.split(separator: ".", omittingEmptySubsequences: false)
        let digits: (Substring) -> Bool = { !$0.isEmpty && $0.allSatisfy { $0.isASCII && $0.isNumber } }
        guard let whole = parts.first, digits(whole), whole.count <= 15 else { return false }
        if whole.count > 1 && whole.hasPrefix("0") { return false }
        if places == 0 { return parts.count == 1 }
        return parts.count == 2 && digits(parts[1]) && parts[1].count == places
    }

    static func isDate(_ text: String) -> Bool {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
            parts.allSatisfy({ $0.allSatisfy { $0.isASCII && $0.isNumber } }),
            let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]),
            (1...12).contains(month), day >= 1
        else { return false }
        let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
        let days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        return day <= days[month - 1]
    }

    static func isTime(_ text: String) -> Bool {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 3, parts.allSatisfy({ $0.count == 2 && $0.allSatisfy { $0.isASCII && $0.isNumber } }),
            let hour = Int(parts[0]), let minute = Int(parts[1]), let second = Int(parts[2])
        else { return false }
        return hour < 24 && minute < 60 && second < 60
    }
}
