import Asperion
import Foundation
import KoppelCore
import Ledger
import Testing

extension LedgerUnderTest {
    static let asperionTenant = "300003"
    static let asperionLicense = "LIC-300003-conformance-0123456789"

    /// Asperion in its deferred form (docs/asperion.md): `create` lists the order in the open day's
    /// list in the outbox (no request), `send` delivers the closed day's aXML file by the sandbox's
    /// upload from the run hour of the day after (before that `notYet`); booked = in a delivered
    /// file, confirmed = imported, read back over `/v1` as a concept invoice. No idempotency key: the
    /// outbox finds an order by its reference, and the same file uploaded again is a no-op. The
    /// suite's clock (`LedgerClock`) lets the day close; the outbox is the sandbox run's folder.
    ///
    /// Not applicable: credits (aXML has no credit document, the adapter refuses them) and pacing
    /// (Asperion documents no limit and its answers tell none; the upload is one request a day).
    static let asperion = LedgerUnderTest(
        name: "asperion",
        provider: AsperionProvider(),
        sandboxArguments: { _ in ["--ledger", "asperion", "--asperion-tenant", "\(asperionTenant)=\(asperionLicense)=Conformance BV"] },
        // The delivery is the one write that reaches Asperion; the create is local.
        createEndpoint: "PUT /sandbox-import/{tenant}/files/{name}",
        writeEndpoints: ["PUT /sandbox-import/{tenant}/files/{name}"],
        accessToken: asperionLicense,
        connectArguments: ["--administration", asperionTenant],
        creditsCancelledOrders: false,
        extras: [],
        answersTellRateLimit: false,
        readBackTellsPayment: false,
        makeAdapter: { sandbox, options, _ in
            try AsperionLedger(
                baseURL: options.baseURL ?? sandbox.baseURL, tenant: asperionTenant, licenseCode: options.token ?? asperionLicense,
                outboxPath: sandbox.folder.appendingPathComponent("outbox").path, settings: AsperionSettings(),
                budget: options.budget ?? RateBudget(limit: 60, windowSeconds: 60), requestTimeout: options.timeout,
                longestRateWait: options.longestRateWait ?? 30, clock: options.clock.now)
        },
        mapping: { reference in
            // The import's three classes; the sales kind is chosen in Asperion's import settings, so one stand-in account.
            func code(_ id: String) throws -> String {
                guard reference.vatCodes.contains(where: { $0.id == id }) else { throw ConformanceError("no VAT class \(id)") }
                return id
            }
            let revenue = try #require(reference.revenueAccounts.first?.id)
            var mapping = VATMapping.defaults(shopCountry: "NL")
            mapping.set(.country("NL"), basisPoints: 2100, vatCode: try code("high"), revenueAccount: revenue)
            mapping.set(.country("NL"), basisPoints: 900, vatCode: try code("low"), revenueAccount: revenue)
            mapping.set(.country("NL"), basisPoints: 0, vatCode: try code("zero"), revenueAccount: revenue)
            mapping.set(.icp, basisPoints: 0, vatCode: try code("zero"), revenueAccount: revenue)
            mapping.set(.international, basisPoints: 0, vatCode: try code("zero"), revenueAccount: revenue)
            mapping.accounts.rounding = revenue
            mapping.accounts.levy = revenue
            mapping.accounts.giftVoucherLiability = revenue
            mapping.accounts.storeCreditLiability = revenue
            return mapping
        })
}
