import Foundation

/// The master data a fresh Dutch administration has: VAT rates, revenue accounts, workflows, a layout.
enum MasterDataSeed {
    /// Seeds an administration once; later starts on the same database keep what is there.
    static func seedIfNeeded(_ tx: StoreTransaction, administration: Administration, now: Date) throws {
        try tx.save(administration, kind: .administration, administration: "", id: administration.id)
        let existing = try tx.all(TaxRate.self, kind: .taxRate, administration: administration.id)
        guard existing.isEmpty else { return }
        let adm = administration.id

        let rates: [(String, String, String, String?, [String])] = [
            ("21% btw", "21.0", "sales_invoice", nil, ["NL/1a"]),
            ("9% btw", "9.0", "sales_invoice", nil, ["NL/1b"]),
            ("0% btw", "0.0", "sales_invoice", nil, ["NL/1e"]),
            ("Binnen EU (ICP) 0%", "0.0", "sales_invoice", nil, ["NL/3b"]),
            ("Buiten EU (export) 0%", "0.0", "sales_invoice", nil, ["NL/3a"]),
            ("Duitsland 19% (OSS)", "19.0", "sales_invoice", "DE", ["NL/3c"]),
            ("België 21% (OSS)", "21.0", "sales_invoice", "BE", ["NL/3c"]),
            ("21% btw inkoop", "21.0", "purchase_invoice", nil, ["NL/5b"]),
            ("9% btw inkoop", "9.0", "purchase_invoice", nil, ["NL/5b"]),
        ]
        for (name, percentage, type, country, boxes) in rates {
            let rate = TaxRate(
                id: try tx.nextID(), name: name, percentage: percentage, taxRateType: type, showTax: true,
                active: true, country: country, taxReportReference: boxes, createdAt: now)
            try tx.save(rate, kind: .taxRate, administration: adm, id: rate.id)
        }

        let accounts: [(String, String, String)] = [
            ("Omzet", "revenue", "8000"),
            ("Omzet hoog tarief", "revenue", "8010"),
            ("Omzet laag tarief", "revenue", "8020"),
            ("Omzet binnen EU", "revenue", "8030"),
            ("Omzet buiten EU", "revenue", "8040"),
            ("Verzendkosten", "revenue", "8100"),
            ("Bank", "current_assets", "1100"),
            ("Debiteuren", "current_assets", "1300"),
            ("Af te dragen btw", "current_liabilities", "1600"),
            ("Kantoorkosten", "expenses", "4500"),
        ]
        for (name, type, number) in accounts {
            let account = LedgerAccount(
                id: try tx.nextID(), name: name, accountType: type, accountID: number,
                allowedDocumentTypes: type == "revenue" ? ["sales_invoice", "general_journal_document"] : [],
                createdAt: now)
            try tx.save(account, kind: .ledgerAccount, administration: adm, id: account.id)
        }

        let workflows: [(String, String, Bool, Bool)] = [
            ("InvoiceWorkflow", "Standaard", true, false),
            ("InvoiceWorkflow", "Webshop (prijzen incl. btw)", false, true),
            ("EstimateWorkflow", "Standaard offerte", true, false),
        ]
        for (type, name, isDefault, inclTax) in workflows {
            let workflow = Workflow(
                id: try tx.nextID(), type: type, name: name, isDefault: isDefault, pricesAreInclTax: inclTax,
                dueInterval: 14, createdAt: now)
            try tx.save(workflow, kind: .workflow, administration: adm, id: workflow.id)
        }

        let style = DocumentStyle(id: try tx.nextID(), name: "Standaard", isDefault: true, createdAt: now)
        try tx.save(style, kind: .documentStyle, administration: adm, id: style.id)

        // Germany's reduced OSS rate, seeded last so that every id above stays what it was.
        let reduced = TaxRate(
            id: try tx.nextID(), name: "Duitsland 7% (OSS)", percentage: "7.0", taxRateType: "sales_invoice", showTax: true,
            active: true, country: "DE", taxReportReference: ["NL/3c"], createdAt: now)
        try tx.save(reduced, kind: .taxRate, administration: adm, id: reduced.id)
    }
}
