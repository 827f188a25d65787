import Booking
import Foundation
import GRDB
import KoppelCore
import KoppelHTTP
import KoppelStore
import Reconciliation
import TestSupport
import Testing

/// The nightly reconcile through Moneybird's synchronization endpoints, against koppel-sandbox
/// over HTTP: ids and versions first, then only the invoices changed since the last read; what
/// did not change is compared from koppel's copy, so its findings stay.
@Suite(.serialized)
struct IncrementalReconcileTests {
    /// The sandbox's request counts per endpoint since the last reset, and resets them.
    static func takeStats(_ sandbox: SandboxServer) throws -> [String: Int] {
        let client = try CurlHTTPClient()
        let response = try client.perform(HTTPRequest(url: sandbox.baseURL + "/sandbox/stats"))
        let stats = try #require(try JSONSerialization.jsonObject(with: response.body) as? [String: Any])
        _ = try client.perform(HTTPRequest(method: "POST", url: sandbox.baseURL + "/sandbox/stats/reset"))
        return try #require(stats["endpoints"] as? [String: Int])
    }

    /// The report's amount, missing and VAT rows as `reference kind field`.
    static func mismatches(_ run: ReconcileJobTests.Reconciling, _ outcome: ReconcileJob.Outcome) throws -> [String] {
        try run.rows(outcome).map { "\($0[0]) \($0[3]) \($0[4])" }.filter { !$0.contains(" bewerkt") }.sorted()
    }

    /// The references of the bookings koppel keeps a copy of, to compare the next nightly run with.
    static func copied(_ run: ReconcileJobTests.Reconciling) throws -> [String] {
        try run.setup.database.pool.read { db in try String.fetchAll(db, sql: "SELECT reference FROM ledger_copy ORDER BY reference") }
    }

