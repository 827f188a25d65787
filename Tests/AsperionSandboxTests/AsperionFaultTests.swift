import Foundation
import KoppelHTTP
import Testing

/// The request budget, the fault switches, the counters.
@Suite struct AsperionFaultTests {
    @Test func theRateLimitAnswers429WithRetryAfterAndResetRestartsIt() throws {
        let sandbox = try AsperionSandboxProcess(["--rate-limit", "2", "--rate-window", "60"])
        #expect(try sandbox.call("GET", "\(sandbox.api)/salesinvoices").status == 200)
        #expect(try sandbox.call("GET", "\(sandbox.api)/debtors").status == 200)
        let refused = try sandbox.call("GET", "\(sandbox.api)/salesinvoices")
        #expect(refused.status == 429)
        #expect(refused.header("content-type") == "application/problem+json")
        #expect(Int(refused.header("retry-after") ?? "").map { (1...60).contains($0) } == true)
        // Counted per administration; the upload is no part of the REST budget.
        #expect(
            try sandbox.call("GET", "\(sandbox.api)/salesinvoices", tenant: String(AsperionSandboxProcess.otherTenant))
                .status == 200)
        #expect(try sandbox.upload("orders-2026-03-01.xml", try AXMLFiles.file(numbers: ["1001"])).status == 201)
        _ = try sandbox.admin("reset")
        #expect(try sandbox.call("GET", "\(sandbox.api)/salesinvoices").status == 200)

        let unlimited = try AsperionSandboxProcess()
        for _ in 1...30 { #expect(try unlimited.call("GET", "\(unlimited.api)/salesinvoices").status == 200) }
    }

    @Test func anUploadCommittedThenDroppedIsKeptAndItsRetryIsANoOp() throws {
        let sandbox = try AsperionSandboxProcess()
        let xml = try AXMLFiles.file(numbers: ["1001", "1002"])
        _ = try sandbox.admin(
            "faults",
            json:
                #"{"rules": [{"endpoint": "PUT /sandbox-import/{tenant}/files/{name}", "fault": "commit_then_drop"}]}"#)
        #expect(throws: HTTPClientError.self) { _ = try sandbox.upload("orders-2026-03-01.xml", xml) }
        let retry = try sandbox.upload("orders-2026-03-01.xml", xml)
        #expect(retry.status == 200, "\(retry.text)")
        #expect(try JSON.object(retry)["imported"] as? Int == 2)
        #expect((try sandbox.read("salesinvoices")["_meta"] as? [String: Any])?["totalCount"] as? Int == 2)
    }

    @Test func droppedFailedAndHeldRequestsKeepNothing() throws {
        let sandbox = try AsperionSandboxProcess()
        let xml = try AXMLFiles.file(numbers: ["1001"])
        _ = try sandbox.admin(
            "faults",
            json:
                #"{"timeout_hold_ms": 1500, "rules": [{"endpoint": "PUT /sandbox-import/{tenant}/files/{name}", "fault": "drop"}, {"endpoint": "GET /v1/salesinvoices", "fault": "error"}, {"endpoint": "GET /v1/salesinvoices/{id}", "fault": "timeout"}]}"#
        )
        #expect(throws: HTTPClientError.self) { _ = try sandbox.upload("orders-2026-03-01.xml", xml) }
        let listed = try sandbox.call("GET", sandbox.files(), bearer: AsperionSandboxProcess.license, tenant: nil)
        #expect(try JSON.list(try JSON.object(listed), "files").isEmpty)
        #expect(try sandbox.upload("orders-2026-03-01.xml", xml).status == 201)

        let failed = try sandbox.call("GET", "\(sandbox.api)/salesinvoices")
        #expect(failed.status == 500)
        #expect(failed.header("content-type") == "application/problem+json")
        #expect(try JSON.object(failed)["status"] as? Int == 500)
        let held = try sandbox.call("GET", "\(sandbox.api)/salesinvoices/1")
        #expect(held.status == 504)
        #expect(try sandbox.call("GET", "\(sandbox.api)/salesinvoices/1").status == 200)

        let stats = try JSON.object(try sandbox.call("GET", "\(sandbox.base)/sandbox/stats", bearer: nil, tenant: nil))
        let endpoints = try #require(stats["endpoints"] as? [String: Int])
        #expect(endpoints["PUT /sandbox-import/{tenant}/files/{name}"] == 2)
        #expect(endpoints["GET /v1/salesinvoices"] == 1)
        #expect(endpoints["GET /v1/salesinvoices/{id}"] == 2)
        #expect(endpoints["GET /sandbox-import/{tenant}/files"] == 1)
    }
}
