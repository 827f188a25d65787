import Foundation
import KoppelHTTP
import Testing

@Suite struct MinoxBatchTests {
    private static let uuid = "3f2b8c1e-7d4a-4e6b-9c2d-1a2b3c4d5e6f"

    @Test func aBalancedBatchIsStoredReadBackAndReplacedByTheSameUUID() throws {
        let sandbox = try MinoxSandboxProcess()
        let customer = try sandbox.createCustomer(email: "inkoop@fietsen.nl")
        let url = "\(sandbox.api)/transaction_line_batch/\(Self.uuid)"
        let created = try sandbox.call("PUT", url, json: MinoxSandboxProcess.salesEntry(customer: customer, net: "25.62", vat: "5.38", gross: "31"))
        #expect(created.status == 201, "\(created.text)")

        let answer = try sandbox.call("GET", url)
        // Amounts are written with two decimals, in the order sent.
        #expect(Self.amounts(answer.text) == ["31.00/0.00", "0.00/25.62", "0.00/5.38"])
        let read = try JSON.object(answer)
        let lines = try #require(read["collection"] as? [[String: Any]])
        let accounts = lines.map { ($0["account"] as? [String: Any])?["id"] as? String }
        // The VAT line without account lands on its code's account.
        #expect(accounts == [String(customer), "8000", "1500"])
        #expect(lines.allSatisfy { $0["batch_id"] as? String == Self.uuid })

        let replaced = try sandbox.call("PUT", url, json: MinoxSandboxProcess.salesEntry(customer: customer, net: "10", vat: "2.10", gross: "12.10"))
        #expect(replaced.status == 200, "\(replaced.text)")
        let year = try sandbox.call("GET", "\(sandbox.api)/year/2026/transaction_lines?period=3")
        #expect(Self.amounts(year.text) == ["12.10/0.00", "0.00/10.00", "0.00/2.10"])
        #expect(try JSON.collection(try sandbox.call("GET", "\(sandbox.api)/year/2026/transaction_lines?period=4")).isEmpty)

        #expect(try sandbox.call("DELETE", url).status == 204)
        #expect(try sandbox.call("GET", url).status == 404)
        #expect(try JSON.collection(try sandbox.call("GET", "\(sandbox.api)/year/2026/transaction_lines")).isEmpty)
    }

    /// `debit/credit` of each line, as the literal text of the answer.
    static func amounts(_ text: String) -> [String] {
        text.components(separatedBy: #""debit":"#).dropFirst().map { part in
            let debit = part.prefix { $0 != "," }
            let credit = part.components(separatedBy: #""credit":"#)[1].prefix { $0 != "," }
            return "\(debit)/\(credit)"
        }
    }

    @Test func unbalancedSubCentAndMalformedBatchesAreRefused() throws {
        let sandbox = try MinoxSandboxProcess()
        let customer = try sandbox.createCustomer(email: "inkoop@fietsen.nl")
        let url = "\(sandbox.api)/transaction_line_batch/\(Self.uuid)"
        let unbalanced = try sandbox.call("PUT", url, json: MinoxSandboxProcess.salesEntry(customer: customer, net: "25.62", vat: "5.37", gross: "31"))
        #expect(unbalanced.status == 422)
        #expect(try JSON.object(unbalanced)["message"] as? String == "Debit (31.00) and credit (30.99) are not equal")
        let subCent = try sandbox.call("PUT", url, json: MinoxSandboxProcess.salesEntry(customer: customer, net: "25.615", vat: "5.385", gross: "31"))
        #expect(subCent.status == 422)
        #expect(try sandbox.call("PUT", url, json: #"{"lines": []}"#).status == 400)
        let unknownCustomer = try sandbox.call("PUT", url, json: MinoxSandboxProcess.salesEntry(customer: 999, net: "25.62", vat: "5.38", gross: "31"))
        #expect(unknownCustomer.status == 422)
        // A version-1 UUID is not the uuid4 the docs ask for.
        let v1 = try sandbox.call(
            "PUT", "\(sandbox.api)/transaction_line_batch/3f2b8c1e-7d4a-1e6b-9c2d-1a2b3c4d5e6f",
            json: MinoxSandboxProcess.salesEntry(customer: customer, net: "25.62", vat: "5.38", gross: "31"))
        #expect(v1.status == 400)
        #expect(try sandbox.call("GET", url).status == 404)
    }

    @Test func subCentAmountsAreRoundedWhenSwitched() throws {
        let sandbox = try MinoxSandboxProcess(["--minox-sub-cent", "round", "--minox-batch-ids", "any"])
        let customer = try sandbox.createCustomer(email: "inkoop@fietsen.nl")
        let url = "\(sandbox.api)/transaction_line_batch/3f2b8c1e-7d4a-1e6b-9c2d-1a2b3c4d5e6f"
        let response = try sandbox.call("PUT", url, json: MinoxSandboxProcess.salesEntry(customer: customer, net: "25.615", vat: "5.384", gross: "31"))
        #expect(response.status == 201, "\(response.text)")
    }

    @Test func openItemsArePaidWhenTheirBalanceIsZero() throws {
        let sandbox = try MinoxSandboxProcess()
        let customer = try sandbox.createCustomer(email: "inkoop@fietsen.nl")
        let put = try sandbox.call(
            "PUT", "\(sandbox.api)/transaction_line_batch/\(Self.uuid)",
            json: MinoxSandboxProcess.salesEntry(customer: customer, net: "25.62", vat: "5.38", gross: "31"))
        #expect(put.status == 201)
        let open = try JSON.collection(try sandbox.call("GET", "\(sandbox.api)/receivable?status=open"))
        #expect(open.count == 1)
        #expect(open.first?["invoice_number"] as? Int == 8855)
        #expect(open.first?["balance"] as? Int == 31)

        let partly = try sandbox.call(
            "POST", "\(sandbox.base)/sandbox/receivable/payment", json: #"{"account_id": \#(customer), "invoice_number": 8855, "amount": 30}"#, token: nil)
        #expect(try JSON.object(partly)["balance"] as? Double == 1)
        #expect(try JSON.collection(try sandbox.call("GET", "\(sandbox.api)/receivable?status=open")).count == 1)
        _ = try sandbox.call(
            "POST", "\(sandbox.base)/sandbox/receivable/payment", json: #"{"account_id": \#(customer), "invoice_number": 8855, "amount": 1}"#, token: nil)
        #expect(try JSON.collection(try sandbox.call("GET", "\(sandbox.api)/receivable?status=open")).isEmpty)
        #expect(try JSON.collection(try sandbox.call("GET", "\(sandbox.api)/receivable?status=paid")).count == 1)
    }
}
