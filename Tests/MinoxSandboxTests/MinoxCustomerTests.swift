import Foundation
import KoppelHTTP
import Testing

@Suite struct MinoxCustomerTests {
    @Test func customersAreNumberedAndFoundByEmailAndExternalID() throws {
        let sandbox = try MinoxSandboxProcess()
        let first = try sandbox.createCustomer(email: "Inkoop@Fietsen.nl")
        let second = try sandbox.createCustomer(email: "jan@example.nl", id: 200_500)
        #expect(second == 200_500)
        #expect(try sandbox.createCustomer(email: "piet@example.nl") == 200_501)
        #expect(first == 100_001)

        let found = try sandbox.call("GET", "\(sandbox.api)/customer/by_email/inkoop%40fietsen.nl")
        #expect(found.status == 200)
        #expect(try JSON.object(found)["id"] as? Int == first)
        #expect(try sandbox.call("GET", "\(sandbox.api)/customer/by_email/nobody%40example.nl").status == 404)
        #expect(try JSON.object(try sandbox.call("GET", "\(sandbox.api)/customer/\(second)"))["id"] as? Int == second)
        #expect(try JSON.collection(try sandbox.call("GET", "\(sandbox.api)/customer")).count == 3)

        let external = try sandbox.call(
            "POST", "\(sandbox.api)/customer", json: #"{"externalid": "oc-17", "addresses": [{"name": "Klaas"}]}"#)
        #expect(external.status == 201)
        let byExternal = try sandbox.call("GET", "\(sandbox.api)/customer/by_externalid/oc-17")
        #expect(try JSON.object(byExternal)["id"] as? Int == 200_502)

        let duplicate = try sandbox.call("POST", "\(sandbox.api)/customer", json: #"{"id": 200500, "addresses": [{"name": "X"}]}"#)
        #expect(duplicate.status == 422)
        #expect(try JSON.object(duplicate)["message"] as? String == "Customer 200500 already exists")
        #expect(try sandbox.call("POST", "\(sandbox.api)/customer", json: #"{"addresses": []}"#).status == 422)
    }

    @Test func numbersMustBeGivenWhenTheSandboxDoesNotAssignThem() throws {
        let sandbox = try MinoxSandboxProcess(["--minox-customer-numbers", "refuse"])
        let refused = try sandbox.call("POST", "\(sandbox.api)/customer", json: #"{"addresses": [{"name": "Klaas"}]}"#)
        #expect(refused.status == 422)
        #expect(try sandbox.createCustomer(email: "a@b.nl", id: 4242) == 4242)
    }
}
