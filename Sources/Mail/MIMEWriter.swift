import Foundation

/// Renders a `MailMessage` as RFC 5322 message bytes with MIME parts, every line ending in CRLF:
/// a single text/plain part, or multipart/mixed with the text first and then the attachments.
public struct MIMEWriter: Sendable {
    /// The zone the Date header is written in.
    public var timeZone: TimeZone
    let boundary: String

    public init(timeZone: TimeZone = .current) {
        self.init(timeZone: timeZone, boundary: Self.randomBoundary())
    }

    /// The boundary starts with "=_", which neither quoted-printable (where "=" is followed by hex
    /// digits or a line end) nor base64 can produce: no encoded part can contain it.
    init(timeZone: TimeZone, boundary: String) {
        precondition(boundary.hasPrefix("=_"), "a boundary must start with =_")
        self.timeZone = timeZone
        self.boundary = boundary
    }

    static func randomBoundary() -> String {
        "=_koppel_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
    }

    public func render(_ message: MailMessage) -> Data {
        var out = MIMEHeaderField.fold("Date", [RFC5322Date.format(message.date, in: timeZone)])
        out += MIMEHeaderField.fold("From", MIMEHeaderField.addresses([message.from]))
        out += MIMEHeaderField.fold("To", MIMEHeaderField.addresses(message.to))
        out += MIMEHeaderField.fold("Subject", MIMEHeaderField.text(message.subject))
        out += MIMEHeaderField.fold("Message-ID", [Self.messageID(message.messageID)])
        out += "MIME-Version: 1.0\r\n"

        let text = MIMEBodyEncoding.quotedPrintable(message.text)
        if message.attachments.isEmpty {
            out += Self.textPartHeaders + "\r\n" + text
            if !out.hasSuffix("\r\n") { out += "\r\n" }
            return Data(out.utf8)
        }

        out += MIMEHeaderField.fold("Content-Type", ["multipart/mixed;", "boundary=\"\(boundary)\""])
        out += "\r\n--\(boundary)\r\n" + Self.textPartHeaders + "\r\n" + text
        for attachment in message.attachments {
            // The CRLF before each delimiter belongs to the delimiter, not to the part before it.
            out += "\r\n--\(boundary)\r\n" + Self.attachmentHeaders(attachment) + "\r\n"
            out += MIMEBodyEncoding.base64Lines(attachment.data)
        }
        out += "\r\n--\(boundary)--\r\n"
        return Data(out.utf8)
    }

    private static let textPartHeaders =
        "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n"

    private static func attachmentHeaders(_ attachment: MailAttachment) -> String {
        let type = contentType(attachment.contentType)
        let name = MIMEHeaderField.parameter("name", attachment.filename)
        let filename = MIMEHeaderField.parameter("filename", attachment.filename)
        return MIMEHeaderField.fold("Content-Type", MIMEHeaderField.withParameters(type, [name]))
            + MIMEHeaderField.fold("Content-Disposition", MIMEHeaderField.withParameters("attachment", [filename]))
            + "Content-Transfer-Encoding: base64\r\n"
    }

    /// The caller's content type when it is one line of visible ASCII, else the generic type.
    private static func contentType(_ value: String) -> String {
        let trimmed = value.trimmingCharacters(in: .whitespaces)
        let plain = trimmed.contains("/") && trimmed.unicodeScalars.allSatisfy { $0.value >= 0x20 && $0.value < 0x7F }
        return plain ? trimmed : "application/octet-stream"
    }

    /// Only visible ASCII, within angle brackets.
    private static func messageID(_ value: String) -> String {
        let visible = String(
            String.UnicodeScalarView(value.unicodeScalars.filter { $0.value > 0x20 && $0.value < 0x7F }))
        let bare = visible.trimmingCharacters(in: CharacterSet(charactersIn: "<>"))
        return "<\(bare)>"
    }
}
