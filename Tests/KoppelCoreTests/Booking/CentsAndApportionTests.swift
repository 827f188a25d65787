import Foundation
import KoppelCore
import Testing

struct CentsTests {
    @Test func formatsTwoDecimals() {
        #expect(Cents(4085).description == "40.85")
        #expect(Cents(-338).description == "-3.38")
        #expect(Cents(5).description == "0.05")
        #expect(Cents(-5).description == "-0.05")
        #expect(Cents.zero.description == "0.00")
    }

    @Test func parsesDecimalStrings() throws {
        #expect(try Cents(parsing: "40.85") == Cents(4085))
        #expect(try Cents(parsing: "-3.38") == Cents(-338))
        #expect(try Cents(parsing: "7") == Cents(700))
        #expect(try Cents(parsing: "0.5") == Cents(50))
        #expect(throws: AmountParseError.tooManyDecimals(allowed: 2)) { try Cents(parsing: "1.005") }
        #expect(throws: AmountParseError.notADecimal) { try Cents(parsing: "1,00") }
    }

    @Test func arithmeticAndOrder() throws {
        #expect(Cents(100) + Cents(-30) - Cents(5) == Cents(65))
        #expect(Cents(-3) < Cents(2))
        #expect(Cents(-7).magnitude == Cents(7))
        #expect([Cents(1), Cents(2), Cents(-4)].sum() == Cents(-1))
        // Rounding of exact amounts to cents is half away from zero.
        #expect(try Amount(parsing: "40.8469").cents == Cents(4085))
        #expect(try Amount(parsing: "-0.0050").cents == Cents(-1))
        #expect(try Amount(parsing: "5.5303").cents == Cents(553))
    }

    @Test func codableAsPlainCents() throws {
        let data = try JSONEncoder().encode([Cents(-338)])
        #expect(String(decoding: data, as: UTF8.self) == "[-338]")
        #expect(try JSONDecoder().decode([Cents].self, from: data) == [Cents(-338)])
    }

    @Test func rateLabels() {
        #expect(VATRate(basisPoints: 2100, kind: .standard).label == "21%")
        #expect(VATRate(basisPoints: 550, kind: .oss(country: "FR")).label == "5.5%")
        #expect(VATRate(basisPoints: 2550, kind: .oss(country: "FI")).label == "25.5%")
        #expect(VATRate(basisPoints: 480, kind: .oss(country: "IE")).label == "4.8%")
        #expect(VATRate(basisPoints: 5, kind: .reduced).label == "0.05%")
    }
}

struct ApportionTests {
    @Test func splitsProRataAddingUpExactly() {
        // The worked coupon: −3.3825 over lines of 24.6693 and 9.1560.
        let shares = Apportion.split(-33825, weights: [246693, 91560])
        #expect(shares == [-24669, -9156])
        #expect(Apportion.split(100, weights: [1, 1, 1]) == [34, 33, 33])
        #expect(Apportion.split(-100, weights: [1, 1, 1]) == [-34, -33, -33])
        #expect(Apportion.split(7, weights: [0, 0]) == [7, 0])
    }

    @Test func roundsPartsToATarget() {
        // 24.6693 + 4.1322 − 2.4669 = 26.3346 → 26.33: the parts' cents add up to it.
        #expect(Apportion.round([246693, 41322, -24669], unit: 100, to: 2633) == [2467, 413, -247])
        // 9.1560 − 0.9156 = 8.2404 → 8.24.
        #expect(Apportion.round([91560, -9156], unit: 100, to: 824) == [916, -92])
        // Three thirds of a cent to a whole: the remainder goes to the earliest.
        #expect(Apportion.round([3333, 3333, 3334], unit: 10000, to: 1) == [0, 0, 1])
        #expect(Apportion.round([50, 50], unit: 100, to: 1) == [1, 0])
    }
}
