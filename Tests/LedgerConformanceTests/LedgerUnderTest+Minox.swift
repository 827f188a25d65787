import Foundation
import KoppelCore
import Ledger
import Minox
import Testing

extension LedgerUnderTest {
    static let minoxTenant = "100001"
    static let minoxAdministration = "1"
    static let minoxToken = "conformance-minox-token"

    /// Minox: journal entries by `PUT transaction_line_batch/{uuid}`, the uuid derived from the
    /// idempotency key; 20 requests per 120 s (`MinoxRatePolicy`, the window guessed).
    static let minox = LedgerUnderTest(
        name: "minox",
        provider: MinoxProvider(),
        sandboxArguments: { _ in ["--ledger", "minox", "--api-token", minoxToken] },
        createEndpoint: "PUT /transaction_line_batch/{uuid}",
        writeEndpoints: ["POST /customer", "PUT /transaction_line_batch/{uuid}"],
        accessToken: minoxToken,
        connectArguments: ["--tenant", minoxTenant, "--administration", minoxAdministration],
        // A cancelled order's credit is a reversing entry through the same PUT (its own uuid).
        creditsCancelledOrders: true,
        extras: ["journals", "ledger_accounts", "liability_accounts", "vat_types"],
        makeAdapter: { sandbox, options, _ in
            let access = MinoxAccess(
                baseURL: options.baseURL ?? sandbox.baseURL, tenantID: minoxTenant, administrationID: minoxAdministration,
                accessToken: options.token ?? minoxToken, timeout: options.timeout)
            return try MinoxLedger(
                access: access, settings: MinoxSettings(journalID: "VK"),
                budget: options.budget ?? RateBudget(limit: MinoxRatePolicy.limit, windowSeconds: MinoxRatePolicy.windowSeconds),
                longestRateWait: options.longestRateWait ?? MinoxRatePolicy.windowSeconds)
        },
        mapping: { reference in
            // Told by Minox's VAT type ("hoog", "laag", "nul", "verlegd ICP", "export"), not by its percentage.
            func code(_ type: String) throws -> String {
                let found = reference.extras["vat_types"]?.first { $0.detail.lowercased().contains(type) }
                guard let id = found?.id else { throw ConformanceError("no VAT type \(type)") }
                return id
            }
            func account(_ number: String) throws -> String {
                let found = reference.extras["ledger_accounts"]?.first { $0.detail == number }
                guard let id = found?.id else { throw ConformanceError("no account \(number)") }
                return id
            }
            var mapping = VATMapping.defaults(shopCountry: "NL")
            mapping.set(.country("NL"), basisPoints: 2100, vatCode: try code("hoog"), revenueAccount: try account("8000"))
            mapping.set(.country("NL"), basisPoints: 900, vatCode: try code("laag"), revenueAccount: try account("8010"))
            mapping.set(.country("NL"), basisPoints: 0, vatCode: try code("nul"), revenueAccount: try account("8100"))
            mapping.set(.icp, basisPoints: 0, vatCode: try code("icp"), revenueAccount: try account("8100"))
            mapping.set(.international, basisPoints: 0, vatCode: try code("export"), revenueAccount: try account("8100"))
            mapping.accounts.rounding = try account("8000")
            mapping.accounts.levy = try account("8000")
            // A redeemed voucher is a debt paid off: the gift voucher account, not revenue.
            mapping.accounts.giftVoucherLiability = try account("1600")
            mapping.accounts.storeCreditLiability = try account("1600")
            return mapping
        })
}
