import Foundation
import KoppelCore
import Ledger
import Moneybird
import Testing

extension LedgerUnderTest {
    static let moneybirdAdministration = "318440553870706657"
    static let moneybirdToken = "conformance-moneybird-token"

    /// Moneybird: sales invoices, no idempotency key (a lost answer is settled by `find_by_reference`),
    /// 150 requests per 300 s.
    static let moneybird = LedgerUnderTest(
        name: "moneybird",
        provider: MoneybirdProvider(),
        sandboxArguments: { folder in
            [
                "--database", folder.appendingPathComponent("sandbox.sqlite").path, "--api-token", moneybirdToken,
                "--administration", moneybirdAdministration,
            ]
        },
        createEndpoint: "POST /sales_invoices",
        writeEndpoints: [
            "POST /contacts", "POST /sales_invoices", "PATCH /sales_invoices/{id}/send_invoice",
            "POST /sales_invoices/{id}/payments", "PATCH /sales_invoices/{id}/duplicate_creditinvoice",
            "PATCH /sales_invoices/{id}/register_payment_creditinvoice",
        ],
        accessToken: moneybirdToken,
        connectArguments: ["--administration", moneybirdAdministration],
        creditsCancelledOrders: true,
        extras: ["workflows", "document_styles", "liability_accounts"],
        makeAdapter: { sandbox, options, reference in
            let access = MoneybirdAccess(
                baseURL: options.baseURL ?? sandbox.baseURL, administrationID: moneybirdAdministration,
                accessToken: options.token ?? moneybirdToken, timeout: options.timeout)
            // Lines outside VAT (redeemed vouchers, the VAT fit's rounding) take the domestic 0% rate.
            let noVAT = reference?.vatCodes.first { $0.name == "0% btw" }?.id
            return try MoneybirdLedger(
                access: access, settings: MoneybirdSettings(noVATCode: noVAT), budget: options.budget ?? RateBudget(limit: 150, windowSeconds: 300),
                longestRateWait: options.longestRateWait ?? 300)
        },
        mapping: { reference in
            func code(_ name: String) throws -> String {
                let found = reference.vatCodes.first { $0.name == name }
                guard let id = found?.id else { throw ConformanceError("no tax rate \(name)") }
                return id
            }
            // A sales invoice books on revenue accounts only, redeemed vouchers too.
            let revenue = try #require(reference.revenueAccounts.first?.id)
            var mapping = VATMapping.defaults(shopCountry: "NL")
            mapping.set(.country("NL"), basisPoints: 2100, vatCode: try code("21% btw"), revenueAccount: revenue)
            mapping.set(.country("NL"), basisPoints: 900, vatCode: try code("9% btw"), revenueAccount: revenue)
            mapping.set(.country("NL"), basisPoints: 0, vatCode: try code("0% btw"), revenueAccount: revenue)
            mapping.set(.icp, basisPoints: 0, vatCode: try code("Binnen EU (ICP) 0%"), revenueAccount: revenue)
            mapping.set(.international, basisPoints: 0, vatCode: try code("Buiten EU (export) 0%"), revenueAccount: revenue)
            mapping.accounts.rounding = revenue
            mapping.accounts.levy = revenue
            mapping.accounts.giftVoucherLiability = revenue
            mapping.accounts.storeCreditLiability = revenue
            return mapping
        })
}
