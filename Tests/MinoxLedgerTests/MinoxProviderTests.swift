import Booking
import Foundation
import KoppelCore
import Ledger
import LedgerProviders
import Minox
import Testing

/// Minox through the provider registry: what `koppel ledger map` and `koppel ledger connect` make of it.
struct MinoxProviderTests {
    func opened(
        _ sandbox: MinoxSandboxServer, settingsJSON: String? = nil, contacts: (any ContactDirectory)? = nil
    ) throws -> any Ledger {
        let provider = try LedgerProviders.provider(for: .minox)
        let administration = try provider.administrationID(tenant: MinoxSandboxServer.tenant, administration: MinoxSandboxServer.administration)
        return try provider.open(
            LedgerOpening(
                baseURL: sandbox.baseURL, administrationID: administration, budget: RateBudget(limit: 1000, windowSeconds: 120),
                contacts: contacts, requestTimeout: 10),
            credentialsJSON: String(decoding: try provider.credentialsJSON(fromInput: MinoxSandboxServer.token), as: UTF8.self),
            settingsJSON: settingsJSON)
    }

    /// The sandbox's codes (docs/minox.md "The sandbox"): 1 hoog 21 %, 2 laag 9 %, 3 nul 0 %, 4 "ICP
    /// verlegd", 5 export; account 1600 "Cadeaubonnen". ICP must get code 4, not stay unmapped for
    /// the "verlegd" in its name.
    @Test func theAutomaticMappingGivesEachRateMinoxsCodeOfItsKind() throws {
        let sandbox = try MinoxSandboxServer()
        let reference = try opened(sandbox).referenceData()
        let automatic = try #require(AutomaticMapping(from: reference))
        func code(_ scope: VATMapping.Scope, _ basisPoints: Int) -> String? {
            automatic.mapping.entries.first { $0.scope == scope && $0.basisPoints == basisPoints }.flatMap { $0.vatCode.isEmpty ? nil : $0.vatCode }
        }
        #expect(code(.country("NL"), 2100) == "1")
        #expect(code(.country("NL"), 900) == "2")
        #expect(code(.country("NL"), 0) == "3")
        #expect(code(.icp, 0) == "4")
        #expect(code(.international, 0) == "5")
        #expect(automatic.unmapped.isEmpty, "unmapped: \(automatic.unmapped)")
        #expect(automatic.revenueAccount.id == "8000")
        #expect(automatic.mapping.accounts.giftVoucherLiability == "1600")
        // The only sales journal is chosen by itself.
        let settings = try MinoxProvider().settingsJSON(mapped: nil, reference: reference, zeroRateCode: automatic.zeroRateCode)
        #expect(try MinoxProvider().decodeSettings(settings)?.journalID == "VK")
    }

    @Test func withoutAJournalTheAdapterReadsButDoesNotBook() throws {
        let sandbox = try MinoxSandboxServer()
        let ledger = try opened(sandbox)
        #expect(try ledger.referenceData().extras["journals"]?.isEmpty == false)
        let error = #expect(throws: LedgerError.self) {
            _ = try ledger.create(MinoxLedgerTests().prepared("1", using: try MinoxLedgerTests().ledger(sandbox)), idempotencyKey: "k")
        }
        #expect(error?.kind == .refused)
        #expect(error?.message.contains("journal") == true)
    }

    /// Administration "1" exists in many tenants: a customer remembered for one must not be used in another.
    @Test func customersAreRememberedPerTenantAndAdministration() throws {
        final class Recording: ContactDirectory, @unchecked Sendable {
            let lock = NSLock()
            var keys: [String] = []
            func contactID(email: String, administration: String) -> String? {
                lock.withLock { keys.append(administration) }
                return nil
            }
            func remember(contactID: String, email: String, administration: String) { lock.withLock { keys.append(administration) } }
            func forget(email: String, administration: String) { lock.withLock { keys.append(administration) } }
        }
        let sandbox = try MinoxSandboxServer()
        let recording = Recording()
        let ledger = try opened(sandbox, settingsJSON: try MinoxProvider().settingsJSON(setting: "journal", to: "VK", in: nil), contacts: recording)
        _ = try ledger.create(MinoxLedgerTests().prepared("1", using: try MinoxLedgerTests().ledger(sandbox)), idempotencyKey: "k")
        #expect(!recording.keys.isEmpty)
        #expect(recording.keys.allSatisfy { $0 == "100001/1" }, "\(recording.keys)")
    }

    @Test func settingsAreSetByKeyAndTheTenantIsRequired() throws {
        let provider = MinoxProvider()
        #expect(throws: LedgerSetupError.self) { try provider.administrationID(tenant: nil, administration: "1") }
        #expect(try provider.administrationID(tenant: "100001", administration: "1") == "100001/1")
        #expect(provider.budgetKey(administrationID: "100001/1") == provider.budgetKey(administrationID: "100001/2"))
        let json = try provider.settingsJSON(setting: "journal", to: "VK", in: nil)
        let edited = try provider.settingsJSON(setting: "order_number_as_invoice_number", to: "false", in: json)
        #expect(try provider.decodeSettings(edited) == MinoxSettings(journalID: "VK", orderNumberAsInvoiceNumber: false))
        #expect(throws: LedgerSetupError.self) { try provider.settingsJSON(setting: "workflow", to: "1", in: json) }
        // Tokens as JSON keep the refresh token; a bare token has none.
        let tokens = try provider.credentialsJSON(fromInput: #"{"accessToken": "a", "refreshToken": "r", "expiresAt": 5}"#)
        #expect(try JSONDecoder().decode(LedgerTokens.self, from: tokens) == LedgerTokens(accessToken: "a", refreshToken: "r", expiresAt: 5))
    }

    @Test func everyLedgerHasExactlyOneProvider() throws {
        #expect(LedgerProviders.all.map(\.kind) == [.moneybird, .minox, .factuursturen, .asperion])
        #expect(Set(LedgerProviders.all.map(\.kind)) == Set(LedgerKind.allCases))
        #expect(try LedgerProviders.provider(for: .minox).ratePolicy == LedgerRatePolicy(
            limit: 20, windowSeconds: 120, headers: ["x-rate-limit-remaining", "x-rate-limit-reset", "Retry-After"]))
        #expect(try LedgerProviders.provider(for: .moneybird).ratePolicy.limit == 150)
        #expect(try LedgerProviders.provider(for: .moneybird).ratePolicy.windowSeconds == 300)
    }
}
