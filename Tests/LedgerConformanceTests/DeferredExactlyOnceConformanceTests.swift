import Foundation
import KoppelCore
import KoppelHTTP
import KoppelStore
import Ledger
import OpenCart
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Exactly once under SIGKILL through `koppel sync` for a ledger delivered by day files (Asperion):
/// the orders arrive over several days; on each day `koppel sync` runs that many days ahead of the
/// real clock (libfaketime), lists the day's orders in the outbox and delivers the day before's
/// file, and is SIGKILLed at random moments: between two list writes, and while a file is written,
/// uploaded (the sandbox answers slowly, so kills fall mid-upload) and marked delivered. The first
/// upload of each day loses its answer (`commit_then_drop`), one day in two the second too. Then the
/// runs go on a day later without faults until every order is booked. Proved: each order in exactly
/// one delivered file, every listed day's file delivered and imported once with no order rejected
/// (a second import of an order is rejected by the sandbox), the bytes Asperion holds the outbox's,
/// the read-back over `/v1` holds each order once, and `koppel reconcile` finds no difference.
@Suite(.serialized)
struct DeferredExactlyOnceConformanceTests {
    static let unpaidOrders = 40
    static let paidOrders = 320
    static let days = 3
    static let killsPerDay = 7
    /// How long the sandbox takes for every request while runs are killed, in milliseconds.
    static let uploadLatency = 200

