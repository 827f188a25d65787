import Foundation

/// An e-mail address usable both in the SMTP envelope and in a header, with an optional display name.
public struct MailAddress: Sendable, Hashable, CustomStringConvertible {
    public let address: String
    public let name: String?

    /// Checks the address: one `@` with text on both sides, printable ASCII only (no spaces, CR, LF
    /// or NUL, nothing that ends an address in a header or an SMTP command), at most 254 characters.
    public init(_ address: String, name: String? = nil) throws(MailError) {
        guard !address.isEmpty else { throw .invalidAddress("the e-mail address is empty") }
        guard address.utf8.count <= 254 else {
            throw .invalidAddress("the e-mail address is longer than 254 characters")
        }
        if let bad = address.unicodeScalars.first(where: { !Self.allowed($0) }) {
            let shown = bad.isASCII && bad.value >= 0x21 ? "'\(bad)'" : String(format: "U+%04X", bad.value)
            throw .invalidAddress("the e-mail address contains \(shown), which cannot be sent")
        }
        let parts = address.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else {
            throw .invalidAddress("the e-mail address needs exactly one @ with text on both sides: \(address)")
        }
        self.address = address
        self.name = name
    }

    public var description: String { name.map { "\($0) <\(address)>" } ?? address }

    /// Visible ASCII except what would end the address in `<...>`, a list or a quoted string.
    private static func allowed(_ scalar: Unicode.Scalar) -> Bool {
        guard scalar.value > 0x20, scalar.value < 0x7F else { return false }
        return !"<>,;\"\\()".unicodeScalars.contains(scalar)
    }
}

/// A file sent with the message, e.g. a CSV report.
public struct MailAttachment: Sendable, Equatable {
    public var filename: String
    /// The MIME type with its parameters, e.g. `text/csv; charset=utf-8`.
    public var contentType: String
    public var data: Data

    public init(filename: String, contentType: String, data: Data) {
        self.filename = filename
        self.contentType = contentType
        self.data = data
    }
}

/// A plain-text e-mail with optional attachments.
public struct MailMessage: Sendable, Equatable {
    public var from: MailAddress
    public var to: [MailAddress]
    public var subject: String
    public var text: String
    public var attachments: [MailAttachment]
    public var date: Date
    /// The Message-ID header with its angle brackets, e.g. `<4F1C...@example.nl>`.
    public var messageID: String

    /// Without a `messageID`, one is made from a random UUID and the sender's domain.
    public init(
        from: MailAddress, to: [MailAddress], subject: String, text: String, attachments: [MailAttachment] = [],
        date: Date = Date(), messageID: String? = nil
    ) {
        self.from = from
        self.to = to
        self.subject = subject
        self.text = text
        self.attachments = attachments
        self.date = date
        let domain = from.address.split(separator: "@").last.map(String.init) ?? "localhost"
        self.messageID = messageID ?? "<\(UUID().uuidString)@\(domain)>"
    }
}
