import Foundation
import GRDB
import KoppelCore
import KoppelHTTP
import KoppelStore
import Testing

/// How many orders wait to be booked and when the last will be, on the command line: a real
/// `koppel sync` through the Moneybird sandbox at a small rate limit records the ledger requests
/// it made per order while it runs (every 10 orders), equal to what the sandbox counted; then
/// `koppel connection list` and `koppel orders list` tell the wait at that figure and Moneybird's limit.
@Suite struct WaitingEstimateTests {
    /// Minutes as the command line prints them: "14:35" today, else with the date.
    static func minute(_ unixTime: Int64, now: Int64) -> String {
        let format = DateFormatter()
        format.locale = Locale(identifier: "en_US_POSIX")
        format.timeZone = .current
        format.dateFormat = "yyyy-MM-dd"
        let day = format.string(from: Date(timeIntervalSince1970: TimeInterval(unixTime)))
        let today = format.string(from: Date(timeIntervalSince1970: TimeInterval(now)))
        format.dateFormat = day == today ? "HH:mm" : "yyyy-MM-dd HH:mm"
        return format.string(from: Date(timeIntervalSince1970: TimeInterval(unixTime)))
    }

    /// The minutes the last order may be booked by for a command run between `from` and `to`.
    static func minutes(after seconds: Int64, from: Int64, to: Int64) -> Set<String> {
        Set((from...to).map { minute($0 + seconds, now: $0) })
    }

    static func recorded(_ stack: Stack) throws -> (slices: Int, pace: BookingPace) {
        try stack.database.pool.read { db in
            let row = try #require(
                try Row.fetchOne(db, sql: "SELECT COUNT(*) AS slices, SUM(orders) AS orders, SUM(requests) AS requests FROM booking_pace"))
            return (row["slices"], BookingPace(orders: row["orders"] ?? 0, requests: row["requests"] ?? 0))
        }
    }

    @Test func aSyncRecordsTheRequestsPerOrderAsItGoesAndTheListsTellTheWait() throws {
        // 12 requests per 3 s: the 30 orders take several windows, so the run is seen half-way.
        let sandbox = try LedgerSandbox(arguments: ["--rate-limit", "12", "--rate-window", "3"])
        let (stack, web, _) = try DashboardConfigurationTests.configuredStack(sandbox: sandbox)
        defer { withExtendedLifetime(web) {} }
        let koppel = { (arguments: [String]) throws -> ProgramRun in
            let run = try runProgram("koppel", arguments, environment: stack.environment)
            #expect(run.status == 0, "\(arguments): \(run.errors)")
            return run
        }
        let orders = try (0..<30).map { try DashboardBacklogTests.order(3000 + $0, daysAgo: 20) }
        #expect(try stack.send("POST", "/api/v1/orders", body: JSONSerialization.data(withJSONObject: ["orders": orders])).status == 200)

        // Nothing measured yet: Moneybird's nominal 5 requests an order, 2 s a request.
        var from = Int64(Date().timeIntervalSince1970)
        let nominal = try koppel(["connection", "list"])
        var to = Int64(Date().timeIntervalSince1970)
        let nominalRow = try #require(nominal.output.split(separator: "\n").first { $0.hasPrefix(stack.license) }, "\(nominal.output)")
        let nominalTimes = Self.minutes(after: 30 * 5 * 2, from: from, to: to)
        #expect(nominalRow.contains(" 30 "), "\(nominal.output)")
        #expect(nominalTimes.contains { nominalRow.contains(" \($0) ") }, "\(nominalTimes) \(nominal.output)")
        #expect(nominal.output.contains("30 orders wait to be booked; the last around "), "\(nominal.output)")
        #expect(
            nominal.output.contains("(5.0 requests an order, nominal, nothing measured yet; the ledger allows 150 requests per 300 s)"),
            "\(nominal.output)")

        #expect(try sandbox.admin("POST", "stats/reset").status == 200)
        let log = stack.folder.appendingPathComponent("sync.log")
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        let sync = Process()
        sync.executableURL = Stack.binaries.appendingPathComponent("koppel")
        sync.arguments = ["sync", "--connection", stack.license]
        sync.environment = ProcessInfo.processInfo.environment.merging(stack.environment) { _, new in new }
        sync.standardOutput = try FileHandle(forWritingTo: log)
        sync.standardError = sync.standardOutput
        try sync.run()
        // Watched while it runs: a slice of 10 orders is stored long before the run ends.
        var seenWhileRunning: (slices: Int, pace: BookingPace)?
        while sync.isRunning {
            let now = try Self.recorded(stack)
            if now.slices > 0, sync.isRunning, seenWhileRunning == nil { seenWhileRunning = now }
            usleep(50_000)
        }
        sync.waitUntilExit()
        let written = try String(contentsOf: log, encoding: .utf8)
        #expect(sync.terminationStatus == 0, "\(written)")
        let midway = try #require(seenWhileRunning, "nothing recorded while the run went on")
        #expect(midway.pace.orders == 10, "\(midway)")

        let booked = try stack.database.pool.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM shop_order WHERE state = 'booked'") }
        #expect(booked == 30)
        let stats = try answerObject(try sandbox.admin("GET", "stats"))
        let received = try #require(stats["total"] as? Int)
        let recorded = try Self.recorded(stack)
        // Every request the sandbox received for the run, and every order, in 3 slices of 10.
        #expect(recorded.slices == 3)
        #expect(recorded.pace == BookingPace(orders: 30, requests: received), "sandbox: \(stats)")
        // One create per order at least (unpaid orders of one customer, remembered after the first).
        #expect(received >= 30, "\(stats)")

        // 12 more orders wait: the time at the measured figure and Moneybird's limit.
        let more = try (0..<12).map { try DashboardBacklogTests.order(4000 + $0, daysAgo: 20) }
        #expect(try stack.send("POST", "/api/v1/orders", body: JSONSerialization.data(withJSONObject: ["orders": more])).status == 200)
        let perOrder = Double(received) / 30
        let seconds = Int64((12 * perOrder * 2).rounded(.up))
        from = Int64(Date().timeIntervalSince1970)
        let list = try koppel(["connection", "list"])
        let ordersList = try koppel(["orders", "list", "--connection", stack.license])
        to = Int64(Date().timeIntervalSince1970)
        let times = Self.minutes(after: seconds, from: from, to: to)
        let row = try #require(list.output.split(separator: "\n").first { $0.hasPrefix(stack.license) }, "\(list.output)")
        #expect(row.contains(" 12 "), "\(list.output)")
        #expect(times.contains { row.contains(" \($0) ") }, "\(times) \(list.output)")
        let how = "(\(String(format: "%.1f", perOrder)) requests an order, measured over the last 30 orders; "
            + "the ledger allows 150 requests per 300 s)"
        for output in [list.output, ordersList.output] {
            let line = try #require(
                output.split(separator: "\n").first { $0.contains("(\(stack.license)): 12 orders wait to be booked; the last around ") },
                "\(output)")
            #expect(line.hasSuffix(how), "\(line)")
            #expect(times.contains { line.contains("around \($0) (") }, "\(times) \(line)")
        }
    }
}
