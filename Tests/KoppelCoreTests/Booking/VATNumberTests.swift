import KoppelCore
import Testing

struct VATNumberTests {
    /// Published, real registrations (and the Dutch tax office's test number) per checked country.
    @Test(arguments: [
        ("NL", "NL000099998B57"), ("NL", "NL004495445B01"), ("BE", "BE0411905847"), ("DE", "DE136695976"),
        ("FR", "FR40303265045"), ("ES", "ESA28015865"), ("ES", "ES12345678Z"), ("IT", "IT00743110157"),
        ("AT", "ATU13585627"), ("LU", "LU26375245"), ("DK", "DK13585628"), ("PL", "PL5260250274"),
        ("SE", "SE556188840401"),
    ])
    func validNumbers(country: String, number: String) {
        #expect(VATNumber.check(number, country: country) == .valid)
    }

    /// The same numbers with one digit changed.
    @Test(arguments: [
        ("NL", "NL123456789B01"), ("NL", "NL004495446B01"), ("BE", "BE0411905848"), ("DE", "DE136695977"),
        ("FR", "FR41303265045"), ("ES", "ESA28015866"), ("ES", "ES12345678A"), ("IT", "IT00743110158"),
        ("AT", "ATU13585628"), ("LU", "LU26375246"), ("DK", "DK13585629"), ("PL", "PL5260250275"),
        ("SE", "SE556188840501"),
    ])
    func wrongCheckDigits(country: String, number: String) {
        #expect(VATNumber.check(number, country: country) == .wrongChecksum)
    }

    @Test func formats() {
        #expect(VATNumber.check("NL12345678B01", country: "NL") == .wrongFormat)
        #expect(VATNumber.check("BE2411905847", country: "BE") == .wrongFormat)
        #expect(VATNumber.check("ATU1358562", country: "AT") == .wrongFormat)
        #expect(VATNumber.check("EL123456789", country: "GR") == .validFormat)
        #expect(VATNumber.check("CZ12345678", country: "CZ") == .validFormat)
        #expect(VATNumber.check("IE1234567WA", country: "IE") == .validFormat)
        #expect(VATNumber.check("DE136695976", country: "NL") == .wrongCountry(prefix: "DE"))
    }

    @Test func normalisesAndAddsThePrefix() {
        #expect(VATNumber.normalise(" nl 0000.99998-b57 ") == "NL000099998B57")
        #expect(VATNumber.withPrefix("136695976", country: "DE") == "DE136695976")
        #expect(VATNumber.withPrefix("123456789", country: "GR") == "EL123456789")
        #expect(VATNumber.check("0411.905.847", country: "BE") == .valid)
    }
}
