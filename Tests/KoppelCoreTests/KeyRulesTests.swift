import KoppelCore
import Testing

struct KeyRulesTests {
    @Test(arguments: ["abcdefghijklmno", "Koppel!Test#Key(2026)=", String(repeating: "a", count: 64), "AZaz09!*@#()=xyz"])
    func acceptsKeysOfTheManuals(key: String) {
        #expect(APIKeyRules.problem(with: key) == nil)
    }

    @Test(arguments: ["short", String(repeating: "a", count: 65), "abcdefghijklmno ", "abcdefghijklmn$", "abcdefghijklmné", "abcdefg\nhijklmno"])
    func refusesOthersWithoutQuotingThem(key: String) throws {
        let problem = try #require(APIKeyRules.problem(with: key))
        #expect(!problem.contains(key))
    }

    @Test func licenseKeysAreRandomAndWellFormed() {
        let keys = (0..<200).map { _ in LicenseKey.generate().value }
        #expect(Set(keys).count == keys.count)
        for key in keys { #expect(LicenseKey(key) != nil, "\(key)") }
        #expect(LicenseKey("KPL-AAAAA-AAAAA-AAAAA") == nil)
        #expect(LicenseKey("KPL-AAAAA-AAAAA-AAAAA-AAAAI") == nil)  // no I in Crockford's alphabet
        #expect(LicenseKey("kpl-AAAAA-AAAAA-AAAAA-AAAAA") == nil)
    }
}