    @Test func changedInvoicesAreReadAgainAndUnchangedFindingsStay() throws {
        let run = try ReconcileJobTests.Reconciling()
        let setup = run.setup
        for id in 31...36 { try setup.push(1, id: Int64(id)) }
        #expect(try setup.job.run(setup.connection).booked == 6)
        // 32 differs from the start.
        try run.raiseFirstLine(of: "32", by: 2)
        _ = try Self.takeStats(setup.sandbox)

        // Nothing kept yet: every invoice is read, by id.
        let first = try run.job.run(setup.connection, period: ReconcileJobTests.period, readBack: .changes)
        #expect(first.reading == .changes(unchanged: 0, readAgain: 6))
        #expect(try Self.mismatches(run, first) == ["32 bedrag totaal excl. btw", "32 bedrag totaal incl. btw"])
        #expect(try run.flagged() == [32])
        #expect(try Self.copied(run) == ["31", "32", "33", "34", "35", "36"])
        let firstStats = try Self.takeStats(setup.sandbox)
        #expect(firstStats["POST /sales_invoices/synchronization"] == 1)
        #expect(firstStats["GET /sales_invoices"] == nil)

        // 33 edited to three cents more, 34 deleted; 32 left as it was.
        try run.raiseFirstLine(of: "33", by: 3)
        #expect(try setup.sandbox.admin("DELETE", "sales_invoices/\(try run.invoice("34")["id"]!)").status == 204)
        _ = try Self.takeStats(setup.sandbox)

        let second = try run.job.run(setup.connection, period: ReconcileJobTests.period, readBack: .changes)
        #expect(second.reading == .changes(unchanged: 4, readAgain: 1))
        #expect(try Self.mismatches(run, second) == [
            "32 bedrag totaal excl. btw", "32 bedrag totaal incl. btw", "33 bedrag totaal excl. btw", "33 bedrag totaal incl. btw",
            "34 ontbreekt boeking",
        ])
        #expect(try run.flagged() == [32, 33, 34])
        // The access check, the list of versions, one read of the changed invoice, and the
        // deleted booking looked up by its reference (it may have moved out of the period).
        let stats = try Self.takeStats(setup.sandbox)
        #expect(stats["GET /sales_invoices/synchronization"] == 1)
        #expect(stats["POST /sales_invoices/synchronization"] == 1)
        #expect(stats["GET /sales_invoices/find_by_reference/{reference}"] == 2)
        #expect(stats.values.reduce(0, +) == 4)
        // The deleted booking's copy goes with it.
        #expect(try Self.copied(run) == ["31", "32", "33", "35", "36"])

        // A full read finds the same.
        let full = try run.job.run(setup.connection, period: ReconcileJobTests.period, readBack: .full)
        #expect(full.reading == .full)
        #expect(try Self.mismatches(run, full) == (try Self.mismatches(run, second)))

        // 33 put right again in the ledger: changed, and now it agrees.
        try run.raiseFirstLine(of: "33", by: -3)
        let third = try run.job.run(setup.connection, period: ReconcileJobTests.period, readBack: .changes)
        #expect(third.reading == .changes(unchanged: 4, readAgain: 1))
        #expect(try Self.mismatches(run, third) == [
            "32 bedrag totaal excl. btw", "32 bedrag totaal incl. btw", "34 ontbreekt boeking",
        ])
        #expect(try run.flagged() == [32, 34])
    }

    /// 3,000 bookings seeded as the benchmark seeds them (`koppel-bench reconcile-seed`), one in
    /// 1,000 booked two cents off; `koppel reconcile --full`, then 1 % of the invoices edited and
    /// the nightly `koppel reconcile`: its requests at most 1 per 1,000 unchanged bookings and 1 per
    /// 100 changed, plus the access check and the list of versions.
    @Test func theNightlyRunAsksForLittleMoreThanTheChanges() throws {
        let sandbox = try SandboxServer(["--rate-limit", "100000000"])
        let folder = sandbox.folder
        let database = folder.appendingPathComponent("koppel.sqlite").path
        let masterKey = folder.appendingPathComponent("master.key").path
        let bookings = 3_000
        let seeded = try Self.runTool("koppel-bench", [
            "reconcile-seed", "--sandbox", sandbox.baseURL, "--token", SandboxServer.token, "--administration",
            SandboxServer.administration, "--database", database, "--master-key", masterKey, "--bookings", "\(bookings)",
            "--customers", "50",
        ])
        let license = seeded.trimmingCharacters(in: .whitespacesAndNewlines)
        let environment = [
            "KOPPEL_DATABASE": database, "KOPPEL_MASTER_KEY": masterKey,
            "KOPPEL_REPORTS": folder.appendingPathComponent("reports").path,
        ]
        func reconcile(_ extra: [String]) throws -> (output: String, csv: [String]) {
            let output = try Self.runTool(
                "koppel", ["reconcile", "--connection", license, "--from", "2026-01-01", "--to", "2026-12-31", "--no-mail"] + extra,
                environment: environment)
            let path = try #require(output.split(separator: "\n").first { $0.hasPrefix("report: ") }).dropFirst("report: ".count)
            let rows = try String(contentsOfFile: String(path), encoding: .utf8).components(separatedBy: "\r\n").dropFirst()
            return (output, rows.filter { !$0.isEmpty })
        }

        _ = try reconcile(["--full"])
        // 1 % of the invoices edited in Moneybird: a cent more on the first line.
        let versions = try JSONSerialization.jsonObject(
            with: try sandbox.get("sales_invoices/synchronization.json?filter=period:20260101..20261231,state:all").body)
        let ids = try #require(versions as? [[String: Any]]).compactMap { $0["id"] as? String }
        #expect(ids.count == bookings)
        // The seed's first line of booking `index` is 10 + index % 90 euros.
        let changed = Array(stride(from: 50, to: bookings, by: 100))
        for index in changed {
            let edited = try sandbox.admin("PATCH", "sales_invoices/\(ids[index])", #"{"line": 0, "price": "\#(10 + index % 90).01"}"#)
            #expect(edited.status == 200, "\(edited.text)")
        }
        _ = try Self.takeStats(sandbox)

        let nightly = try reconcile([])
        #expect(nightly.output.contains("read: \(changed.count) bookings changed or new since the last read, \(bookings - changed.count) unchanged"))
        let stats = try Self.takeStats(sandbox)
        let requests = stats.values.reduce(0, +)
        let allowed = Double(bookings - changed.count) / 1_000 + Double(changed.count) / 100 + 2
        #expect(Double(requests) <= allowed, "\(requests) requests: \(stats)")
        #expect(stats["POST /sales_invoices/synchronization"] == 1)
        #expect(stats["GET /sales_invoices"] == nil)
        // The three seeded differences (kept from the copy) and the thirty edits (read again).
        let amounts = nightly.csv.filter { $0.contains(";bedrag;totaal incl. btw;") }
        #expect(amounts.count == 3 + changed.count, "\(amounts.prefix(5))")
    }

    /// Runs a built tool to its end; its standard output, or a failure with its standard error.
    static func runTool(_ name: String, _ arguments: [String], environment: [String: String] = [:]) throws -> String {
        let process = Process()
        process.executableURL = TestBinaries.url(of: name)
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let output = Pipe(), errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let out = output.fileHandleForReading.readDataToEndOfFile()
        let err = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let text = String(decoding: out, as: UTF8.self)
        guard process.terminationStatus == 0 else {
            Issue.record("\(name) \(arguments.first ?? "") ended \(process.terminationStatus): \(String(decoding: err, as: UTF8.self))")
            throw CancellationError()
        }
        return text
    }
}
