import Foundation
import KoppelHTTP
import Testing

@Suite struct RateLimitAndFaultTests {
    @Test func budgetRunsOutWith429() throws {
        let sandbox = try SandboxProcess(["--rate-limit", "3", "--rate-window", "120"])
        let now = Int(Date().timeIntervalSince1970)
        var remaining: [String?] = []
        for _ in 1...3 {
            let response = try sandbox.call("GET", "\(sandbox.api)/contacts")
            #expect(response.status == 200)
            #expect(response.header("RateLimit-Limit") == "3")
            remaining.append(response.header("RateLimit-Remaining"))
        }
        #expect(remaining == ["2", "1", "0"])
        let refused = try sandbox.call("GET", "\(sandbox.api)/contacts")
        #expect(refused.status == 429)
        #expect(refused.text == #""Retry later""#)
        #expect(refused.header("RateLimit-Remaining") == "0")
        let reset = try #require(refused.header("RateLimit-Reset").flatMap { Int($0) })
        #expect(refused.header("Retry-After") == String(reset))
        #expect((now + 100...now + 125).contains(reset))
        // The /sandbox helpers are outside the budget and can restart it.
        #expect(try sandbox.call("POST", "\(sandbox.base)/sandbox/reset", token: nil).status == 200)
        #expect(try sandbox.call("GET", "\(sandbox.api)/contacts").status == 200)
    }

    private func setFaults(_ sandbox: SandboxProcess, _ json: String) throws {
        let response = try sandbox.call("POST", "\(sandbox.base)/sandbox/faults", json: json, token: nil)
        #expect(response.status == 200)
    }

    private func contactCount(_ sandbox: SandboxProcess) throws -> Int {
        try JSON.array(try sandbox.call("GET", "\(sandbox.api)/contacts?per_page=100")).count
    }

    @Test func serverErrorsStoreNothing() throws {
        let sandbox = try SandboxProcess()
        try setFaults(sandbox, #"{"error_rate": 1}"#)
        let failed = try sandbox.call("POST", "\(sandbox.api)/contacts", json: #"{"contact": {"company_name": "A"}}"#)
        #expect(failed.status == 500)
        try setFaults(sandbox, #"{"error_rate": 0}"#)
        #expect(try contactCount(sandbox) == 0)
    }

    @Test func timeoutsStoreNothing() throws {
        let sandbox = try SandboxProcess(["--timeout-rate", "1", "--timeout-hold-ms", "2500"])
        #expect {
            _ = try sandbox.call("POST", "\(sandbox.api)/contacts", json: #"{"contact": {"company_name": "A"}}"#, timeout: 1)
        } throws: { error in
            (error as? HTTPClientError)?.isTimeout == true
        }
        try setFaults(sandbox, #"{"timeout_rate": 0}"#)
        #expect(try contactCount(sandbox) == 0)
    }

    @Test func commitThenDropClosesTheConnection() throws {
        let sandbox = try SandboxProcess()
        try setFaults(sandbox, #"{"commit_then_drop_rate": 1}"#)
        #expect {
            _ = try sandbox.call("POST", "\(sandbox.api)/contacts", json: #"{"contact": {"company_name": "A"}}"#)
        } throws: { error in
            guard let error = error as? HTTPClientError else { return false }
            return !error.isTimeout
        }
        try setFaults(sandbox, #"{"commit_then_drop_rate": 0}"#)
        #expect(try contactCount(sandbox) == 1)
    }

    @Test func latencyIsAdded() throws {
        let sandbox = try SandboxProcess(["--latency-ms", "400"])
        let start = Date()
        #expect(try sandbox.call("GET", "\(sandbox.api)/contacts").status == 200)
        #expect(Date().timeIntervalSince(start) >= 0.4)
        let faults = try JSON.object(try sandbox.call("GET", "\(sandbox.base)/sandbox/faults", token: nil))
        #expect(faults["latency_ms"] as? Int == 400)
        let bad = try sandbox.call("POST", "\(sandbox.base)/sandbox/faults", json: #"{"error_rate": 2}"#, token: nil)
        #expect(bad.status == 422)
    }
}
