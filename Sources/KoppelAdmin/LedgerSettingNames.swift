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
        "send_method": "Verzending van de factuur",
        "payment_codes": "Betaalcode per betaalmethode",
        "invoice_date": "Factuurdatum",
        "run_hour": "Tijdstip van het dagelijkse bestand",
    ]

    public static func dutch(_ key: String) -> String { dutch[key] ?? key }

    /// A value of a setting with a few values, as the owner reads it ("Manual" → "Handmatig …").
    public static func dutch(_ key: String, value: String) -> String {
        values[key]?[value] ?? value
    }

    static let values: [String: [String: String]] = [
        "delivery": [
            "Manual": "Handmatig (Manual): de klant krijgt niets van Moneybird",
            "Email": "Per e-mail (Email): Moneybird mailt de factuur",
        ],
        // Factuursturen's `sendmethod` (docs/factuursturen.md): by post means nothing reaches the customer.
        "send_method": [
            "mail": "Per post (mail): de klant krijgt niets van Factuursturen",
            "email": "Per e-mail (email): Factuursturen mailt de factuur",
        ],
        // Asperion (manual 003 §5): the invoice date, and the hour the day before's file is made.
        "invoice_date": [
            "order_date": "Besteldatum",
            "export_date": "Exportdatum: de dag waarop het bestand gemaakt wordt",
        ],
        "run_hour": Dictionary(uniqueKeysWithValues: (0...23).map { (String($0), ($0 < 10 ? "0" : "") + "\($0):00") }),
    ]
}
