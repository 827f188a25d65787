import KoppelCore
import KoppelStore
import Testing
import TestSupport

/// The VAT column's text, read and written over bytes, against the way it was read and written
/// with split and join (kept here as the reference): the same text, the same figures, on texts
/// made to break a byte-wise reader.
struct VATByCodeTextTests {
    static func referenceEncode(_ vat: [String: Cents]) -> String {
        vat.sorted { $0.key < $1.key }.map { "\($0.key)\u{1F}\($0.value.value)" }.joined(separator: "\u{1E}")
    }

    static func referenceDecode(_ text: String) -> [String: Cents] {
        var vat: [String: Cents] = [:]
        for pair in text.split(separator: "\u{1E}") {
            guard let split = pair.firstIndex(of: "\u{1F}"), let cents = Int64(pair[pair.index(after: split)...]) else { continue }
            vat[String(pair[..<split]), default: .zero] += Cents(cents)
        }
        return vat
    }

    @Test func writesAndReadsAsBefore() {
        var random = SplitMix64(seed: 18)
        let codes = ["318440553870706657", "21", "9", "0", "hoog", "laag", "BTW é", "€", "", " ", "a\u{301}"]
        for _ in 0..<5_000 {
            var vat: [String: Cents] = [:]
            for _ in 0..<Int.random(in: 0...4, using: &random) {
                vat[codes.randomElement(using: &random)!] = Cents(Int64.random(in: -9_999_999...9_999_999, using: &random))
            }
            let text = VATByCodeText.encode(vat)
            #expect(text == Self.referenceEncode(vat))
            #expect(VATByCodeText.decode(text) == vat)
        }
    }

    @Test func readsBentTextsAsBefore() {
        var random = SplitMix64(seed: 42)
        let pieces = ["\u{1E}", "\u{1F}", "21", "9", "-5", "+7", "12a", "", "é", "9223372036854775807", "9223372036854775808", "--1", " 3"]
        for _ in 0..<20_000 {
            let text = (0..<Int.random(in: 0...8, using: &random)).map { _ in pieces.randomElement(using: &random)! }.joined()
            #expect(VATByCodeText.decode(text) == Self.referenceDecode(text), "text \(Array(text.utf8))")
        }
    }
}
