/// Why a message could not be built or sent. The message names what failed and, when the server
/// refused, its SMTP reply; it never contains the SMTP password.
public struct MailError: Error, CustomStringConvertible, Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        /// An e-mail address that cannot be used (see `MailAddress`).
        case invalidAddress
        /// A message that cannot be sent as it is (no recipients, for example).
        case invalidMessage
        /// Settings that cannot work (a URL that is no SMTP URL, a timeout of zero).
        case invalidSettings
        /// No SMTP conversation: the host is unknown, refused the connection, went silent or hung up.
        case connection
        /// TLS could not be set up: STARTTLS not offered when required, or the certificate not trusted.
        case tls
        /// The server refused the credentials, or demanded credentials that were not given.
        case authentication
        /// The server refused a recipient.
        case recipientRefused
        /// The server refused something else; `replyCode` says what it answered.
        case server
        /// libcurl could not be set up.
        case setup
    }

    public let kind: Kind
    /// The server's SMTP reply code when the server refused (e.g. 535, 550).
    public let replyCode: Int?
    public let message: String

    public var description: String { message }

    /// Worth sending again later: the network or the server may be back, and 4xx replies are temporary.
    public var isTransient: Bool {
        switch kind {
        case .connection: true
        case .server, .recipientRefused: (replyCode ?? 0) / 100 == 4
        default: false
        }
    }

    static func invalidAddress(_ message: String) -> MailError {
        MailError(kind: .invalidAddress, replyCode: nil, message: message)
    }
    static func invalidMessage(_ message: String) -> MailError {
        MailError(kind: .invalidMessage, replyCode: nil, message: message)
    }
    static func invalidSettings(_ message: String) -> MailError {
        MailError(kind: .invalidSettings, replyCode: nil, message: message)
    }
    static func setup(_ message: String) -> MailError { MailError(kind: .setup, replyCode: nil, message: message) }
}
