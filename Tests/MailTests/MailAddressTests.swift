import Testing

@testable import Mail

struct MailAddressTests {
    @Test(arguments: ["rapport@koppel.test", "boek.houding+nacht@fietsen-de-vries.nl", "a@b", "postmaster@[127.0.0.1]"])
    func acceptsUsableAddresses(address: String) throws {
        #expect(try MailAddress(address).address == address)
    }

    @Test(arguments: [
        "", "rapport", "rapport@", "@koppel.test", "a@b@c", "rap port@koppel.test",
        "rapport@koppel.test\r\nRCPT TO:<x@y>",
        "rapport\n@koppel.test", "rap\0port@koppel.test", "<rapport@koppel.test>", "a,b@koppel.test",
        "joëlle@fietsen.test",
        "\"quoted\"@koppel.test", String(repeating: "a", count: 243) + "@koppel.test",
    ])
    func refusesWhatCannotBeSent(address: String) {
        #expect(throws: MailError.self) { try MailAddress(address) }
        do {
            _ = try MailAddress(address)
        } catch {
            #expect(error.kind == .invalidAddress)
        }
    }

    @Test func explainsWhy() {
        #expect(throws: MailError.invalidAddress("the e-mail address contains U+000D, which cannot be sent")) {
            try MailAddress("a\r@b")
        }
        #expect(throws: MailError.invalidAddress("the e-mail address is longer than 254 characters")) {
            try MailAddress(String(repeating: "a", count: 250) + "@b.nl")
        }
    }

    @Test func aNameIsKeptAsGiven() throws {
        let address = try MailAddress("eigenaar@fietsen.test", name: "Joëlle de Vries")
        #expect(address.name == "Joëlle de Vries")
        #expect(address.description == "Joëlle de Vries <eigenaar@fietsen.test>")
    }
}
