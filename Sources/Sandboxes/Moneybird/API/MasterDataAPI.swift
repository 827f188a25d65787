import Foundation
import SandboxSupport

/// The master data of one administration, loaded once per request.
struct MasterData: Sendable {
    let taxRates: [TaxRate]
    let ledgerAccounts: [LedgerAccount]
    let workflows: [Workflow]
    let documentStyles: [DocumentStyle]
    /// By tax rate id; made once, as every invoice of a list page needs them.
    let percentages: [String: Decimal]
    let reportReferences: [String: [String]]
    /// How this run rounds VAT (`--vat-rounding`), carried with the rates it applies to.
    let vatRounding: VATRounding

    init(_ tx: StoreTransaction, administration: String, vatRounding: VATRounding) throws {
        taxRates = try tx.all(TaxRate.self, kind: .taxRate, administration: administration)
        ledgerAccounts = try tx.all(LedgerAccount.self, kind: .ledgerAccount, administration: administration)
        workflows = try tx.all(Workflow.self, kind: .workflow, administration: administration)
        documentStyles = try tx.all(DocumentStyle.self, kind: .documentStyle, administration: administration)
        percentages = Dictionary(uniqueKeysWithValues: taxRates.map { ($0.id, $0.rate) })
        reportReferences = Dictionary(uniqueKeysWithValues: taxRates.map { ($0.id, $0.taxReportReference) })
        self.vatRounding = vatRounding
    }

    /// The administration's default sales rate: the first active 21 % rate without a country.
    var defaultSalesTaxRate: TaxRate? {
        taxRates.first { $0.taxRateType == "sales_invoice" && $0.country == nil && $0.rate == 21 }
    }
    var defaultRevenueAccount: LedgerAccount? { ledgerAccounts.first { $0.accountType == "revenue" } }
    var defaultInvoiceWorkflow: Workflow? { workflows.first { $0.type == "InvoiceWorkflow" && $0.isDefault } }
    var defaultDocumentStyle: DocumentStyle? { documentStyles.first { $0.isDefault } }
}

/// `tax_rates`, `ledger_accounts`, `workflows`, `document_styles` and `/administrations`.
struct MasterDataAPI {
    let sandbox: Sandbox

    private func load(_ administration: String) throws(SandboxError) -> MasterData {
        do {
            return try sandbox.store.read { tx in try sandbox.masterData(tx, administration: administration) }
        } catch { throw .internalServerError() }
    }

    func administrations() -> APIAnswer {
        .ok(.array(sandbox.configuration.administrations.map(\.json)))
    }

    /// Paginated; filters `tax_rate_type` (pipe-combinable), `percentage`, `country`, `name`, `partial_name`, `active`.
    func taxRates(_ request: APIRequest, administration: String) throws(SandboxError) -> APIAnswer {
        let (page, perPage) = try request.pagination()
        var rates = try load(administration).taxRates
        for pair in (request.query["filter"] ?? "").split(separator: ",") {
            let parts = pair.split(separator: ":", maxSplits: 1).map(String.init)
            guard parts.count == 2 else { throw .badRequest("Filter \(pair) is invalid", symbolic: [("filter", "invalid")]) }
            let value = parts[1]
            switch parts[0] {
            case "tax_rate_type":
                let types = Set(value.split(separator: "|").map(String.init))
                if !types.contains("all") { rates = rates.filter { types.contains($0.taxRateType) } }
            case "percentage": rates = rates.filter { $0.rate == Decimal(string: value) }
            case "country": rates = rates.filter { $0.country == value.uppercased() }
            case "name": rates = rates.filter { $0.name == value }
            case "partial_name": rates = rates.filter { $0.name.lowercased().contains(value.lowercased()) }
            case "active": rates = rates.filter { $0.active == (value == "true") }
            case "show_tax": rates = rates.filter { $0.showTax == (value == "true") }
            default: throw .badRequest("Filter \(parts[0]) is not supported", symbolic: [("filter", "invalid")])
            }
        }
        let slice = rates.page(request, page: page, perPage: perPage)
        return APIAnswer(status: 200, body: .array(slice.items.map(\.json)), headers: slice.headers)
    }

    /// Not paginated, as in Moneybird.
    func ledgerAccounts(administration: String) throws(SandboxError) -> APIAnswer {
        .ok(.array(try load(administration).ledgerAccounts.map(\.json)))
    }

    func workflows(_ request: APIRequest, administration: String) throws(SandboxError) -> APIAnswer {
        let (page, perPage) = try request.pagination()
        let slice = try load(administration).workflows.page(request, page: page, perPage: perPage)
        return APIAnswer(status: 200, body: .array(slice.items.map(\.json)), headers: slice.headers)
    }

    func documentStyles(_ request: APIRequest, administration: String) throws(SandboxError) -> APIAnswer {
        let (page, perPage) = try request.pagination()
        let slice = try load(administration).documentStyles.page(request, page: page, perPage: perPage)
        return APIAnswer(status: 200, body: .array(slice.items.map(\.json)), headers: slice.headers)
    }
}
