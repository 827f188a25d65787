import Foundation

/// How far the SMTP conversation got, for saying what failed: the last command sent and the last
/// reply received. It keeps command names and envelope addresses only; lines sent during AUTH
/// (credentials) and the message itself are never kept.
final class SMTPTranscript {
    private(set) var command: String?
    /// The address of the last MAIL FROM or RCPT TO.
    private(set) var address: String?
    /// The last reply line, e.g. `550 5.1.1 <x@example.nl>: no such user`.
    private(set) var reply: String?

    var replyCode: Int? { reply.flatMap { Int($0.prefix(3)) } }

    private static let commands: Set<String> = [
        "EHLO", "HELO", "STARTTLS", "AUTH", "MAIL", "RCPT", "DATA", "QUIT", "RSET",
    ]

    /// After a failure libcurl still says QUIT; its 221 must not hide the reply that failed.
    private var quitting = false

    func sent(_ text: String) {
        let line = text.trimmingCharacters(in: .newlines)
        let verb = line.prefix { $0 != " " }.uppercased()
        // Anything else is an AUTH continuation: a credential.
        guard Self.commands.contains(verb), !quitting else { return }
        if verb == "QUIT" {
            quitting = true
            return
        }
        command = verb
        if verb == "MAIL" || verb == "RCPT", let open = line.firstIndex(of: "<"), let close = line.lastIndex(of: ">"),
            open < close
        {
            address = String(line[line.index(after: open)..<close])
        } else {
            address = nil
        }
    }

    func received(_ text: String) {
        guard !quitting else { return }
        let lines = text.split(whereSeparator: \.isNewline)
        if let last = lines.last(where: { !$0.isEmpty }) { reply = String(last) }
    }
}

extension SMTPTranscript {
    /// "RCPT TO <x@example.nl>" for messages.
    var commandDescription: String {
        switch (command, address) {
        case ("MAIL", let address?): "MAIL FROM <\(address)>"
        case ("RCPT", let address?): "RCPT TO <\(address)>"
        case ("DATA", _): "the message (DATA)"
        case (let command?, _): command
        case (nil, _): "the greeting"
        }
    }
}
