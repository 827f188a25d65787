import Foundation
import Mail
import Testing

struct SMTPSettingsTests {
    static let password = "Zeer-geheim-42"
    static let settings = SMTPSettings(
        url: "smtp://mail.koppel.test:587", username: "rapport@koppel.test", password: password,
        security: .startTLSRequired, caFile: "/etc/koppel/ca.pem", timeout: 20, heloName: "koppel.test")

    @Test func thePasswordIsNeverShown() {
        var dumped = ""
        dump(Self.settings, to: &dumped)
        let shown = [
            Self.settings.description, String(describing: Self.settings), String(reflecting: Self.settings),
            "\(Self.settings)",
            dumped,
        ]
        for text in shown {
            #expect(!text.contains(Self.password), "\(text)")
            #expect(text.contains("rapport@koppel.test"))
        }
        #expect(Self.settings.description.contains("password: <redacted>"))
    }

    @Test func storesWithThePasswordAndReadsBackEqual() throws {
        let data = try JSONEncoder().encode(Self.settings)
        #expect(try JSONDecoder().decode(SMTPSettings.self, from: data) == Self.settings)
    }

    @Test func onlyTheURLIsRequired() throws {
        let settings = try JSONDecoder().decode(SMTPSettings.self, from: Data(#"{"url": "smtp://127.0.0.1:25"}"#.utf8))
        #expect(settings == SMTPSettings(url: "smtp://127.0.0.1:25"))
        #expect(settings.security == .startTLSWhenOffered)
        #expect(settings.timeout == 60)
        #expect(settings.username == nil && settings.password == nil && settings.caFile == nil)
    }

    @Test(arguments: [
        "http://mail.koppel.test", "mail.koppel.test:587", "smtp://", "smtp://mail.koppel.test/helo",
        "smtp://rapport:Zeer-geheim-42@mail.koppel.test", "smtp://mail.koppel.test?x=1",
    ])
    func aMailerRefusesURLsThatAreNoSMTPServer(url: String) {
        var settings = Self.settings
        settings.url = url
        do {
            _ = try SMTPMailer(settings: settings)
            Issue.record("accepted \(url)")
        } catch {
            #expect(error.kind == .invalidSettings)
            #expect(!error.message.contains(Self.password))
        }
    }

    @Test func aMailerRefusesOtherSettingsThatCannotWork() {
        let broken = [
            SMTPSettings(url: "smtp://127.0.0.1:25", timeout: 0),
            SMTPSettings(url: "smtp://127.0.0.1:25", password: Self.password),
            SMTPSettings(url: "smtp://127.0.0.1:25", heloName: "koppel test\r\n"),
        ]
        for settings in broken {
            #expect(throws: MailError.self) { try SMTPMailer(settings: settings) }
        }
        #expect(throws: Never.self) { try SMTPMailer(settings: Self.settings) }
    }
}
