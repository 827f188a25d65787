import Ledger

/// How Minox's settings are chosen and read back, for the dashboard and `koppel config ledger`.
extension MinoxProvider {
    public func form(ofSetting key: String) -> LedgerSettingForm {
        switch key {
        case "journal": return .reference(.journals)
        case "order_number_as_invoice_number": return .flag
        default: return .text
        }
    }

    public func values(of settings: Settings?) -> [String: String] {
        guard let settings else { return [:] }
        var values = ["order_number_as_invoice_number": String(settings.orderNumberAsInvoiceNumber)]
        if !settings.journalID.isEmpty { values["journal"] = settings.journalID }
        return values
    }

    /// Nothing is booked before the journal is chosen (`open` refuses to book without one).
    public func missingKeys(in settings: Settings?) -> [String] {
        (settings?.journalID ?? "").isEmpty ? ["journal"] : []
    }
}
