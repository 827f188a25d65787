import Foundation
import KoppelHTTP
import Synchronization
import Testing

extension SandboxProcess {
    /// Changes the fault switches named in `json`; the switches in force as the sandbox reads them back.
    @discardableResult
    func setFaults(_ json: String) throws -> [String: Any] {
        let response = try call("POST", "\(base)/sandbox/faults", json: json, token: nil)
        #expect(response.status == 200, "\(response.text)")
        return try JSON.object(response)
    }

    /// Replaces the fault rules; the rules in force as the sandbox reads them back.
    @discardableResult
    func setFaultRules(_ rules: String) throws -> [[String: Any]] {
        try #require(try setFaults(#"{"rules": \#(rules)}"#)["rules"] as? [[String: Any]])
    }

    /// The fault rules in force, with what is left of their skips and counts.
    func faultRules() throws -> [[String: Any]] {
        let response = try call("GET", "\(base)/sandbox/faults", token: nil)
        return try #require(try JSON.object(response)["rules"] as? [[String: Any]], "\(response.text)")
    }

    /// A draft invoice of one line for a new contact; its id.
    func draftInvoice(reference: String) throws -> String {
        let contact = try createContact()
        let invoice = try createInvoice(
            contact: contact, reference: reference, lines: #"[{"description": "Fiets", "price": "100"}]"#)
        return try #require(invoice["id"] as? String)
    }

    func send(_ invoice: String) throws -> HTTPResponse {
        try call(
            "PATCH", "\(api)/sales_invoices/\(invoice)/send_invoice.json",
            json: #"{"sales_invoice_sending": {"delivery_method": "Manual"}}"#)
    }

    func pay(_ invoice: String, price: String = "121") throws -> HTTPResponse {
        try call(
            "POST", "\(api)/sales_invoices/\(invoice)/payments.json",
            json: #"{"payment": {"payment_date": "2026-04-05", "price": "\#(price)"}}"#)
    }

    func invoice(_ id: String) throws -> [String: Any] {
        let response = try call("GET", "\(api)/sales_invoices/\(id)")
        #expect(response.status == 200, "\(response.text)")
        return try JSON.object(response)
    }
}

/// True for a transfer that ended without an answer but was neither a timeout nor a refused connection.
private func isDroppedConnection(_ error: any Error) -> Bool {
    guard let error = error as? HTTPClientError else { return false }
    return !error.isTimeout && !error.isConnectionFailure
}

@Suite struct FaultRuleTests {
    @Test func rateLimitRuleRefusesOneSend() throws {
        let sandbox = try SandboxProcess()
        let id = try sandbox.draftInvoice(reference: "RL-1")
        let rules = try sandbox.setFaultRules(
            #"[{"endpoint": "PATCH /sales_invoices/{id}/send_invoice", "fault": "rate_limit", "retry_after_s": 30}]"#)
        #expect(rules.count == 1)
        #expect(rules.first?["count"] as? Int == 1)
        #expect(rules.first?["skip"] as? Int == 0)
        #expect(rules.first?["retry_after_s"] as? Int == 30)

        let now = Int(Date().timeIntervalSince1970)
        let refused = try sandbox.send(id)
        #expect(refused.status == 429)
        #expect(refused.text == #""Retry later""#)
        #expect(refused.header("RateLimit-Limit") == "150")
        #expect(refused.header("RateLimit-Remaining") == "0")
        let reset = try #require(refused.header("RateLimit-Reset").flatMap { Int($0) })
        #expect(refused.header("Retry-After") == String(reset))
        #expect((now + 30...now + 32).contains(reset))

        let unsent = try sandbox.invoice(id)
        #expect(unsent["state"] as? String == "draft")
        #expect(unsent["invoice_id"] is NSNull)
        #expect(try sandbox.faultRules().first?["count"] as? Int == 0)

        let sent = try sandbox.send(id)
        #expect(sent.status == 200, "\(sent.text)")
        #expect(try JSON.object(sent)["state"] as? String == "open")
    }

    @Test func rateLimitRuleAnnouncesOneSecondByDefault() throws {
        let sandbox = try SandboxProcess()
        let rules = try sandbox.setFaultRules(#"[{"endpoint": "GET /contacts", "fault": "rate_limit"}]"#)
        #expect(rules.first?["retry_after_s"] as? Int == 1)
        let now = Int(Date().timeIntervalSince1970)
        let refused = try sandbox.call("GET", "\(sandbox.api)/contacts")
        #expect(refused.status == 429)
        let retryAfter = try #require(refused.header("Retry-After").flatMap { Int($0) })
        #expect((now...now + 3).contains(retryAfter))
    }

    @Test func droppedPaymentLeavesTheInvoiceUnpaid() throws {
        let sandbox = try SandboxProcess()
        let id = try sandbox.draftInvoice(reference: "DROP-1")
        #expect(try sandbox.send(id).status == 200)
        try sandbox.setFaultRules(#"[{"endpoint": "POST /sales_invoices/{id}/payments", "fault": "drop"}]"#)

        #expect { _ = try sandbox.pay(id) } throws: { isDroppedConnection($0) }
        let unpaid = try sandbox.invoice(id)
        #expect(unpaid["state"] as? String == "open")
        #expect((unpaid["payments"] as? [Any])?.count == 0)
        #expect(unpaid["total_paid"] as? String == "0.0")

        #expect(try sandbox.pay(id).status == 201)
        #expect(try sandbox.invoice(id)["state"] as? String == "paid")
    }

    @Test func commitThenDropStoresTheInvoice() throws {
        let sandbox = try SandboxProcess()
        let contact = try sandbox.createContact()
        try sandbox.setFaultRules(#"[{"endpoint": "POST /sales_invoices", "fault": "commit_then_drop"}]"#)
        let body = #"""
            {"sales_invoice": {"contact_id": "\#(contact)", "reference": "CTD-1",
             "details_attributes": [{"description": "a", "price": "5"}]}}
            """#

        #expect { _ = try sandbox.call("POST", "\(sandbox.api)/sales_invoices.json", json: body) } throws: {
            isDroppedConnection($0)
        }
        let found = try sandbox.call("GET", "\(sandbox.api)/sales_invoices/find_by_reference/CTD-1")
        #expect(found.status == 200, "\(found.text)")
        #expect(try JSON.object(found)["contact_id"] as? String == contact)
        #expect(try JSON.array(try sandbox.call("GET", "\(sandbox.api)/sales_invoices?filter=state:all")).count == 1)
    }

    @Test func timeoutRuleHoldsThenAnswers504() throws {
        let sandbox = try SandboxProcess()
        try sandbox.setFaults(#"{"timeout_hold_ms": 300}"#)
        try sandbox.setFaultRules(#"[{"endpoint": "POST /contacts", "fault": "timeout"}]"#)
        let start = Date()
        let held = try sandbox.call("POST", "\(sandbox.api)/contacts", json: #"{"contact": {"company_name": "A"}}"#)
        #expect(held.status == 504)
        #expect(Date().timeIntervalSince(start) >= 0.3)
        #expect(try JSON.array(try sandbox.call("GET", "\(sandbox.api)/contacts")).isEmpty)
    }

    @Test func skipAndCountTouchOnlyTheirEndpoint() throws {
        let sandbox = try SandboxProcess()
        try sandbox.setFaultRules(#"[{"endpoint": "POST /contacts", "fault": "error", "skip": 1, "count": 2}]"#)
        var statuses: [Int] = []
        for number in 1...4 {
            let created = try sandbox.call(
                "POST", "\(sandbox.api)/contacts", json: #"{"contact": {"company_name": "Klant \#(number)"}}"#)
            statuses.append(created.status)
            // Other endpoints, between the faulted requests, are left alone.
            #expect(try sandbox.call("GET", "\(sandbox.api)/contacts").status == 200)
            #expect(try sandbox.call("GET", "\(sandbox.api)/tax_rates").status == 200)
        }
        #expect(statuses == [201, 500, 500, 201])
        let spent = try #require(try sandbox.faultRules().first)
        #expect(spent["skip"] as? Int == 0)
        #expect(spent["count"] as? Int == 0)
        let contacts = try JSON.array(try sandbox.call("GET", "\(sandbox.api)/contacts"))
        #expect(contacts.count == 2)
        #expect(Set(contacts.map { $0["company_name"] as? String }) == ["Klant 1", "Klant 4"])
    }

    @Test func rulesApplyInOrderAndAreReplacedOrReset() throws {
        let sandbox = try SandboxProcess()
        try sandbox.setFaultRules(
            #"[{"endpoint": "GET /contacts", "fault": "error"}, {"endpoint": "GET /contacts", "fault": "rate_limit"}]"#)
        let statuses = try (1...3).map { _ in try sandbox.call("GET", "\(sandbox.api)/contacts").status }
        #expect(statuses == [500, 429, 200])

        try sandbox.setFaultRules(#"[{"endpoint": "GET /contacts", "fault": "error", "count": 5}]"#)
        #expect(try sandbox.setFaultRules("[]").isEmpty)
        #expect(try sandbox.call("GET", "\(sandbox.api)/contacts").status == 200)

        try sandbox.setFaultRules(#"[{"endpoint": "GET /contacts", "fault": "error", "count": 5}]"#)
        // Changing another switch keeps the rules.
        #expect((try sandbox.setFaults(#"{"latency_ms": 0}"#)["rules"] as? [Any])?.count == 1)
        #expect(try sandbox.call("POST", "\(sandbox.base)/sandbox/reset", token: nil).status == 200)
        #expect(try sandbox.faultRules().isEmpty)
        #expect(try sandbox.call("GET", "\(sandbox.api)/contacts").status == 200)
    }

    @Test func requestsRefusedByTheRateLimiterLeaveTheRules() throws {
        let other = "777"
        let sandbox = try SandboxProcess([
            "--rate-limit", "1", "--administration", SandboxProcess.administration, "--administration", other,
        ])
        #expect(try sandbox.call("GET", "\(sandbox.api)/contacts").status == 200)
        try sandbox.setFaultRules(#"[{"endpoint": "GET /contacts", "fault": "error"}]"#)
        let throttled = try sandbox.call("GET", "\(sandbox.api)/contacts")
        #expect(throttled.status == 429)
        #expect(try sandbox.faultRules().first?["count"] as? Int == 1)
        // The other administration has its own budget, so its request reaches the rule.
        #expect(try sandbox.call("GET", "\(sandbox.base)/api/v2/\(other)/contacts").status == 500)
        #expect(try sandbox.faultRules().first?["count"] as? Int == 0)
    }

    @Test func concurrentRequestsShareNoRule() throws {
        let sandbox = try SandboxProcess()
        try sandbox.setFaultRules(#"[{"endpoint": "GET /contacts", "fault": "error", "count": 5}]"#)
        let outcomes = Mutex<[Result<Int, any Error>]>([])
        let request = HTTPRequest(
            url: "\(sandbox.api)/contacts", headers: [("Authorization", "Bearer \(SandboxProcess.token)")])
        DispatchQueue.concurrentPerform(iterations: 20) { _ in
            // A client each, so every request has its own connection.
            let outcome = Result { try CurlHTTPClient().perform(request).status }
            outcomes.withLock { $0.append(outcome) }
        }
        let statuses = try outcomes.withLock { $0 }.map { try $0.get() }
        #expect(statuses.count == 20)
        #expect(statuses.filter { $0 == 500 }.count == 5)
        #expect(statuses.filter { $0 == 200 }.count == 15)
    }

    /// The names rules use are the request counter's names; one request to each endpoint a booking makes.
    @Test func ruleEndpointsAreTheCounterNames() throws {
        let sandbox = try SandboxProcess()
        let id = try sandbox.draftInvoice(reference: "40001")
        #expect(try sandbox.send(id).status == 200)
        #expect(try sandbox.pay(id, price: "1").status == 201)
        #expect(try sandbox.call("GET", "\(sandbox.api)/sales_invoices/\(id).json").status == 200)
        #expect(try sandbox.call("GET", "\(sandbox.api)/sales_invoices/find_by_reference/40001").status == 200)
        #expect(try sandbox.call("GET", "\(sandbox.api)/sales_invoices/find_by_reference/ORD-9").status == 404)
        let names = [
            "POST /contacts", "POST /sales_invoices", "PATCH /sales_invoices/{id}/send_invoice",
            "POST /sales_invoices/{id}/payments", "GET /sales_invoices/{id}",
            "GET /sales_invoices/find_by_reference/{reference}",
        ]
        let stats = try JSON.object(try sandbox.call("GET", "\(sandbox.base)/sandbox/stats", token: nil))
        let counted = try #require(stats["endpoints"] as? [String: Int])
        #expect(counted.keys.sorted() == names.sorted())
        #expect(counted["GET /sales_invoices/find_by_reference/{reference}"] == 2)

        let rules = names.map { #"{"endpoint": "\#($0)", "fault": "error"}"# }.joined(separator: ", ")
        try sandbox.setFaultRules("[\(rules)]")
        let contact = try sandbox.call("POST", "\(sandbox.api)/contacts", json: #"{"contact": {"company_name": "B"}}"#)
        let created = try sandbox.call(
            "POST", "\(sandbox.api)/sales_invoices",
            json: #"{"sales_invoice": {"reference": "x", "details_attributes": [{"description": "a", "price": "1"}]}}"#)
        let faulted = [
            contact.status, created.status, try sandbox.send(id).status, try sandbox.pay(id, price: "1").status,
            try sandbox.call("GET", "\(sandbox.api)/sales_invoices/\(id)").status,
            try sandbox.call("GET", "\(sandbox.api)/sales_invoices/find_by_reference/40001.json").status,
        ]
        #expect(faulted == [500, 500, 500, 500, 500, 500])
        #expect(try sandbox.faultRules().map { $0["count"] as? Int } == Array(repeating: 0, count: names.count))
    }

    @Test func invalidRulesAreRefusedWhole() throws {
        let sandbox = try SandboxProcess()
        let valid = #"{"endpoint": "POST /contacts", "fault": "error", "count": 3}"#
        try sandbox.setFaultRules("[\(valid)]")
        let cases: [(rules: String, field: String)] = [
            (#"[{"endpoint": "POST /contacts", "fault": "explode"}]"#, "rules[0].fault"),
            (#"[{"endpoint": "POST /contacts"}]"#, "rules[0].fault"),
            (#"[{"endpoint": 5, "fault": "error"}]"#, "rules[0].endpoint"),
            (#"[{"fault": "error"}]"#, "rules[0].endpoint"),
            (#"[\#(valid), {"endpoint": "POST /contacts", "fault": "error", "count": -1}]"#, "rules[1].count"),
            (#"[{"endpoint": "POST /contacts", "fault": "error", "skip": -2}]"#, "rules[0].skip"),
            (#"[{"endpoint": "POST /contacts", "fault": "error", "count": "many"}]"#, "rules[0].count"),
            (#"[{"endpoint": "POST /contacts", "fault": "error", "cout": 2}]"#, "rules[0].cout"),
            (#"[{"endpoint": "POST /contacts", "fault": "error", "retry_after_s": 5}]"#, "rules[0].retry_after_s"),
            (#"[{"endpoint": "GET /contacts", "fault": "rate_limit", "retry_after_s": -5}]"#, "rules[0].retry_after_s"),
            (#"["POST /contacts"]"#, "rules[0]"),
            (#""all""#, "rules"),
        ]
        for (rules, field) in cases {
            let response = try sandbox.call(
                "POST", "\(sandbox.base)/sandbox/faults", json: #"{"rules": \#(rules)}"#, token: nil)
            #expect(response.status == 422, "\(rules): \(response.text)")
            let body = try JSON.object(response)
            let errors = try #require(body["error"] as? [String: [String]], "\(response.text)")
            #expect(Array(errors.keys) == [field], "\(rules): \(response.text)")
            let details = try #require(body["details"] as? [String: [[String: String]]], "\(response.text)")
            #expect(details[field] == [["error": "invalid"]], "\(rules): \(response.text)")
        }
        // A refused list changes nothing: the valid rule is still in force, untouched.
        let kept = try sandbox.faultRules()
        #expect(kept.count == 1)
        #expect(kept.first?["endpoint"] as? String == "POST /contacts")
        #expect(kept.first?["count"] as? Int == 3)
    }
}