    @Test(arguments: LedgerUnderTest.all.filter(\.isDeferred))
    func everyOrderIsInOneDeliveredFileImportedOnceWhenSyncIsKilledAtRandomAndUploadAnswersAreLost(ledger: LedgerUnderTest) throws {
        let started = Date()
        let sandbox = try ledger.startSandbox()
        let koppel = try KoppelUnderTest(ledger, sandbox: sandbox)
        var unpaid = try KoppelUnderTest.order(1)
        var paid = try KoppelUnderTest.order(3)
        let orders = (1...Self.unpaidOrders + Self.paidOrders).map { id -> PushedOrder in
            if id <= Self.unpaidOrders {
                unpaid.orderID = Int64(id)
                return unpaid
            }
            paid.orderID = Int64(id)
            return paid
        }
        let references = Set(orders.map(koppel.reference))
        let outbox = DeferredOutbox(folder: koppel.outbox.appendingPathComponent("asperion-\(LedgerUnderTest.asperionTenant)"))

        // The orders of each day: a random share, at least a sixth each.
        var generator = SystemRandomNumberGenerator()
        var cuts = (1..<Self.days).map { _ in Int.random(in: orders.count / 6...orders.count * 5 / 6, using: &generator) }.sorted()
        cuts = [0] + cuts + [orders.count]
        var killed = 0
        var killedWhileDelivering = 0
        var lost = 0
        for day in 0..<Self.days {
            koppel.daysAhead = day
            let arriving = Array(orders[cuts[day]..<cuts[day + 1]])
            try koppel.store(arriving)
            let lostToday = Int.random(in: 1...2, using: &generator)
            try sandbox.faults(
                #"{"latency_ms": \#(Self.uploadLatency), "rules": [{"endpoint": "\#(ledger.createEndpoint)", "fault": "commit_then_drop", "count": \#(lostToday)}]}"#)
            let progress = max(1, arriving.count / (Self.killsPerDay + 2))
            for _ in 1...Self.killsPerDay {
                let before = try outbox.listed()
                let filesBefore = try outbox.files()
                let sync = try koppel.startSync()
                let deadline = Date().addingTimeInterval(60)
                var delivering = false
                while sync.isRunning, Date() < deadline {
                    delivering = try outbox.files() != filesBefore
                    if try delivering || outbox.listed() >= before + progress { break }
                    usleep(2_000)
                }
                // A file written or marked in this run: any moment of its upload and marker; listing: a moment after a write.
                usleep(UInt32.random(in: 0...(delivering ? UInt32(Self.uploadLatency * 1_250) : 20_000), using: &generator))
                kill(sync.processIdentifier, SIGKILL)
                sync.waitUntilExit()
                try koppel.ended(sync)
                if sync.terminationReason == .uncaughtSignal {
                    killed += 1
                    if delivering { killedWhileDelivering += 1 }
                }
            }
            lost += try LostAnswerPlan.lost(in: sandbox)[ledger.createEndpoint] ?? 0
        }
        let listedWhileKilled = try outbox.listed()
        let deliveredWhileKilled = try outbox.days().filter(outbox.isDelivered).count
        #expect(killed >= Self.days * Self.killsPerDay * 3 / 4, "\(ledger.name): runs killed mid-way: \(killed) of \(Self.days * Self.killsPerDay)")

        // The rest without kills and faults: the day after the last, every order not yet listed is
        // listed; two days later that day's file is closed too, whatever the hour, and everything is
        // delivered (an upload whose answer was lost waits for its backoff, 5 s, 10 s).
        try sandbox.faults(#"{"latency_ms": 0, "rules": [], "commit_then_drop_rate": 0}"#)
        koppel.daysAhead = Self.days
        var last = try koppel.run(["sync"])
        var deadline = Date().addingTimeInterval(60)
        while try outbox.listed() < orders.count, Date() < deadline {
            sleep(1)
            last = try koppel.run(["sync"])
        }
        koppel.daysAhead = Self.days + 2
        deadline = Date().addingTimeInterval(90)
        repeat {
            last = try koppel.run(["sync"])
            if try koppel.orderReferences(in: .booked).count == orders.count { break }
            sleep(1)
        } while Date() < deadline
        #expect(try koppel.orderReferences(in: .booked).count == orders.count, "\(ledger.name): \(last.output) \(last.errors)")
        last = try koppel.run(["sync"])
        #expect(last.status == 0, "\(ledger.name): \(last.output) \(last.errors)")

        // The outbox: every listed day's file written and delivered, each order in exactly one file.
        var files: [String: [String]] = [:]
        for day in try outbox.days() {
            #expect(outbox.isDelivered(day), "\(ledger.name): \(day) not delivered")
            for number in try outbox.orderNumbers(inFileOf: day) { files[number, default: []].append(day) }
        }
        let inTwoFiles = files.filter { $0.value.count > 1 }.keys.sorted()
        #expect(inTwoFiles.isEmpty, "\(ledger.name): in two files: \(inTwoFiles.count), \(inTwoFiles.prefix(10))")
        #expect(Set(files.keys) == references, "\(ledger.name): in no file \(references.subtracting(files.keys).count), unknown \(Set(files.keys).subtracting(references).count)")

        // Asperion: the same files, each imported once, every order imported (a second import of one is rejected).
        let delivered = try sandbox.deliveredFiles(tenant: LedgerUnderTest.asperionTenant, license: LedgerUnderTest.asperionLicense)
        #expect(Set(delivered.map(\.name)) == Set(try outbox.days().map { "\($0).xml" }), "\(ledger.name): \(delivered.map(\.name))")
        var imported = 0
        for file in delivered {
            #expect(file.status == "imported", "\(ledger.name): \(file.name) \(file.status)")
            let report = try sandbox.importReport(file.name, tenant: LedgerUnderTest.asperionTenant, license: LedgerUnderTest.asperionLicense)
            #expect(report.rejected == 0 && report.imported == report.orderCount, "\(ledger.name): \(file.name): \(report)")
            imported += report.imported
            let bytes = try sandbox.deliveredBytes(file.name, tenant: LedgerUnderTest.asperionTenant, license: LedgerUnderTest.asperionLicense)
            #expect(bytes == (try outbox.file(file.name)), "\(ledger.name): \(file.name) is not the outbox's file")
        }
        #expect(imported == orders.count, "\(ledger.name): \(imported) imported")

        // Read back over `/v1`: one concept invoice per order.
        let connected = try ledger.connect(sandbox)
        let settings = try JSONDecoder().decode(
            SettingsRows.self, from: Data(contentsOf: KoppelUnderTest.fixtures.appendingPathComponent("opencart3-settings.json"))
        ).shopSettings()
        let dates = [unpaid, paid].map { $0.booking(settings: settings).document.orderDate }.sorted()
        var documents: [String: Int] = [:]
        try connected.ledger.bookings(in: DatePeriod(first: dates[0], last: dates[1])) { documents[$0.reference, default: 0] += 1 }
        let twice = documents.filter { $0.value > 1 }.keys.sorted()
        #expect(twice.isEmpty, "\(ledger.name): imported twice: \(twice.count), \(twice.prefix(10))")
        #expect(Set(documents.keys) == references, "\(ledger.name): read back \(documents.count) of \(references.count)")

        // The reconciler agrees, every order compared, to the cent.
        let reconcile = try koppel.run(["reconcile", "--no-mail", "--connection", koppel.connection.licenseKey, "--from", dates[0], "--to", dates[1]])
        #expect(reconcile.status == 0, "\(ledger.name): \(reconcile.errors)")
        #expect(reconcile.output.contains("Vergeleken: \(orders.count) geboekte bestellingen, \(orders.count) boekingen in"), "\(ledger.name): \(reconcile.output)")
        #expect(reconcile.output.contains("Geen afwijkingen: alle boekingen kloppen met de bestellingen."), "\(ledger.name): \(reconcile.output)")
        #expect(reconcile.output.contains("(verschil € 0,00)"), "\(ledger.name): \(reconcile.output)")

        #expect(lost >= 1, "\(ledger.name): no upload answer lost")
        let seconds = Date().timeIntervalSince(started)
        print(
            "conformance \(ledger.name) exactly once (deferred): \(orders.count) orders over \(Self.days) days (\(cuts.dropFirst().dropLast())), "
                + "\(killed) of \(Self.days * Self.killsPerDay) runs killed (\(killedWhileDelivering) while a file was delivered; \(listedWhileKilled) listed, \(deliveredWhileKilled) files delivered meanwhile), "
                + "\(delivered.count) files, upload answers lost \(lost), \(inTwoFiles.count) in two files, \(twice.count) imported twice, "
                + "\(String(format: "%.1f", seconds)) s")
    }
}

/// A deferred ledger's outbox as the test reads it: `DAY.orders.json` per listed day, `DAY.xml` once
/// the day's file is written, `DAY.delivered` once it is delivered (docs/asperion.md).
struct DeferredOutbox {
    let folder: URL

    private func names() throws -> [String] {
        guard FileManager.default.fileExists(atPath: folder.path) else { return [] }
        return try FileManager.default.contentsOfDirectory(atPath: folder.path)
    }

    /// The listed days, oldest first.
    func days() throws -> [String] {
        try names().filter { $0.hasSuffix(".orders.json") && !$0.hasPrefix(".") }.map { String($0.dropLast(".orders.json".count)) }.sorted()
    }

    /// Orders in every day's list.
    func listed() throws -> Int {
        var count = 0
        for day in try days() {
            let data = try Data(contentsOf: folder.appendingPathComponent("\(day).orders.json"))
            let list = try JSONSerialization.jsonObject(with: data) as? [String: Any]
            count += (list?["orders"] as? [Any])?.count ?? 0
        }
        return count
    }

    func isDelivered(_ day: String) -> Bool {
        FileManager.default.fileExists(atPath: folder.appendingPathComponent("\(day).delivered").path)
    }

    /// Day files written and days marked delivered so far.
    func files() throws -> (written: Int, delivered: Int) {
        let names = try names()
        return (names.filter { $0.hasSuffix(".xml") && !$0.hasPrefix(".") }.count, names.filter { $0.hasSuffix(".delivered") && !$0.hasPrefix(".") }.count)
    }

    func file(_ name: String) throws -> Data {
        try Data(contentsOf: folder.appendingPathComponent(name))
    }

    /// The order numbers in a day's file, in file order.
    func orderNumbers(inFileOf day: String) throws -> [String] {
        let xml = String(decoding: try file("\(day).xml"), as: UTF8.self)
        return xml.components(separatedBy: "<OrderNumber>").dropFirst().map { String($0.prefix { $0 != "<" }) }
    }
}


/// The Asperion sandbox's delivery routes (docs/asperion-sandbox.md §1), read with the license code.
extension SandboxProcess {
    struct DeliveredFile {
        var name: String
        var status: String
    }

    struct ImportReport: CustomStringConvertible {
        var orderCount: Int
        var imported: Int
        var rejected: Int
        var reasons: [String]
        var description: String { "\(orderCount) orders, \(imported) imported, \(rejected) rejected \(reasons.prefix(3))" }
    }

    func deliveredFiles(tenant: String, license: String) throws -> [DeliveredFile] {
        let object = try JSONSerialization.jsonObject(with: try delivery("\(tenant)/files", license: license)) as? [String: Any]
        return try (try #require(object?["files"] as? [[String: Any]])).map { file in
            DeliveredFile(name: try #require(file["name"] as? String), status: try #require(file["status"] as? String))
        }
    }

    func importReport(_ name: String, tenant: String, license: String) throws -> ImportReport {
        let report = try #require(try JSONSerialization.jsonObject(with: try delivery("\(tenant)/files/\(name)/report", license: license)) as? [String: Any])
        let orders = report["orders"] as? [[String: Any]] ?? []
        return ImportReport(
            orderCount: try #require(report["orderCount"] as? Int), imported: try #require(report["imported"] as? Int),
            rejected: try #require(report["rejected"] as? Int), reasons: orders.compactMap { $0["reason"] as? String })
    }

    func deliveredBytes(_ name: String, tenant: String, license: String) throws -> Data {
        try delivery("\(tenant)/files/\(name)", license: license)
    }

    private func delivery(_ path: String, license: String) throws -> Data {
        let response = try CurlHTTPClient().perform(HTTPRequest(
            method: "GET", url: "\(baseURL)/sandbox-import/\(path)", headers: [("Authorization", "Bearer \(license)")], body: nil,
            timeout: 10, freshConnection: true))
        #expect(response.status == 200, "\(path): \(response.text)")
        return response.body
    }
}
