import CCurl
import Foundation

extension MailError {
    /// The one place a failed libcurl SMTP transfer becomes a `MailError`: the libcurl status says
    /// whether the network or TLS failed, the transcript says which command the server refused.
    /// `detail` is libcurl's own message; `secret` is removed from everything, just in case.
    static func smtp(_ code: CURLcode, detail: String, transcript: SMTPTranscript, secret: String?) -> MailError {
        let error = classify(code, detail: detail, transcript: transcript)
        guard let secret, !secret.isEmpty else { return error }
        return MailError(kind: error.kind, replyCode: error.replyCode, message: redact(secret, in: error.message))
    }

    /// The secret where it stands on its own, so that a short one does not mangle the words it is part of.
    static func redact(_ secret: String, in text: String) -> String {
        let escaped = NSRegularExpression.escapedPattern(for: secret)
        guard let pattern = try? NSRegularExpression(pattern: "(?<![A-Za-z0-9])\(escaped)(?![A-Za-z0-9])") else {
            return text.replacingOccurrences(of: secret, with: "<redacted>")
        }
        let range = NSRange(text.startIndex..., in: text)
        return pattern.stringByReplacingMatches(in: text, range: range, withTemplate: "<redacted>")
    }

    private static func classify(_ code: CURLcode, detail: String, transcript: SMTPTranscript) -> MailError {
        switch code {
        case CURLE_LOGIN_DENIED:
            return MailError(
                kind: .authentication, replyCode: transcript.replyCode,
                message: "the SMTP server refused the credentials: \(transcript.reply ?? detail)")
        case CURLE_USE_SSL_FAILED:
            return MailError(
                kind: .tls, replyCode: nil,
                message: "the SMTP server does not offer STARTTLS, which the settings require")
        case CURLE_SSL_CONNECT_ERROR, CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CERTPROBLEM, CURLE_SSL_CIPHER,
            CURLE_SSL_CACERT_BADFILE, CURLE_SSL_ISSUER_ERROR, CURLE_SSL_PINNEDPUBKEYNOTMATCH,
            CURLE_SSL_INVALIDCERTSTATUS,
            CURLE_SSL_ENGINE_NOTFOUND, CURLE_SSL_ENGINE_SETFAILED, CURLE_SSL_ENGINE_INITFAILED, CURLE_SSL_CRL_BADFILE,
            CURLE_SSL_SHUTDOWN_FAILED, CURLE_SSL_CLIENTCERT:
            return MailError(kind: .tls, replyCode: nil, message: "TLS with the SMTP server failed: \(detail)")
        case CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_CONNECT, CURLE_OPERATION_TIMEDOUT:
            return MailError(kind: .connection, replyCode: nil, message: "no SMTP conversation: \(detail)")
        default:
            break
        }

        if let replyCode = transcript.replyCode, replyCode >= 400, let reply = transcript.reply {
            let refused = "the SMTP server refused \(transcript.commandDescription): \(reply)"
            switch transcript.command {
            case "RCPT":
                return MailError(kind: .recipientRefused, replyCode: replyCode, message: refused)
            case "AUTH":
                return MailError(kind: .authentication, replyCode: replyCode, message: refused)
            case "STARTTLS":
                return MailError(kind: .tls, replyCode: replyCode, message: refused)
            default:
                // 530: authentication required (RFC 4954), typically in reply to MAIL FROM.
                let kind: Kind = replyCode == 530 ? .authentication : .server
                return MailError(kind: kind, replyCode: replyCode, message: refused)
            }
        }
        return MailError(kind: .connection, replyCode: nil, message: "the SMTP conversation broke off: \(detail)")
    }
}
