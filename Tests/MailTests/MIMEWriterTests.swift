import Foundation
import Testing

@testable import Mail

struct MIMEWriterTests {
    static let amsterdam = TimeZone(identifier: "Europe/Amsterdam")!
    static let writer = MIMEWriter(timeZone: amsterdam, boundary: "=_koppel_test")
    static let golden = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")

    /// The whole message as a reader's mail program receives it. KOPPEL_UPDATE_GOLDEN=1 rewrites the file.
    @Test func rendersTheNightlyReportAsTheGoldenFile() throws {
        let rendered = String(decoding: Self.writer.render(try SampleReport.message()), as: UTF8.self)
        let file = Self.golden.appendingPathComponent("nightly-report.eml")
        let asStored = rendered.replacingOccurrences(of: "\r\n", with: "\n")
        if ProcessInfo.processInfo.environment["KOPPEL_UPDATE_GOLDEN"] == "1" {
            try asStored.write(to: file, atomically: true, encoding: .utf8)
        }
        #expect(asStored == (try String(contentsOf: file, encoding: .utf8)))
    }

    @Test func everyLineEndsInCRLFAndStaysUnder78Characters() throws {
        var message = try SampleReport.message(
            to: try (1...12).map {
                try MailAddress("lid\($0)@fietsenmaker-de-vries.test", name: "Lid \($0) van de Vries")
            })
        message.subject = String(repeating: "Afstemming van alle bestellingen — ", count: 4)
        message.attachments.append(
            MailAttachment(
                filename: String(repeating: "überzicht-", count: 12) + ".csv", contentType: "text/csv",
                data: Data(count: 5000)))
        let mail = RenderedMail(MIMEWriter(timeZone: Self.amsterdam).render(message))
        #expect(mail.hasOnlyCRLFLineEnds)
        for line in mail.lines { #expect(line.utf8.count <= 78, "\(line)") }
        #expect(Decode.encodedWords(mail.header("Subject")!) == message.subject.trimmingCharacters(in: .whitespaces))
    }

    /// What the mail fuzzer found: a 1,200-character name was one quoted token on a line of 1,208
    /// characters, over RFC 5322's 998; a letter under many combining marks an encoded-word of 120.
    @Test func aLongNameAndAHugeCharacterStillMakeShortLines() throws {
        let name = String(repeating: "a", count: 1200)
        let subject = "e" + String(repeating: "\u{301}", count: 700)
        var message = try SampleReport.message(to: [try MailAddress("lid@fietsen.test", name: name)])
        message.subject = subject
        let mail = RenderedMail(Self.writer.render(message))
        for line in mail.lines { #expect(line.utf8.count <= 78, "\(line.prefix(80))") }
        #expect(Decode.encodedWords(mail.header("To")!) == name + " <lid@fietsen.test>")
        #expect(Decode.encodedWords(mail.header("Subject")!) == subject)
    }

    @Test func plainTextWithoutAttachmentsIsOnePart() throws {
        var message = try SampleReport.message()
        message.attachments = []
        let mail = RenderedMail(Self.writer.render(message))
        #expect(mail.header("Content-Type") == "text/plain; charset=utf-8")
        #expect(mail.header("Content-Transfer-Encoding") == "quoted-printable")
        #expect(mail.header("MIME-Version") == "1.0")
        #expect(!mail.raw.contains("multipart"))
        let text = String(decoding: Decode.quotedPrintable(mail.body), as: UTF8.self)
        #expect(text == SampleReport.text.replacingOccurrences(of: "\n", with: "\r\n"))
    }

    @Test func headersInTheirOrderWithDecodableValues() throws {
        let mail = RenderedMail(Self.writer.render(try SampleReport.message()))
        #expect(
            mail.headers.map(\.name) == ["Date", "From", "To", "Subject", "Message-ID", "MIME-Version", "Content-Type"])
        #expect(mail.header("Date") == "Mon, 02 Mar 2026 02:30:00 +0100")
        #expect(mail.header("From") == "\"koppel rapportage\" <rapport@koppel.test>")
        #expect(
            Decode.encodedWords(mail.header("To")!)
                == "Joëlle de Vries <eigenaar@fietsen.test>, boekhouding@fietsen.test")
        #expect(mail.header("Subject")!.hasPrefix("=?utf-8?B?"))
        #expect(Decode.encodedWords(mail.header("Subject")!) == "Afstemming — 2 afwijkingen")
        #expect(mail.header("Message-ID") == "<afstemming-2026-03-02.1@koppel.test>")
        #expect(mail.header("Content-Type") == "multipart/mixed; boundary=\"=_koppel_test\"")
    }

