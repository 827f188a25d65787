import KoppelCore
import Testing

struct AmountTests {
    @Test(arguments: [
        ("40.8469", 408_469), ("-3.3825", -33_825), ("0", 0), ("0.0000", 0), ("12.5", 125_000), ("7.", nil),
        ("1e3", nil), ("+1.00", nil), (" 1.00", nil), ("1,00", nil), ("", nil), ("-", nil), (".5", nil),
        ("1.23456", nil), ("99999999999.9999", 999_999_999_999_999), ("100000000000", nil), ("١٢", nil),
    ] as [(String, Int64?)])
    func parsesOpenCartDecimals(text: String, expected: Int64?) {
        #expect((try? Amount(parsing: text))?.tenThousandths == expected)
    }

    @Test func reportsWhyATextIsNoAmount() {
        #expect(throws: AmountParseError.tooManyDecimals(allowed: 4)) { try Amount(parsing: "1.00001") }
        #expect(throws: AmountParseError.outOfRange) { try Amount(parsing: "123456789012") }
        #expect(throws: AmountParseError.notADecimal) { try Amount(parsing: "abc") }
    }

    @Test(arguments: ["40.8469", "-3.3825", "0.0000", "620.8264", "-0.0001", "99999999999.9999"])
    func printsFourDecimalsLikeOpenCart(text: String) throws {
        #expect(try Amount(parsing: text).description == text)
    }

    @Test(arguments: [
        ("40.8469", 4085), ("40.8449", 4084), ("0.0050", 1), ("-0.0050", -1), ("-3.3825", -338), ("0.0049", 0),
        ("26.3349", 2633),
    ] as [(String, Int64)])
    func roundsToCentsHalfAwayFromZero(text: String, cents: Int64) throws {
        #expect(try Amount(parsing: text).roundedCents == cents)
    }

    @Test func sumsExactlyWhereFloatingPointWouldNot() throws {
        // The worked example of the OpenCart notes: the order_total rows add up to the total exactly.
        let rows = ["33.8253", "4.1322", "-3.3825", "5.5303", "0.7416"]
        let sum = try rows.map { try Amount(parsing: $0) }.reduce(.zero, +)
        #expect(sum == (try Amount(parsing: "40.8469")))
        let tenths = try (0..<10).map { _ in try Amount(parsing: "0.1") }.reduce(.zero, +)
        #expect(tenths == Amount(cents: 100))
    }

    @Test func parsesCurrencyFactorsWithEightDecimals() throws {
        #expect(try parseFixedPoint("0.78065260", decimals: 8, maxWholeDigits: 7) == 78_065_260)
        #expect(throws: AmountParseError.tooManyDecimals(allowed: 8)) {
            try parseFixedPoint("0.123456789", decimals: 8, maxWholeDigits: 7)
        }
    }
}
