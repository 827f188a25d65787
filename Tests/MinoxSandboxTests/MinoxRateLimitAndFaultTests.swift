import Foundation
import KoppelHTTP
import Testing

@Suite struct MinoxRateLimitAndFaultTests {
    @Test func budgetRunsOutWith429AndRetryAfter() throws {
        let sandbox = try MinoxSandboxProcess(["--rate-limit", "3", "--rate-window", "120"])
        let nowMS = Int64(Date().timeIntervalSince1970 * 1000)
        var remaining: [String?] = []
        for _ in 1...3 {
            let response = try sandbox.call("GET", "\(sandbox.api)/vat")
            #expect(response.status == 200)
            #expect(response.header("x-rate-limit-limit") == "3")
            remaining.append(response.header("x-rate-limit-remaining"))
        }
        #expect(remaining == ["2", "1", "0"])
        let refused = try sandbox.call("GET", "\(sandbox.api)/vat")
        #expect(refused.status == 429)
        #expect(try JSON.object(refused)["message"] as? String == "Too many requests")
        // The reset is an epoch timestamp in milliseconds.
        let reset = try #require(refused.header("x-rate-limit-reset").flatMap { Int64($0) })
        #expect((nowMS + 100_000...nowMS + 125_000).contains(reset))
        let retryAfter = try #require(refused.header("retry-after").flatMap { Int($0) })
        #expect((100...120).contains(retryAfter))
        #expect(try sandbox.call("POST", "\(sandbox.base)/sandbox/reset", token: nil).status == 200)
        #expect(try sandbox.call("GET", "\(sandbox.api)/vat").status == 200)
    }

    @Test func theDefaultBudgetIsTwentyRequests() throws {
        let sandbox = try MinoxSandboxProcess()
        let response = try sandbox.call("GET", "\(sandbox.api)/journal")
        #expect(response.header("x-rate-limit-limit") == "20")
        #expect(response.header("x-rate-limit-remaining") == "19")
    }

    @Test func commitThenDropStoresTheBatchAndErrorsStoreNothing() throws {
        let sandbox = try MinoxSandboxProcess()
        let customer = try sandbox.createCustomer(email: "inkoop@fietsen.nl")
        let entry = MinoxSandboxProcess.salesEntry(customer: customer, net: "25.62", vat: "5.38", gross: "31")
        let first = "3f2b8c1e-7d4a-4e6b-9c2d-1a2b3c4d5e6f"
        let second = "4f2b8c1e-7d4a-4e6b-9c2d-1a2b3c4d5e6f"
        try sandbox.setFaults(#"{"rules": [{"endpoint": "PUT /transaction_line_batch/{uuid}", "fault": "commit_then_drop"}, {"endpoint": "PUT /transaction_line_batch/{uuid}", "fault": "error"}]}"#)
        #expect(throws: HTTPClientError.self) {
            _ = try sandbox.call("PUT", "\(sandbox.api)/transaction_line_batch/\(first)", json: entry)
        }
        #expect(try sandbox.call("GET", "\(sandbox.api)/transaction_line_batch/\(first)").status == 200)
        #expect(try sandbox.call("PUT", "\(sandbox.api)/transaction_line_batch/\(second)", json: entry).status == 500)
        #expect(try sandbox.call("GET", "\(sandbox.api)/transaction_line_batch/\(second)").status == 404)

        try sandbox.setFaults(#"{"rules": [{"endpoint": "GET /customer/by_email/{email}", "fault": "rate_limit", "retry_after_s": 7}]}"#)
        let limited = try sandbox.call("GET", "\(sandbox.api)/customer/by_email/x%40y.nl")
        #expect(limited.status == 429)
        #expect(limited.header("retry-after") == "7")

        let stats = try JSON.object(try sandbox.call("GET", "\(sandbox.base)/sandbox/stats", token: nil))
        let endpoints = try #require(stats["endpoints"] as? [String: Int])
        #expect(endpoints["PUT /transaction_line_batch/{uuid}"] == 2)
        #expect(endpoints["GET /transaction_line_batch/{uuid}"] == 2)
        #expect(endpoints["POST /customer"] == 1)
        #expect(endpoints["GET /customer/by_email/{email}"] == 1)
    }

    @Test func dropAndTimeoutStoreNothing() throws {
        let sandbox = try MinoxSandboxProcess()
        let customer = try sandbox.createCustomer(email: "inkoop@fietsen.nl")
        let entry = MinoxSandboxProcess.salesEntry(customer: customer, net: "25.62", vat: "5.38", gross: "31")
        let url = "\(sandbox.api)/transaction_line_batch/3f2b8c1e-7d4a-4e6b-9c2d-1a2b3c4d5e6f"
        try sandbox.setFaults(#"{"timeout_hold_ms": 1500, "rules": [{"endpoint": "PUT /transaction_line_batch/{uuid}", "fault": "drop"}, {"endpoint": "PUT /transaction_line_batch/{uuid}", "fault": "timeout"}]}"#)
        #expect(throws: HTTPClientError.self) { _ = try sandbox.call("PUT", url, json: entry) }
        #expect(try sandbox.call("GET", url).status == 404)
        let held = try sandbox.call("PUT", url, json: entry)
        #expect(held.status == 504)
        #expect(try sandbox.call("GET", url).status == 404)
        #expect(try sandbox.call("PUT", url, json: entry).status == 201)
    }
}
