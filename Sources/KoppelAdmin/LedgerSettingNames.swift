/// The ledgers' setting keys as the owner reads them in the dashboard: codes stay English in the
/// core, the words are Dutch at the edge. A key not listed is shown as itself.
public enum LedgerSettingNames {
    static let dutch: [String: String] = [
        "journal": "Verkoopdagboek",
        "order_number_as_invoice_number": "Bestelnummer ook als factuurnummer",
        "workflow": "Workflow",
        "document_style": "Huisstijl",
        "delivery": "Verzending van betaalde facturen",
        "register_payment": "Betaling registreren voor betaalde bestellingen",
        "no_vat_code": "Btw-code voor regels buiten de btw",
    ]

    public static func dutch(_ key: String) -> String { dutch[key] ?? key }
}
