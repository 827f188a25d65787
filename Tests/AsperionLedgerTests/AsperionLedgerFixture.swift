import Asperion
import Foundation
import KoppelCore
import Ledger
import OpenCart
import Testing

/// A temporary outbox, a clock the test moves, and adapters opened on both, as the booking worker
/// opens a fresh one for each run.
final class AsperionLedgerFixture {
    let sandbox: AsperionSandbox
    let outbox: URL
    let settings: AsperionSettings
    let budget = RateBudget(limit: 1000, windowSeconds: 60)
    /// Unix seconds; the run hour is in UTC here.
    nonisolated(unsafe) var now: Int64

    init(
        now: String = "2026-12-03T10:00:00Z", invoiceDate: AsperionSettings.InvoiceDate = .orderDate, sandboxArguments: [String] = []
    ) throws {
        settings = AsperionSettings(paymentCodes: ["cod": "REMBOURS", "bank_transfer": "BANK"], invoiceDate: invoiceDate, runHour: 2)
        sandbox = try AsperionSandbox(sandboxArguments)
        outbox = FileManager.default.temporaryDirectory.appendingPathComponent("koppel-asperion-\(UUID().uuidString)")
        self.now = Self.time(now)
    }

    deinit {
        // A test that made nothing leaves no outbox; one it made must go, and a failure to remove it is told.
        guard FileManager.default.fileExists(atPath: outbox.path) else { return }
        do { try FileManager.default.removeItem(at: outbox) } catch { Issue.record("cleanup of \(outbox.path): \(error)") }
    }

    static func time(_ text: String) -> Int64 {
        Int64(ISO8601DateFormatter().date(from: text)!.timeIntervalSince1970)
    }

    func at(_ text: String) { now = Self.time(text) }

    /// A fresh adapter, as after a restart: everything it knows is in the outbox.
    func ledger() throws -> AsperionLedger {
        try AsperionLedger(
            baseURL: sandbox.base, tenant: AsperionSandbox.tenant, licenseCode: AsperionSandbox.license, outboxPath: outbox.path,
            settings: settings, budget: budget, timeZone: TimeZone(identifier: "UTC")!, clock: { [unowned self] in self.now })
    }

    /// The files in the outbox, by name.
    func files() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: outbox.path).filter { !$0.hasPrefix(".") }.sorted()
    }

    /// The order numbers in a day's XML file, in file order.
    func orderNumbers(inFileOf day: String) throws -> [String] {
        let xml = try String(contentsOf: outbox.appendingPathComponent("\(day).xml"), encoding: .utf8)
        return xml.components(separatedBy: "<OrderNumber>").dropFirst().map { String($0.prefix { $0 != "<" }) }
    }

    static let options = OpenCartBookingOptions(vatNumberCustomFieldID: 1)
    static let opencart = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/opencart")

    /// Every OpenCart fixture order that books without errors and that Asperion's import takes
    /// (paid, with its payment method), as the golden files of Tests/AsperionTests are made.
    /// Each under its own order number ("F12-1001"): the fixtures of several OpenCart versions share numbers.
    static func fixtureBookings() throws -> [PreparedBooking] {
        var bookings: [PreparedBooking] = []
        for (index, (folder, file)) in try fixtureFiles().enumerated() {
            let version = String(file.deletingPathExtension().lastPathComponent.prefix { $0 != "-" })
            let order = try JSONDecoder().decode(OrderRows.self, from: Data(contentsOf: file)).pushedOrder()
            let shop = try JSONDecoder().decode(
                SettingsRows.self, from: Data(contentsOf: folder.appendingPathComponent("\(version)-settings.json"))
            ).shopSettings()
            var booking = order.booking(settings: shop, options: options)
            booking.document.reference = "F\(index)-\(booking.document.reference)"
            guard !booking.problems.contains(where: { $0.severity == .error }) else { continue }
            let prepared = PreparedBooking(document: booking.document, isPaid: true, paymentMethod: order.paymentMethod.code)
            let mapped = AsperionDayFile(
                entries: [.init(booking: prepared, paymentMethod: prepared.paymentMethod)],
                settings: AsperionSettings(paymentCodes: ["cod": "REMBOURS", "bank_transfer": "BANK"]), exportDate: "2026-12-04",
                createdAt: "2026-12-04T02:00:00")
            if mapped.refused.isEmpty { bookings.append(prepared) }
        }
        return bookings
    }

    /// The order files of Tests/Fixtures/opencart and of its corpus, each with its folder.
    static func fixtureFiles() throws -> [(URL, URL)] {
        try [opencart, opencart.appendingPathComponent("corpus")].flatMap { folder in
            try FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil)
                .filter { $0.pathExtension == "json" && !$0.lastPathComponent.hasSuffix("-settings.json") }
                .sorted { $0.lastPathComponent < $1.lastPathComponent }.map { (folder, $0) }
        }
    }

    /// Read once for every test.
    static let loaded = Result { try fixtureBookings() }

    /// One fixture booking under another order number, so tests can make several.
    static func booking(_ reference: String) throws -> PreparedBooking {
        var booking = try #require(try loaded.get().first)
        booking.document.reference = reference
        return booking
    }
}
