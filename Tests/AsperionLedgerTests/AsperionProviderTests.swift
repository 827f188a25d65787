import Asperion
import Foundation
import KoppelCore
import Ledger
import Testing

/// What `koppel ledger connect` and `koppel config ledger` store for Asperion.
struct AsperionProviderTests {
    let provider = AsperionProvider()

    @Test func settingsAreSetCheckedAndReadBack() throws {
        var settings = try provider.set("payment_codes", to: "cod=REMBOURS, bank_transfer=BANK", in: nil)
        settings = try provider.set("run_hour", to: "4", in: settings)
        settings = try provider.set("invoice_date", to: "export_date", in: settings)
        #expect(settings == AsperionSettings(paymentCodes: ["cod": "REMBOURS", "bank_transfer": "BANK"], invoiceDate: .exportDate, runHour: 4))
        #expect(
            provider.values(of: settings)
                == ["payment_codes": "bank_transfer=BANK,cod=REMBOURS", "invoice_date": "export_date", "run_hour": "4"])
        #expect(throws: LedgerSetupError.self) { try provider.set("run_hour", to: "24", in: settings) }
        #expect(throws: LedgerSetupError.self) { try provider.set("payment_codes", to: "cod", in: settings) }
        #expect(throws: LedgerSetupError.self) { try provider.set("journal", to: "x", in: settings) }
        #expect(provider.form(ofSetting: "invoice_date") == .oneOf(["order_date", "export_date"]))
    }

    @Test func theLicenseCodeAndTheTenantAreWhatIsStored() throws {
        #expect(provider.credentials(accessToken: " LIC-1 \n").licenseCode == "LIC-1")
        #expect(try provider.administrationID(tenant: nil, administration: "200002") == "200002")
        #expect(throws: LedgerSetupError.self) { try provider.administrationID(tenant: nil, administration: "Fietsen") }
        #expect(provider.connectionMethod == .licenseCode)
        #expect(provider.capabilities == [.deferredConfirmation, .lookUpByReference, .readBack])
    }

    @Test func theOutboxIsAFolderPerAdministration() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("koppel-outbox-\(UUID().uuidString)")
        defer {
            if FileManager.default.fileExists(atPath: root.path) {
                do { try FileManager.default.removeItem(at: root) } catch { Issue.record("cleanup of \(root.path): \(error)") }
            }
        }
        let opening = LedgerOpening(
            baseURL: "http://127.0.0.1:9", administrationID: "200002", budget: RateBudget(limit: 10, windowSeconds: 60), contacts: nil,
            requestTimeout: 5, outboxPath: root.path)
        let ledger = try provider.open(opening, credentials: AsperionCredentials(licenseCode: "LIC"), settings: nil)
        var booking = try AsperionLedgerFixture.booking("K7X-6001")
        booking.document.orderDate = "2026-12-01"
        let created = try ledger.create(booking, idempotencyKey: "a")
        let folder = root.appendingPathComponent("asperion-200002")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { !$0.hasPrefix(".") } == ["\(created.id.prefix(10)).orders.json"])
    }
}
