import Foundation
import KoppelHTTP
import Synchronization
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// What nginx answers by itself under /api/, before koppel or instead of it: every such error in
/// the API's JSON shape (docs/protocol.md), over raw sockets where a client library would refuse
/// to send the request.
@Suite(.serialized)
struct NginxErrorTests {
    struct Case: Sendable {
        var name: String
        var request: Data
        var status: Int
        var code: String

        init(_ name: String, _ request: String, _ status: Int, _ code: String) {
            self.init(name, Data(request.utf8), status, code)
        }

        init(_ name: String, _ request: Data, _ status: Int, _ code: String) {
            self.name = name
            self.request = request
            self.status = status
            self.code = code
        }
    }

    static let post = "POST /api/v1/orders HTTP/1.1\r\nHost: koppel\r\nContent-Type: application/json\r\n"
    static let ping = "GET /api/v1/ping HTTP/1.1\r\nHost: koppel\r\n"

    static let malformed: [Case] = [
        Case("Content-Length not a number", post + "Content-Length: abc\r\n\r\n{}", 400, "bad_request"),
        Case("negative Content-Length", post + "Content-Length: -1\r\n\r\n", 400, "bad_request"),
        Case("two Content-Lengths", post + "Content-Length: 2\r\nContent-Length: 3\r\n\r\n{}", 400, "bad_request"),
        Case("Content-Length and Transfer-Encoding", post + "Content-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n", 400, "bad_request"),
        Case("a broken chunk", post + "Transfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n", 400, "bad_request"),
        Case("NUL in a header", ping + "X-Koppel-License: KPL\u{0}-1\r\n\r\n", 400, "bad_request"),
        Case("CR in a header", ping + "X-Koppel-License: KPL\r-1\r\n\r\n", 400, "bad_request"),
        Case("no Host", "GET /api/v1/ping HTTP/1.1\r\n\r\n", 400, "bad_request"),
        Case("two Hosts", ping + "Host: other\r\n\r\n", 400, "bad_request"),
        Case("a TLS hello on the plain port", Data([0x16, 0x03, 0x01, 0x00, 0xa5, 0x01, 0x00, 0x00, 0xa1, 0x03, 0x03]) + Data("\r\n\r\n".utf8), 400, "bad_request"),
        Case("a 9 KB header", ping + "X-Koppel-License: " + String(repeating: "K", count: 9_000) + "\r\n\r\n", 400, "header_too_large"),
        Case("a 9 KB request line", "GET /api/v1/ping?n=" + String(repeating: "n", count: 9_000) + " HTTP/1.1\r\nHost: koppel\r\n\r\n", 414, "uri_too_long"),
        Case("Content-Length of 10 MB", post + "Content-Length: 10485760\r\n\r\n", 413, "body_too_large"),
        Case("unknown Transfer-Encoding", post + "Transfer-Encoding: gzip\r\n\r\n", 501, "not_implemented"),
        Case("HTTP/2.0 request line", "GET /api/v1/ping HTTP/2.0\r\nHost: koppel\r\n\r\n", 505, "http_version_not_supported"),
        Case("TRACE", "TRACE /api/v1/ping HTTP/1.1\r\nHost: koppel\r\n\r\n", 405, "method_not_allowed"),
    ]

    static func expectJSONError(_ answer: RawHTTP.Answer, status: Int, code: String, _ name: String) throws {
        #expect(answer.status == status, "\(name): \(answer)")
        #expect(answer.header("Content-Type") == "application/json", "\(name): \(answer.headers)")
        let error = try answer.jsonError()
        #expect(error.code == code, "\(name): \(answer)")
        #expect(!error.message.isEmpty && !error.message.contains("<"), "\(name): \(answer)")
    }

