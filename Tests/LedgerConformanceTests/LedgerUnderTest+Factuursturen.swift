import Foundation
import Factuursturen
import KoppelCore
import Ledger
import Testing

extension LedgerUnderTest {
    static let factuursturenUser = "winkel@example.nl"
    static let factuursturenKey = "conformance-factuursturen-key"

    /// Factuursturen: sent invoices, no idempotency key (a lost answer is settled by searching for the
    /// reference), about 60 requests an hour (`FactuursturenRatePolicy`), corrected by
    /// `X-RateLimit-Remaining`. The sandbox answers in its default quirk modes: numbers as strings,
    /// an unknown invoice as the whole list.
    static let factuursturen = LedgerUnderTest(
        name: "factuursturen",
        provider: FactuursturenProvider(),
        sandboxArguments: { _ in ["--ledger", "factuursturen", "--username", factuursturenUser, "--api-token", factuursturenKey] },
        rateHeadersTellReset: false,
        createEndpoint: "POST /invoices",
        writeEndpoints: ["POST /clients", "POST /invoices", "POST /invoices_payment/{nr}"],
        accessToken: factuursturenUser + ":" + factuursturenKey,
        connectArguments: ["--administration", factuursturenUser],
        // A cancelled order's credit is a credit invoice through the same POST.
        creditsCancelledOrders: true,
        extras: [],
        makeAdapter: { sandbox, options, _ in
            let key = options.token ?? factuursturenKey
            let access = FactuursturenAccess(
                baseURL: options.baseURL ?? sandbox.baseURL, username: factuursturenUser, apiKey: key, timeout: options.timeout)
            return try FactuursturenLedger(
                access: access, settings: FactuursturenSettings(),
                budget: options.budget ?? RateBudget(limit: FactuursturenRatePolicy.limit, windowSeconds: FactuursturenRatePolicy.windowSeconds),
                longestRateWait: options.longestRateWait ?? FactuursturenRatePolicy.windowSeconds)
        },
        mapping: { reference in
            func code(_ id: String) throws -> String {
                guard reference.vatCodes.contains(where: { $0.id == id }) else { throw ConformanceError("no tax type \(id)") }
                return id
            }
            let revenue = try #require(reference.revenueAccounts.first?.id)
            var mapping = VATMapping.defaults(shopCountry: "NL")
            mapping.set(.country("NL"), basisPoints: 2100, vatCode: try code("H"), revenueAccount: revenue)
            mapping.set(.country("NL"), basisPoints: 900, vatCode: try code("L"), revenueAccount: revenue)
            mapping.set(.country("NL"), basisPoints: 0, vatCode: try code("Z"), revenueAccount: revenue)
            // Factuursturen has no ICP or export rate of its own: 0 % (its reverse charge is the client's `tax_shifted`).
            mapping.set(.icp, basisPoints: 0, vatCode: try code("Z"), revenueAccount: revenue)
            mapping.set(.international, basisPoints: 0, vatCode: try code("Z"), revenueAccount: revenue)
            mapping.accounts.rounding = revenue
            mapping.accounts.levy = revenue
            mapping.accounts.giftVoucherLiability = revenue
            mapping.accounts.storeCreditLiability = revenue
            return mapping
        })
}
