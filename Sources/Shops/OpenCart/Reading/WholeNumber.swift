/// A number literal read as `JSONDecoder` reads it into an `Int64`: digits within range exactly;
/// a fraction or an exponent through `Double`, taken when that is a whole number of magnitude
/// below 2⁶³ (`1.0`, `1e2` and `100e-2` are whole numbers, `1.5`, `1e-2` and `1e19` are not).
/// Beyond 2⁵³ the value may differ from Foundation's in its last digits; no field of the push
/// schema takes such a value, so validation refuses both alike.
enum WholeNumber {
    static func parse(_ literal: UnsafeBufferPointer<UInt8>) -> Int64? {
        let negative = literal[0] == Byte.minus
        let digits = literal[(negative ? 1 : 0)...]
        guard digits.allSatisfy({ $0 >= Byte.zero && $0 <= Byte.nine }) else { return viaDouble(literal) }
        var value: Int64 = 0
        for byte in digits {
            let digit = Int64(byte - Byte.zero)
            // Accumulated as a negative number: Int64.min has no positive counterpart.
            let (shifted, overflowShift) = value.multipliedReportingOverflow(by: 10)
            let (next, overflowDigit) = shifted.subtractingReportingOverflow(digit)
            guard !overflowShift, !overflowDigit else { return nil }
            value = next
        }
        if negative { return value }
        return value == .min ? nil : -value
    }

    private static func viaDouble(_ literal: UnsafeBufferPointer<UInt8>) -> Int64? {
        guard let double = Double(String(decoding: literal, as: UTF8.self)), double == double.rounded(.towardZero),
            double.magnitude < 9_223_372_036_854_775_808.0
        else { return nil }
        return Int64(double)
    }
}