    @Test func malformedRequestsAreAnsweredInJSON() throws {
        let stack = try Stack()
        let before = try stack.counts()
        for test in Self.malformed {
            try Self.expectJSONError(try RawHTTP.answer(test.request, port: stack.httpPort), status: test.status, code: test.code, test.name)
        }
        let after = try stack.counts()
        #expect(after.orders == before.orders && after.versions == before.versions && after.settings == before.settings)
        #expect(try stack.send("GET", "/api/v1/ping", contentType: nil).status == 200)
    }

    /// 20 requests a second per license key, with a burst of 100 (etc/nginx/koppel.conf.in).
    @Test func tooManyRequestsForOneLicenseKeyAre429() throws {
        let stack = try Stack()
        let client = try CurlHTTPClient()
        let statuses = Mutex([Int: Int]())
        let failures = Mutex([String]())
        let started = Date()
        DispatchQueue.concurrentPerform(iterations: 8) { _ in
            do {
                let client = try CurlHTTPClient()
                for _ in 0..<50 {
                    // Unsigned: koppel answers 401 to those nginx lets through.
                    let response = try client.perform(HTTPRequest(
                        url: stack.endpoint + "/api/v1/ping", headers: [("X-Koppel-License", stack.license)], timeout: 10))
                    statuses.withLock { $0[response.status, default: 0] += 1 }
                    let json = response.header("content-type") == "application/json" && response.header("retry-after") == "1"
                    if response.status == 429, !json || !response.text.contains(#""code":"too_many_requests""#) {
                        failures.withLock { $0.append("429 not in the API's shape: \(response.headers) \(response.text)") }
                    }
                }
            } catch {
                failures.withLock { $0.append("\(error)") }
            }
        }
        let elapsed = Date().timeIntervalSince(started)
        #expect(failures.withLock { $0 } == [])
        let counted = statuses.withLock { $0 }
        let passed = counted[401, default: 0]
        #expect(Set(counted.keys).isSubset(of: [401, 429]), "\(counted)")
        #expect(passed >= 100, "the burst lets 101 through at once: \(counted)")
        #expect(Double(passed) <= 102 + 20 * elapsed, "\(counted) in \(elapsed) s")
        #expect(counted[429, default: 0] > 0, "400 requests in \(elapsed) s: \(counted)")

        // Another shop is not held up by this one.
        let other = try client.perform(HTTPRequest(
            url: stack.endpoint + "/api/v1/ping", headers: [("X-Koppel-License", "KPL-00000-00000-00000-00000")]))
        #expect(other.status == 401)
    }

    /// 64 requests in progress per client address; requests whose body is slow to come count.
    @Test func tooManyRequestsInProgressFromOneAddressAre429() throws {
        let stack = try Stack()
        let slowBody = Data((Self.post + "Content-Length: 100\r\n\r\n{").utf8)
        let ping = Data((Self.ping + "\r\n").utf8)
        var held: [RawHTTP.Connection] = []
        func hold(_ count: Int) throws {
            for _ in 0..<count {
                let connection = try RawHTTP.Connection(port: stack.httpPort)
                try connection.write(slowBody)
                held.append(connection)
            }
        }
        // Within the limit, a request still goes through to koppel (401: unsigned). 60, not 63:
        // a margin for a request of the stack's own start still counted on a busy machine.
        try hold(60)
        let within = try RawHTTP.answer(ping, port: stack.httpPort)
        #expect(within.status == 401, "\(within)")

        try hold(4)
        // nginx counts a request once it has read its headers: ask until the 64th is counted. Each
        // held body gets one more byte first, so that nginx's 10 s body timeout never closes one
        // while a loaded machine is slow to get here (its 100 bytes are never all sent).
        var refused: RawHTTP.Answer?
        for _ in 0..<50 where refused == nil {
            for connection in held { try connection.write(Data(" ".utf8)) }
            let answer = try RawHTTP.answer(ping, port: stack.httpPort)
            if answer.status == 429 { refused = answer } else { usleep(50_000) }
        }
        let answer = try #require(refused, "no 429 with 64 requests in progress")
        try Self.expectJSONError(answer, status: 429, code: "too_many_requests", "64 requests in progress")
        #expect(answer.header("Retry-After") == "1")

        held.removeAll()
        var passed = false
        for _ in 0..<50 where !passed {
            passed = try RawHTTP.answer(ping, port: stack.httpPort).status == 401
            if !passed { usleep(50_000) }
        }
        #expect(passed, "requests go through again once the others are gone")
    }

