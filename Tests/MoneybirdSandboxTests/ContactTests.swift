import Foundation
import KoppelHTTP
import Testing

@Suite struct ContactTests {
    @Test func createSearchAndRead() throws {
        let sandbox = try SandboxProcess()
        let id = try sandbox.createContact(
            #"{"firstname": "Anna", "lastname": "de Vries", "address1": "Kerkstraat 1", "zipcode": "1017 GA", "city": "Amsterdam", "country": "NL", "email": "anna@example.nl", "tax_number": "NL123456789B01"}"#)
        _ = try sandbox.createContact(#"{"company_name": "Bakkerij Bol", "email": "info@bol.example"}"#)
        #expect(id.count == 18 && id.allSatisfy(\.isNumber))

        let found = try JSON.array(try sandbox.call("GET", "\(sandbox.api)/contacts.json?query=anna%40example.nl&per_page=100"))
        #expect(found.count == 1)
        #expect(found.first?["id"] as? String == id)
        #expect(found.first?["email"] as? String == "anna@example.nl")
        #expect(found.first?["send_invoices_to_email"] as? String == "anna@example.nl")

        let byCity = try JSON.array(try sandbox.call("GET", "\(sandbox.api)/contacts?query=amsterdam"))
        #expect(byCity.map { $0["id"] as? String } == [id])

        let single = try JSON.object(try sandbox.call("GET", "\(sandbox.api)/contacts/\(id).json"))
        #expect(single["lastname"] as? String == "de Vries")
        #expect(single["tax_number"] as? String == "NL123456789B01")
        #expect(single["administration_id"] as? Int == Int(SandboxProcess.administration))

        let missing = try sandbox.call("GET", "\(sandbox.api)/contacts/123456789012345678")
        #expect(missing.status == 404)
        #expect(missing.text == #"{"error":"record not found","symbolic":{"id":"not_found"}}"#)
    }

    @Test func nameIsRequired() throws {
        let sandbox = try SandboxProcess()
        let response = try sandbox.call("POST", "\(sandbox.api)/contacts.json", json: #"{"contact": {"email": "x@y.nl"}}"#)
        #expect(response.status == 422)
        #expect(
            response.text
                == #"{"error":{"firstname":["is required"],"lastname":["is required"],"company_name":["is required"]},"details":{"firstname":[{"error":"is required"}],"lastname":[{"error":"is required"}],"company_name":[{"error":"is required"}]}}"#
        )
        #expect(try JSON.array(try sandbox.call("GET", "\(sandbox.api)/contacts")).isEmpty)
    }
}
