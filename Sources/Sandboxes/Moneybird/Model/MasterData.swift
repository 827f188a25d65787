import Foundation

/// An administration the sandbox serves; every token sees all of them.
public struct Administration: Codable, Sendable {
    public var id: String
    public var name: String

    public init(id: String, name: String) {
        self.id = id
        self.name = name
    }
}

/// A tax rate as `GET /tax_rates` lists it.
struct TaxRate: Codable, Sendable {
    var id: String
    var name: String
    /// Percentage as Moneybird prints it, e.g. `"21.0"`.
    var percentage: String
    var taxRateType: String
    var showTax: Bool
    var active: Bool
    var country: String?
    /// The VAT return box the rate reports into, e.g. `NL/1a`.
    var taxReportReference: [String]
    var createdAt: Date

    var rate: Decimal { Decimal(string: percentage) ?? 0 }
}

/// A ledger account as `GET /ledger_accounts` lists it.
struct LedgerAccount: Codable, Sendable {
    var id: String
    var name: String
    var accountType: String
    var accountID: String
    var allowedDocumentTypes: [String]
    var createdAt: Date
}

/// An invoice or estimate workflow.
struct Workflow: Codable, Sendable {
    var id: String
    var type: String
    var name: String
    var isDefault: Bool
    var pricesAreInclTax: Bool
    /// Days between the invoice date and the due date.
    var dueInterval: Int
    var createdAt: Date
}

/// A document style (layout) for invoices.
struct DocumentStyle: Codable, Sendable {
    var id: String
    var name: String
    var isDefault: Bool
    var createdAt: Date
}
