import CCurl
import Testing

@testable import Mail

/// How a failed conversation becomes a `MailError`, without a server.
struct SMTPFailureTests {
    static let password = "Zeer-geheim-42"

    private func transcript(_ lines: [String]) -> SMTPTranscript {
        let transcript = SMTPTranscript()
        for line in lines {
            if line.hasPrefix("> ") {
                transcript.sent(String(line.dropFirst(2)) + "\r\n")
            } else {
                transcript.received(line + "\r\n")
            }
        }
        return transcript
    }

    @Test func theRefusalBeforeQUITCounts() {
        let conversation = transcript([
            "> MAIL FROM:<rapport@koppel.test> SIZE=1314", "250 OK", "> RCPT TO:<niemand@refused.test>",
            "550 5.1.1 <niemand@refused.test>: recipient address rejected", "> QUIT", "221 Bye",
        ])
        let error = MailError.smtp(CURLE_SEND_ERROR, detail: "RCPT failed: 550", transcript: conversation, secret: nil)
        #expect(error.kind == .recipientRefused)
        #expect(error.replyCode == 550)
        #expect(
            error.message
                == "the SMTP server refused RCPT TO <niemand@refused.test>: 550 5.1.1 <niemand@refused.test>: recipient address rejected"
        )
    }

    @Test func linesSentDuringAUTHAreNeverKept() {
        let conversation = transcript([
            "> AUTH LOGIN", "334 VXNlcm5hbWU6", "> cmFwcG9ydA==", "334 UGFzc3dvcmQ6", "> WmVlci1nZWhlaW0tNDI=",
        ])
        #expect(conversation.command == "AUTH")
        #expect(conversation.address == nil)
        #expect(conversation.commandDescription == "AUTH")
    }

    @Test func aTemporaryRefusalIsWorthRetrying() {
        let conversation = transcript(["> MAIL FROM:<rapport@koppel.test>", "451 4.3.0 try again later"])
        let error = MailError.smtp(CURLE_SEND_ERROR, detail: "MAIL failed: 451", transcript: conversation, secret: nil)
        #expect(error.kind == .server)
        #expect(error.replyCode == 451)
        #expect(error.isTransient)
        #expect(error.message.contains("MAIL FROM <rapport@koppel.test>"))
    }

    @Test func aServerThatEchoesThePasswordDoesNotGetItIntoTheError() {
        let conversation = transcript(["> AUTH PLAIN", "535 5.7.8 password Zeer-geheim-42 is wrong"])
        let error = MailError.smtp(CURLE_LOGIN_DENIED, detail: "", transcript: conversation, secret: Self.password)
        #expect(error.kind == .authentication)
        #expect(error.message == "the SMTP server refused the credentials: 535 5.7.8 password <redacted> is wrong")
    }

    @Test func aShortPasswordDoesNotMangleWords() {
        #expect(
            MailError.redact("p", in: "Failed to connect to 127.0.0.1 port 25: p")
                == "Failed to connect to 127.0.0.1 port 25: <redacted>")
        #expect(MailError.redact("a.b*", in: "x a.b* y aab*") == "x <redacted> y aab*")
    }
}