    /// nginx answers neither a client that stalls in its headers nor one that stalls in its
    /// body: it closes the connection after client_header_timeout / client_body_timeout (10 s),
    /// never sending its HTML 408 page. nginx 1.22 src/http/ngx_http_request.c:
    /// ngx_http_process_request_headers() closes on a timed-out read, and
    /// ngx_http_finalize_request() terminates a request finalized with 408 instead of answering.
    @Test func clientsThatStallAreCutOffWithoutAnAnswer() throws {
        let stack = try Stack()
        let stalls = [
            Data((Self.ping + "X-Koppel-License: KPL").utf8),
            Data((Self.post + "Content-Length: 100\r\n\r\n{\"orders\":").utf8),
        ]
        let outcomes = Mutex([Int: Result<RawHTTP.Outcome, any Error>]())
        DispatchQueue.concurrentPerform(iterations: stalls.count) { index in
            let outcome = Result { try RawHTTP.exchange(stalls[index], port: stack.httpPort, timeout: 30) }
            outcomes.withLock { $0[index] = outcome }
        }
        for index in stalls.indices {
            switch try #require(outcomes.withLock { $0[index] }).get() {
            case .closedWithoutAnswer(let after):
                #expect(after > 8 && after < 25, "stall \(index) cut off after \(after) s")
            case .answered(let answer):
                Issue.record("stall \(index) was answered: \(answer)")
            }
        }
    }

    /// Until every thread of `pid` is stopped: SIGSTOP reaches the threads one after the other.
    static func waitUntilStopped(_ pid: Int32) throws {
        let tasks = "/proc/\(pid)/task"
        for _ in 0..<100 {
            let states = try FileManager.default.contentsOfDirectory(atPath: tasks).map { task in
                try String(contentsOfFile: "\(tasks)/\(task)/stat", encoding: .utf8)
            }
            // The state follows the parenthesised command name: "1234 (koppel-fcgi) T …".
            if states.allSatisfy({ $0.split(separator: ")").last?.trimmingCharacters(in: .whitespaces).hasPrefix("T") == true }) {
                return
            }
            usleep(20_000)
        }
        throw RawHTTP.Failure(description: "koppel-fcgi did not stop")
    }

    @Test func aHangingKoppelIs504AndAStoppedOne503() throws {
        // The shipped 60 s, shortened so the test does not wait a minute.
        let stack = try Stack(nginxEdits: [("fastcgi_read_timeout 60s;", "fastcgi_read_timeout 1s;")])
        let ping = Data((Self.ping + "\r\n").utf8)

        // Stopped, koppel-fcgi's socket still takes connections into its backlog: it hangs.
        let pid = stack.fcgi.processIdentifier
        kill(pid, SIGSTOP)
        let hanging = Result { () throws -> RawHTTP.Answer in
            try Self.waitUntilStopped(pid)
            return try RawHTTP.answer(ping, port: stack.httpPort)
        }
        kill(pid, SIGCONT)
        try Self.expectJSONError(try hanging.get(), status: 504, code: "timeout", "koppel-fcgi hangs")

        stack.fcgi.terminate()
        stack.fcgi.waitUntilExit()
        let down = try RawHTTP.answer(ping, port: stack.httpPort)
        try Self.expectJSONError(down, status: 503, code: "unavailable", "koppel-fcgi is down")
        #expect(down.header("Retry-After") == "5")
    }
}
