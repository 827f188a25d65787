import Ledger

/// How Moneybird's settings are chosen and read back, for the dashboard and `koppel config ledger`.
extension MoneybirdProvider {
    public func form(ofSetting key: String) -> LedgerSettingForm {
        switch key {
        case "workflow": return .reference(.workflows)
        case "document_style": return .reference(.documentStyles)
        case "no_vat_code": return .reference(.vatCodes)
        case "delivery": return .oneOf(MoneybirdSettings.DeliveryMethod.allCases.map(\.rawValue))
        case "register_payment": return .flag
        default: return .text
        }
    }

    public func values(of settings: Settings?) -> [String: String] {
        let settings = settings ?? MoneybirdSettings()
        var values = [
            "delivery": settings.deliveryMethod.rawValue, "register_payment": String(settings.registerPayment),
        ]
        values["workflow"] = settings.workflowID
        values["document_style"] = settings.documentStyleID
        values["no_vat_code"] = settings.noVATCode
        return values
    }

    /// Every setting has a default of Moneybird's own.
    public func missingKeys(in settings: Settings?) -> [String] { [] }
}
