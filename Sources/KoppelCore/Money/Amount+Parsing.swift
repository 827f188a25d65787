/// Why a decimal string is not an amount.
public enum AmountParseError: Error, Equatable, Sendable {
    case notADecimal
    case tooManyDecimals(allowed: Int)
    case outOfRange
}

extension Amount {
    /// Parses a plain decimal string: optional minus sign, digits, optional point and up to four
    /// decimals. No exponent, no thousands separator, no plus sign, no spaces: what OpenCart writes.
    public init(parsing text: String) throws(AmountParseError) {
        let value = try parseFixedPoint(text, decimals: 4, maxWholeDigits: 11)
        self.init(tenThousandths: value)
    }
}

/// Parses `text` as a fixed-point number with at most `decimals` decimals and returns it scaled
/// by 10^decimals. Shared by amounts (4 decimals) and currency factors and tax rates.
public func parseFixedPoint(_ text: String, decimals: Int, maxWholeDigits: Int) throws(AmountParseError) -> Int64 {
    var bytes = Array(text.utf8)[...]
    var negative = false
    if bytes.first == UInt8(ascii: "-") {
        negative = true
        bytes = bytes.dropFirst()
    }
    guard let first = bytes.first, isDigit(first) else { throw .notADecimal }

    var whole: Int64 = 0
    var wholeDigits = 0
    while let byte = bytes.first, isDigit(byte) {
        wholeDigits += 1
        guard wholeDigits <= maxWholeDigits else { throw .outOfRange }
        whole = whole * 10 + Int64(byte - UInt8(ascii: "0"))
        bytes = bytes.dropFirst()
    }

    var fraction: Int64 = 0
    var fractionDigits = 0
    if bytes.first == UInt8(ascii: ".") {
        bytes = bytes.dropFirst()
        guard !bytes.isEmpty else { throw .notADecimal }
        while let byte = bytes.first, isDigit(byte) {
            fractionDigits += 1
            guard fractionDigits <= decimals else { throw .tooManyDecimals(allowed: decimals) }
            fraction = fraction * 10 + Int64(byte - UInt8(ascii: "0"))
            bytes = bytes.dropFirst()
        }
    }
    guard bytes.isEmpty else { throw .notADecimal }

    var scale: Int64 = 1
    for _ in 0..<decimals { scale *= 10 }
    var fractionScale: Int64 = 1
    for _ in 0..<(decimals - fractionDigits) { fractionScale *= 10 }
    let value = whole * scale + fraction * fractionScale
    return negative ? -value : value
}

private func isDigit(_ byte: UInt8) -> Bool {
    byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
}
