import Foundation
import KoppelCore
import KoppelHTTP
import Mijnwebwinkel
import Synchronization
import Testing

/// Rate limits are waited out, failures are visible, and no token reaches a log line or an error.
@Suite("Mijnwebwinkel rate limit, faults and secrets")
struct MijnwebwinkelFaultTests {
    /// Log lines and waits the client reported.
    final class Recorder: Sendable {
        let lines = Mutex<[String]>([])
        let waits = Mutex<[Int64]>([])

        func log(_ line: String) { lines.withLock { $0.append(line) } }

        func sleep(_ seconds: Int64) {
            waits.withLock { $0.append(seconds) }
            Thread.sleep(forTimeInterval: TimeInterval(seconds))
        }

        var text: String { lines.withLock { $0.joined(separator: "\n") } }
    }

    func client(_ sandbox: MijnwebwinkelSandboxProcess, _ recorder: Recorder, edit: (inout MijnwebwinkelAccess) -> Void = { _ in })
        throws -> MijnwebwinkelClient
    {
        var access = sandbox.access
        edit(&access)
        return try MijnwebwinkelClient(access: access, log: recorder.log, sleep: recorder.sleep)
    }

    @Test("a 429 is waited out for its Retry-After, then the same page is asked again")
    func waitsOn429() throws {
        let sandbox = try MijnwebwinkelSandboxProcess(["--orders", "120"])
        try sandbox.sandbox("POST", "/faults", json: #"{"rules": [{"endpoint": "GET /orders", "fault": "rate_limit", "count": 2, "skip": 1, "retry_after_s": 1}]}"#)
        let recorder = Recorder()
        let orders = try client(sandbox, recorder).orders()
        #expect(orders.count == 120)
        #expect(recorder.waits.withLock { $0 } == [1, 1])
        #expect(try sandbox.requests("GET /orders") == 4)
    }

    @Test("the sandbox's own rate limit answers 429 per token, and the client waits its window out")
    func waitsForTheWindow() throws {
        let sandbox = try MijnwebwinkelSandboxProcess(["--orders", "5", "--rate-limit", "1", "--rate-window", "2"])
        let recorder = Recorder()
        let client = try client(sandbox, recorder)
        _ = try client.orderStatuses()  // the partner's budget
        for _ in 0..<3 { #expect(try client.orders().count == 5) }
        #expect(!recorder.waits.withLock { $0 }.isEmpty)
        #expect(recorder.text.contains("rate limit reached"))
    }

    @Test("a wait longer than the client may wait fails with rateLimited and the time to come back")
    func longWaitFails() throws {
        let sandbox = try MijnwebwinkelSandboxProcess(["--orders", "1"])
        try sandbox.sandbox("POST", "/faults", json: #"{"rules": [{"endpoint": "GET /store", "fault": "rate_limit", "count": 1, "retry_after_s": 600}]}"#)
        let recorder = Recorder()
        let client = try client(sandbox, recorder) { $0.longestWait = 60 }
        let error = try #require(throws: MijnwebwinkelError.self) { try client.store() }
        guard case .rateLimited(let until) = error.kind else {
            Issue.record("expected rateLimited, got \(error.kind)")
            return
        }
        #expect(until >= Int64(Date().timeIntervalSince1970) + 590)
        #expect(recorder.waits.withLock { $0 }.isEmpty)
    }

    /// libcurl asks once more by itself when a reused connection dies unanswered (harmless for a read), so a
    /// drop is set for two requests and comes after a call that leaves a connection to reuse.
    @Test("429s keep coming: the waits of one request add up to the longest wait, then rateLimited")
    func waitsAddUp() throws {
        let sandbox = try MijnwebwinkelSandboxProcess(["--orders", "1"])
        try sandbox.sandbox("POST", "/faults", json: #"{"rules": [{"endpoint": "GET /store", "fault": "rate_limit", "count": 100, "retry_after_s": 1}]}"#)
        let recorder = Recorder()
        let client = try client(sandbox, recorder) { $0.longestWait = 3 }
        let error = try #require(throws: MijnwebwinkelError.self) { try client.store() }
        guard case .rateLimited = error.kind else {
            Issue.record("expected rateLimited, got \(error.kind)")
            return
        }
        #expect(recorder.waits.withLock { $0 } == [1, 1, 1])
        #expect(try sandbox.requests("GET /store") == 4)
    }

    @Test("5xx, a dropped connection and a timeout are failures the caller sees; the next call works")
    func serverFailures() throws {
        let sandbox = try MijnwebwinkelSandboxProcess(["--orders", "3", "--timeout-hold-ms", "4000"])
        let recorder = Recorder()
        let client = try client(sandbox, recorder) { $0.timeout = 2 }
        #expect(try client.order(number: "1001").number == "1001")
        for fault in ["error", "drop", "timeout"] {
            let count = fault == "drop" ? 2 : 1
            try sandbox.sandbox(
                "POST", "/faults", json: #"{"rules": [{"endpoint": "GET /orders/{order_number}", "fault": "\#(fault)", "count": \#(count)}]}"#)
            let error = try #require(throws: MijnwebwinkelError.self) { try client.order(number: "1002") }
            #expect(error.kind == .unavailable, "\(fault): \(error)")
            if fault == "error" { #expect(error.message.contains("500")) }
            #expect(try client.order(number: "1002").number == "1002")
        }
    }

    @Test("a wrong token is unauthorized, and no token appears in any error or log line")
    func tokensNeverShow() throws {
        let sandbox = try MijnwebwinkelSandboxProcess(["--orders", "2"])
        let recorder = Recorder()
        let wrong = "wrong-store-token-5d1f0c"
        let refused = try client(sandbox, recorder) { $0.storeToken = wrong }
        let unauthorized = try #require(throws: MijnwebwinkelError.self) { try refused.orders() }
        #expect(unauthorized.kind == .unauthorized)
        #expect(unauthorized.message.contains("401"))

        let working = try client(sandbox, recorder)
        try sandbox.sandbox("POST", "/faults", json: #"{"rules": [{"endpoint": "GET /orders", "fault": "error", "count": 1}, {"endpoint": "GET /store", "fault": "drop", "count": 2}]}"#)
        let failed = try #require(throws: MijnwebwinkelError.self) { try working.orders() }
        let dropped = try #require(throws: MijnwebwinkelError.self) { try working.store() }
        #expect(try working.orders().count == 2)

        let everything = [unauthorized.message, failed.message, dropped.message, "\(failed)", recorder.text].joined(separator: "\n")
        #expect(recorder.lines.withLock { $0.count } >= 5)
        #expect(everything.contains("token=[redacted]"))
        for secret in [wrong, MijnwebwinkelSandboxProcess.storeToken, MijnwebwinkelSandboxProcess.partnerToken] {
            #expect(!everything.contains(secret), "\(secret) leaked")
        }
    }
}
