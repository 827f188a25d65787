import Foundation
import FuzzSupport

@testable import Mail

// The nightly e-mail as MIMEWriter renders it from outside text: addresses and names (the
// operator's --notify and --from), the subject (connection names), the text and the attachment's
// file name. Properties: no crash; the message is 7-bit ASCII in CRLF lines of at most 998
// characters (RFC 5322 2.1.1); its header holds only koppel's own fields, each once, so no text
// can add one; encoded-words are at most 75 characters (RFC 2047 2); the Subject decodes back to
// the subject on one line.

@_cdecl("fuzz_mail_header_main")
public func entry(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    Fuzz.run(argc, argv, fuzzMailHeader)
}

@_cdecl("LLVMFuzzerInitialize")
public func initialize(_ argc: UnsafeMutableRawPointer?, _ argv: UnsafeMutableRawPointer?) -> CInt {
    Seeds.writeIfAsked {
        let samples: [[String]] = [
            [
                "koppel@fietsen.test", "koppel", "boekhouder@fietsen.test", "Joëlle de Vries",
                "koppel: 3 afwijkingen in Fietsen de Vries (K7Q)",
                "Goedemorgen,\n\nIn de bijlage staan de afwijkingen.\r\n.\n",
                "2026-11-23_020000_fietsen-1_afwijkingen.csv",
            ],
            ["a@b", "", "postmaster@[127.0.0.1]", "", "=?utf-8?B?eA==?= plain words", "", ""],
            [
                "report@koppel.test", "Zoë \"&\" Müller\\Co 🚲", "x@y.z", "e\u{301}\u{301}\u{301}\u{301}",
                "Ünïcödé " + String(repeating: "🚲", count: 40), String(repeating: "a", count: 200), "überzicht 📊.csv",
            ],
            ["bad address@x", "", "y@z", "", "subject\r\nBcc: someone@else.test", "text", "name\r\n.csv"],
            // What broke the properties once: a name too long for a line, a character too long for a word.
            [
                "a@b", String(repeating: "a", count: 1200), "c@d", "", "e" + String(repeating: "\u{301}", count: 40),
                "", "",
            ],
        ]
        return samples.enumerated().map { index, fields in
            var data = Data()
            for (position, field) in fields.enumerated() {
                if position > 0 { data.append(0xFF) }
                data.append(contentsOf: field.utf8)
            }
            return ("mail-\(index)", data)
        }
    }
    return 0
}

let writer = MIMEWriter(timeZone: TimeZone(identifier: "Europe/Amsterdam")!)
let ownFields: Set<String> = [
    "date", "from", "to", "subject", "message-id", "mime-version", "content-type", "content-transfer-encoding",
]

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzMailHeader(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    let fields = Fuzz.fields(Fuzz.data(start, count), count: 7)
    let from: MailAddress
    let to: MailAddress
    do {
        from = try MailAddress(fields[0], name: fields[1].isEmpty ? nil : fields[1])
        to = try MailAddress(fields[2], name: fields[3].isEmpty ? nil : fields[3])
    } catch {
        Fuzz.check(!error.description.isEmpty, "an address refused without a reason")
        return 0
    }
    let attachments =
        fields[6].isEmpty
        ? [] : [MailAttachment(filename: fields[6], contentType: "text/csv; charset=utf-8", data: Data(fields[5].utf8))]
    let message = MailMessage(
        from: from, to: [to, from], subject: fields[4], text: fields[5], attachments: attachments,
        date: Date(timeIntervalSince1970: 1_795_000_000))
    let rendered = writer.render(message)
    check(rendered, subject: fields[4])
    return 0
}

func check(_ rendered: Data, subject: String) {
    Fuzz.check(rendered.allSatisfy { $0 < 0x80 }, "a byte beyond 7-bit ASCII")
    let text = String(decoding: rendered, as: UTF8.self)
    Fuzz.check(text.hasSuffix("\r\n"), "the message does not end in CRLF")
    let lines = text.dropLast(2).components(separatedBy: "\r\n")
    for line in lines {
        Fuzz.check(!line.contains("\r") && !line.contains("\n"), "a bare CR or LF")
        Fuzz.check(line.utf8.count <= 998, "a line of \(line.utf8.count) characters")
    }
    // The header: up to the first empty line, fields of koppel's own, each once, folded lines after them.
    let header = lines.prefix { !$0.isEmpty }
    var seen: Set<String> = []
    var unfolded: [String: String] = [:]
    var current = ""
    for line in header {
        if line.hasPrefix(" ") || line.hasPrefix("\t") {
            Fuzz.check(!current.isEmpty, "the header starts with a folded line")
            unfolded[current]! += line
            continue
        }
        let name = String(line.prefix { $0 != ":" }).lowercased()
        Fuzz.check(line.contains(":") && ownFields.contains(name), "a header field of its own: \(line.prefix(40))")
        Fuzz.check(seen.insert(name).inserted, "the field \(name) twice")
        current = name
        unfolded[name] = String(line.dropFirst(name.count + 1))
    }
    for word in header.joined(separator: " ").split(separator: " ") where word.hasPrefix("=?") && word.hasSuffix("?=") {
        Fuzz.check(word.utf8.count <= 75, "an encoded-word of \(word.utf8.count) characters")
    }
    Fuzz.check(
        decodedSubject(unfolded["subject"] ?? "") == MIMEHeaderField.singleLine(subject),
        "the Subject does not decode to the subject")
}

/// The Subject's value read back: encoded-words (RFC 2047) joined without the space between them
/// (6.2), plain words with it.
func decodedSubject(_ value: String) -> String {
    let words = value.split(separator: " ")
    guard words.allSatisfy({ $0.hasPrefix("=?utf-8?B?") && $0.hasSuffix("?=") }), !words.isEmpty else {
        return words.joined(separator: " ")
    }
    var bytes = Data()
    for word in words {
        let base64 = word.dropFirst("=?utf-8?B?".count).dropLast(2)
        guard let piece = Data(base64Encoded: String(base64)) else { return "<not base64: \(word)>" }
        bytes += piece
    }
    return String(decoding: bytes, as: UTF8.self)
}
