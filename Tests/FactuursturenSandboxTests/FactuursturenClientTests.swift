import Foundation
import KoppelHTTP
import Testing

@Suite struct FactuursturenClientTests {
    @Test func basicAuthWithUserNameAndAPIKey() throws {
        let sandbox = try FactuursturenSandboxProcess()
        #expect(try sandbox.call("GET", "\(sandbox.api)/clients").status == 200)
        let wrong = try sandbox.call("GET", "\(sandbox.api)/clients", authorization: FactuursturenSandboxProcess.basic(
            FactuursturenSandboxProcess.username, "not-the-key"))
        #expect(wrong.status == 401)
        #expect(!wrong.text.contains("not-the-key"))
        #expect(try sandbox.call("GET", "\(sandbox.api)/clients", authorization: nil).status == 401)
        #expect(try sandbox.call("GET", "\(sandbox.api)/clients", authorization: "Bearer \(FactuursturenSandboxProcess.apiKey)").status == 401)
    }

    @Test func createdClientReadsBackWithStringsAndIsFoundByEmail() throws {
        let sandbox = try FactuursturenSandboxProcess()
        let number = try sandbox.createClient(email: "jan@fietsen.nl")
        #expect(number == "1")
        let client = try #require(try JSON.object(try sandbox.call("GET", "\(sandbox.api)/clients/\(number)"))["client"] as? [String: Any])
        #expect(client["clientnr"] as? String == "1")
        #expect(client["email"] as? String == "jan@fietsen.nl")
        #expect(client["country"] as? String == "146")
        // Flags as text, both spellings of the FSAPI fixture.
        #expect(client["showcontact"] as? String == "true")
        #expect(client["default_email"] as? String == "0")

        _ = try sandbox.createClient(email: "piet@fietsen.nl", contact: "Piet Pietersen")
        let found = try JSON.array(try sandbox.call("GET", "\(sandbox.api)/search/clients/email/JAN%40fietsen.nl"))
        #expect(found.map { $0["clientnr"] as? String } == ["1"])
        // The whole address, not a part of it.
        #expect(try JSON.array(try sandbox.call("GET", "\(sandbox.api)/search/clients/email/fietsen.nl")).isEmpty)
        #expect(try sandbox.call("GET", "\(sandbox.api)/search/clients/email/nobody%40x.nl").text == "[]")
        #expect(try JSON.array(try sandbox.call("GET", "\(sandbox.api)/clients")).count == 2)
    }

    @Test func clientsAreNeverChangedAndNeedAName() throws {
        let sandbox = try FactuursturenSandboxProcess()
        let number = try sandbox.createClient(email: "jan@fietsen.nl")
        #expect(try sandbox.call("PUT", "\(sandbox.api)/clients/\(number)", json: #"{"email": "x@y.nl"}"#).status == 405)
        #expect(try sandbox.call("DELETE", "\(sandbox.api)/clients/\(number)").status == 405)
        let nameless = try sandbox.call("POST", "\(sandbox.api)/clients", json: #"{"email": "x@y.nl"}"#)
        #expect(nameless.status == 400)
        #expect(nameless.header("content-type")?.hasPrefix("text/plain") == true)
    }

    @Test func anUnknownClientIsAnsweredWithTheWholeListOrA404() throws {
        let quirky = try FactuursturenSandboxProcess()
        _ = try quirky.createClient(email: "jan@fietsen.nl")
        let list = try quirky.call("GET", "\(quirky.api)/clients/999")
        #expect(list.status == 200)
        #expect(try JSON.array(list).count == 1)

        let plain = try FactuursturenSandboxProcess(["--factuursturen-unknown", "not-found"])
        #expect(try plain.call("GET", "\(plain.api)/clients/999").status == 404)
    }
}
