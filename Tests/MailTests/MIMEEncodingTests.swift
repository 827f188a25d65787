import Foundation
import Testing

@testable import Mail

struct MIMEEncodingTests {
    @Test(arguments: [
        "Afstemming — 2 afwijkingen",
        String(repeating: "€", count: 40),
        "👩‍👩‍👧‍👦 familie 🇳🇱 " + String(repeating: "ë", count: 30),
        "Ærøskøbing Cykler ApS: bestelling 1002 ontbreekt in Moneybird en in de CSV-export van vandaag",
        // One character longer than a word: a letter under 40 and under 500 combining marks.
        "e" + String(repeating: "\u{301}", count: 40),
        "Zoë " + "a" + String(repeating: "\u{308}", count: 500) + " Müller",
    ])
    func encodedWordsDecodeToTheTextAndFitOnALine(text: String) {
        let words = MIMEHeaderField.encodedWords(text)
        #expect(words.allSatisfy { $0.hasPrefix("=?utf-8?B?") && $0.hasSuffix("?=") })
        #expect(words.allSatisfy { $0.utf8.count <= 75 })
        // Each word holds whole UTF-8 characters: every one decodes on its own.
        for word in words {
            let base64 = word.dropFirst(10).dropLast(2)
            #expect(String(validating: Data(base64Encoded: String(base64))!, as: UTF8.self) != nil)
        }
        #expect(Decode.encodedWords(words.joined(separator: "\r\n ")) == text)
        let header = MIMEHeaderField.fold("Subject", words)
        #expect(header.components(separatedBy: "\r\n").allSatisfy { $0.utf8.count <= 78 })
    }

    @Test func foldingBreaksBetweenTokensOnly() {
        let tokens = (1...30).map { "woord\($0)" }
        let header = MIMEHeaderField.fold("Subject", tokens)
        let lines = header.components(separatedBy: "\r\n").dropLast()
        #expect(lines.count > 1)
        #expect(lines.allSatisfy { $0.utf8.count <= 78 })
        #expect(lines.dropFirst().allSatisfy { $0.hasPrefix(" ") })
        #expect(header.replacingOccurrences(of: "\r\n", with: "") == "Subject: " + tokens.joined(separator: " "))
    }

    @Test func quotedPrintableRoundTripsWithShortLines() throws {
        let text =
            "Bedrag: € 1.234,56 = totaal\t\n.begint met een punt\nspatie aan het eind \n"
            + String(repeating: "lange regel met é ", count: 20) + "\r\nlaatste regel"
        let encoded = MIMEBodyEncoding.quotedPrintable(text)
        let lines = encoded.components(separatedBy: "\r\n")
        #expect(lines.allSatisfy { $0.utf8.count <= 76 })
        #expect(encoded.unicodeScalars.allSatisfy { $0.value < 0x7F })
        #expect(!lines.contains { $0.hasSuffix(" ") || $0.hasSuffix("\t") || $0.hasPrefix(".") })
        #expect(lines[0] == "Bedrag: =E2=82=AC 1.234,56 =3D totaal=09")
        #expect(lines.contains("=2Ebegint met een punt"))
        #expect(lines.contains("spatie aan het eind=20"))
        let expected = text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\n", with: "\r\n")
        #expect(String(decoding: Decode.quotedPrintable(encoded), as: UTF8.self) == expected)
    }

    @Test func base64LinesAre76CharactersExceptTheLast() {
        let data = Data((0..<1000).map { UInt8(truncatingIfNeeded: $0 &* 37) })
        let lines = MIMEBodyEncoding.base64Lines(data).components(separatedBy: "\r\n")
        #expect(lines.count == 18)  // 1336 characters
        #expect(lines.dropLast().allSatisfy { $0.utf8.count == 76 })
        #expect(Data(base64Encoded: lines.joined()) == data)
        #expect(MIMEBodyEncoding.base64Lines(Data()) == "")
    }

    @Test func shortASCIIFilenamesAreQuotedOthersUseRFC2231() {
        #expect(MIMEHeaderField.parameter("filename", "afwijkingen.csv") == ["filename=\"afwijkingen.csv\""])
        #expect(MIMEHeaderField.parameter("filename", "café.csv") == ["filename*=utf-8''caf%C3%A9.csv"])
        #expect(
            MIMEHeaderField.parameter("filename", "rapport \"nacht\".csv") == [
                "filename*=utf-8''rapport%20%22nacht%22.csv"
            ])
        let long = MIMEHeaderField.parameter("filename", String(repeating: "überzicht-", count: 8) + ".csv")
        #expect(long.count > 1)
        #expect(long[0].hasPrefix("filename*0*=utf-8''%C3%BCberzicht-"))
        #expect(long[1].hasPrefix("filename*1*="))
        #expect(long.allSatisfy { $0.utf8.count <= 75 })
    }

    @Test func datesUseEnglishNamesAndANumericZone() {
        let winter = ISO8601DateFormatter().date(from: "2026-03-02T01:30:00Z")!
        let summer = ISO8601DateFormatter().date(from: "2026-07-04T22:05:09Z")!
        #expect(
            RFC5322Date.format(winter, in: TimeZone(identifier: "Europe/Amsterdam")!)
                == "Mon, 02 Mar 2026 02:30:00 +0100")
        #expect(
            RFC5322Date.format(summer, in: TimeZone(identifier: "Europe/Amsterdam")!)
                == "Sun, 05 Jul 2026 00:05:09 +0200")
        #expect(
            RFC5322Date.format(summer, in: TimeZone(identifier: "America/St_Johns")!)
                == "Sat, 04 Jul 2026 19:35:09 -0230")
        #expect(RFC5322Date.format(winter, in: TimeZone(identifier: "UTC")!) == "Mon, 02 Mar 2026 01:30:00 +0000")
    }
}
