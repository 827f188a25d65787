import Foundation
import KoppelHTTP
import Testing

@Suite struct FactuursturenRateLimitAndFaultTests {
    @Test func theHourlyBudgetRunsOutWith403AndRemainingZero() throws {
        let sandbox = try FactuursturenSandboxProcess(["--rate-limit", "3"])
        var remaining: [String?] = []
        for _ in 1...3 {
            let response = try sandbox.call("GET", "\(sandbox.api)/taxes")
            #expect(response.status == 200)
            remaining.append(response.header("x-ratelimit-remaining"))
        }
        #expect(remaining == ["2", "1", "0"])
        let refused = try sandbox.call("GET", "\(sandbox.api)/clients")
        #expect(refused.status == 403)
        #expect(refused.header("x-ratelimit-remaining") == "0")
        #expect(refused.header("content-type")?.hasPrefix("text/plain") == true)
        #expect(try sandbox.call("POST", "\(sandbox.base)/sandbox/reset", json: "{}", authorization: nil).status == 200)
        #expect(try sandbox.call("GET", "\(sandbox.api)/taxes").status == 200)
    }

    @Test func theDefaultBudgetIsSixtyAnHourAndTheWindowScales() throws {
        let sandbox = try FactuursturenSandboxProcess()
        #expect(try sandbox.call("GET", "\(sandbox.api)/taxes").header("x-ratelimit-remaining") == "59")

        let fast = try FactuursturenSandboxProcess(["--rate-limit", "1", "--rate-window", "1"])
        #expect(try fast.call("GET", "\(fast.api)/taxes").status == 200)
        #expect(try fast.call("GET", "\(fast.api)/taxes").status == 403)
        // A generous margin past the one-second window.
        Thread.sleep(forTimeInterval: 2)
        #expect(try fast.call("GET", "\(fast.api)/taxes").status == 200)
    }

    @Test func onlyInvoiceCreatesSpendTheBudgetWhenSwitched() throws {
        let sandbox = try FactuursturenSandboxProcess(["--rate-limit", "1", "--factuursturen-rate-counts", "invoices"])
        let client = try sandbox.createClient(email: "jan@fietsen.nl")
        _ = try sandbox.createInvoice(client: client, reference: "1001")
        let refused = try sandbox.call("POST", "\(sandbox.api)/invoices", json: #"{"clientnr": \#(client), "action": "send", "sendmethod": "email", "lines": {"line1": {"amount": 1, "description": "Fiets", "tax_rate": 21, "price": 100}}}"#)
        #expect(refused.status == 403)
        let read = try sandbox.call("GET", "\(sandbox.api)/invoices")
        #expect(read.status == 200)
        #expect(read.header("x-ratelimit-remaining") == "0")
    }

    @Test func commitThenDropStoresTheInvoiceAndErrorsStoreNothing() throws {
        let sandbox = try FactuursturenSandboxProcess()
        let client = try sandbox.createClient(email: "jan@fietsen.nl")
        try sandbox.admin("faults", json: #"{"rules": [{"endpoint": "POST /invoices", "fault": "commit_then_drop"}, {"endpoint": "POST /invoices", "fault": "error"}]}"#)
        #expect(throws: HTTPClientError.self) { _ = try sandbox.createInvoice(client: client, reference: "Bestelling 1001") }
        let found = try JSON.array(try sandbox.call("GET", "\(sandbox.api)/search/invoices/all/Bestelling%201001"))
        #expect(found.count == 1)
        let failed = try sandbox.call("POST", "\(sandbox.api)/invoices", json: #"{"clientnr": \#(client), "action": "send", "sendmethod": "email", "reference": {"line1": "Bestelling 1002"}, "lines": {"line1": {"amount": 1, "description": "Fiets", "tax_rate": 21, "price": 100}}}"#)
        #expect(failed.status == 500)
        #expect(try sandbox.call("GET", "\(sandbox.api)/search/invoices/all/Bestelling%201002").text == "[]")

        try sandbox.admin("faults", json: #"{"rules": [{"endpoint": "GET /search/invoices/{field}/{value}", "fault": "rate_limit"}]}"#)
        let limited = try sandbox.call("GET", "\(sandbox.api)/search/invoices/all/x")
        #expect(limited.status == 403)
        #expect(limited.header("x-ratelimit-remaining") == "0")

        let stats = try JSON.object(try sandbox.call("GET", "\(sandbox.base)/sandbox/stats", authorization: nil))
        let endpoints = try #require(stats["endpoints"] as? [String: Int])
        #expect(endpoints["POST /invoices"] == 2)
        #expect(endpoints["GET /search/invoices/{field}/{value}"] == 3)
        #expect(endpoints["POST /clients"] == 1)
    }

    @Test func dropAndTimeoutStoreNothing() throws {
        let sandbox = try FactuursturenSandboxProcess()
        let client = try sandbox.createClient(email: "jan@fietsen.nl")
        try sandbox.admin("faults", json: #"{"timeout_hold_ms": 1500, "rules": [{"endpoint": "POST /invoices", "fault": "drop"}, {"endpoint": "POST /invoices", "fault": "timeout"}]}"#)
        #expect(throws: HTTPClientError.self) { _ = try sandbox.createInvoice(client: client, reference: "1001") }
        #expect(try sandbox.call("GET", "\(sandbox.api)/invoices").text == "[]")
        let held = try sandbox.call("POST", "\(sandbox.api)/invoices", json: #"{"clientnr": \#(client), "action": "send", "sendmethod": "email", "lines": {"line1": {"amount": 1, "description": "Fiets", "tax_rate": 21, "price": 100}}}"#)
        #expect(held.status == 504)
        #expect(try sandbox.call("GET", "\(sandbox.api)/invoices").text == "[]")
        #expect(try sandbox.createInvoice(client: client, reference: "1001").hasSuffix("0001"))
    }
}