    @Test func anASCIISubjectStaysReadableAndOneThatLooksEncodedIsEncoded() throws {
        var message = try SampleReport.message()
        message.subject = "Afstemming: geen afwijkingen"
        #expect(RenderedMail(Self.writer.render(message)).header("Subject") == "Afstemming: geen afwijkingen")
        message.subject = "=?utf-8?B?SGFjaw==?="
        let subject = RenderedMail(Self.writer.render(message)).header("Subject")!
        #expect(subject != message.subject)
        #expect(Decode.encodedWords(subject) == message.subject)
    }

    @Test func lineBreaksInCallerTextNeverStartAHeader() throws {
        var message = try SampleReport.message(
            to: [try MailAddress("a@fietsen.test", name: "Eve\r\nBcc: victim@example.test")],
            messageID: "<x@koppel.test>\r\nBcc: victim@example.test")
        message.from = try MailAddress("rapport@koppel.test", name: "Rapport\nX-Injected: from")
        message.subject = "Afstemming\r\nBcc: victim@example.test\r\n\r\nbody"
        message.attachments = [
            MailAttachment(
                filename: "a.csv\"\r\nX-Injected: filename", contentType: "text/csv\r\nX-Injected: type",
                data: Data("x".utf8))
        ]
        let mail = RenderedMail(Self.writer.render(message))
        let names = Set(mail.headers.map(\.name))
        #expect(names == ["Date", "From", "To", "Subject", "Message-ID", "MIME-Version", "Content-Type"])
        for line in mail.lines {
            #expect(!line.hasPrefix("Bcc"), "\(line)")
            #expect(!line.hasPrefix("X-Injected"), "\(line)")
        }
        #expect(Decode.encodedWords(mail.header("Subject")!) == "Afstemming Bcc: victim@example.test body")
        #expect(mail.header("Message-ID") == "<x@koppel.test>Bcc:victim@example.test>")
        #expect(mail.raw.contains("Content-Type: application/octet-stream;"))
    }

    @Test func theBoundaryOccursOnlyAsDelimiters() throws {
        var message = try SampleReport.message()
        message.text = "--=_koppel_test\n--=_koppel_test--\n"
        message.attachments.append(
            MailAttachment(
                filename: "boundary.txt", contentType: "text/plain", data: Data("\r\n--=_koppel_test\r\n".utf8)))
        let raw = RenderedMail(Self.writer.render(message)).raw
        let delimiters = raw.components(separatedBy: "\r\n--=_koppel_test").count - 1
        #expect(delimiters == 1 + message.attachments.count + 1)  // before each part, and the closing one
        #expect(raw.hasSuffix("\r\n--=_koppel_test--\r\n"))
    }

    @Test func randomBoundariesDifferAndStartWithWhatNoEncodingProduces() {
        let boundaries = (0..<100).map { _ in MIMEWriter.randomBoundary() }
        #expect(Set(boundaries).count == 100)
        #expect(boundaries.allSatisfy { $0.hasPrefix("=_koppel_") && $0.utf8.count <= 70 })
    }

    @Test func theAttachmentIsBase64InLinesOf76WithItsFilename() throws {
        let mail = RenderedMail(Self.writer.render(try SampleReport.message()))
        let part = try #require(mail.raw.components(separatedBy: "\r\n--=_koppel_test").dropFirst(2).first)
        #expect(
            part.contains(
                "Content-Type: text/csv; charset=utf-8;\r\n name*=utf-8''afwijkingen-2026-03-02-caf%C3%A9.csv"))
        #expect(
            part.contains("Content-Disposition: attachment;\r\n filename*=utf-8''afwijkingen-2026-03-02-caf%C3%A9.csv"))
        #expect(part.contains("Content-Transfer-Encoding: base64\r\n"))
        let lines = try #require(part.components(separatedBy: "\r\n\r\n").last).components(separatedBy: "\r\n")
        #expect(lines.dropLast().allSatisfy { $0.utf8.count == 76 })
        #expect(Data(base64Encoded: lines.joined()) == SampleReport.csv)
    }
}
