import Foundation
import KoppelAdmin
import KoppelCore
import KoppelStore
import Ledger
import LedgerProviders

/// The ledger section of Configuratie: the provider's settings as it declares them, edited with
/// `PUT configuration/ledger {key: value, …}` through `ConnectionConfiguration.setLedgerSettings`.
extension DashboardAPI {
    /// A setting's value as the page sends it: text, yes/no, a number, or a code per payment method
    /// (`{"cod": "REMBOURS"}`, for a `perPaymentMethod` setting); null leaves it as it is.
    enum SettingValue: Decodable {
        case text(String)
        case pairs([String: String])

        init(from decoder: any Decoder) throws {
            let single = try decoder.singleValueContainer()
            if let flag = try? single.decode(Bool.self) {
                self = .text(String(flag))
            } else if let number = try? single.decode(Int64.self) {
                self = .text(String(number))
            } else if let pairs = try? single.decode([String: String].self) {
                self = .pairs(pairs)
            } else {
                self = .text(try single.decode(String.self))
            }
        }

        /// The text the provider takes; pairs as `LedgerSettingPairs` writes them.
        func text(key: String) throws -> String {
            switch self {
            case .text(let text): return text
            case .pairs(let pairs):
                do {
                    return try LedgerSettingPairs.text(pairs)
                } catch {
                    throw WebError.invalidField(
                        key + "." + error.method, "Deze betaalmethode of code bevat een komma of een =-teken; dat kan niet worden opgeslagen.")
                }
            }
        }
    }

    /// The body's pairs in the order the provider lists its keys (Minox's journal before the rest),
    /// unknown keys last: they are refused by name.
    static func ledgerSettingChanges(_ request: WebRequest, of connection: Connection) throws -> [(key: String, value: String)] {
        // The keys as the provider names them (already snake case): no key conversion.
        let body: [String: SettingValue?]
        do {
            body = try JSONDecoder().decode([String: SettingValue?].self, from: request.body)
        } catch {
            throw WebError.badRequest("De gegevens van het verzoek zijn niet leesbaar.")
        }
        let order = (try? LedgerProviders.provider(for: connection.ledger))?.settingKeys.map(\.key) ?? []
        func rank(_ key: String) -> Int { order.firstIndex(of: key) ?? order.count }
        return try body.compactMap { key, value in try value.map { (key: key, value: try $0.text(key: key)) } }
            .sorted { (rank($0.key), $0.key) < (rank($1.key), $1.key) }
    }

    /// - Parameter paymentMethods: the shop's, the rows of a `perPaymentMethod` setting.
    static func ledgerSettingsJSON(
        _ settings: [ConnectionConfiguration.LedgerSetting], reference: LedgerReferenceCopy?, paymentMethods: [ShopChoices.Choice]
    ) -> [ConfigurationJSON.LedgerSetting] {
        settings.map { setting in
            var choices: [ChoiceJSON]?
            switch setting.form {
            case .reference(let kind):
                choices = (reference?.entries(kind) ?? []).map {
                    ChoiceJSON(id: $0.id, name: $0.name, detail: $0.detail, country: $0.country)
                }
            case .oneOf(let values):
                choices = values.map { ChoiceJSON(id: $0, name: LedgerSettingNames.dutch(setting.key, value: $0)) }
            case .perPaymentMethod:
                // The shop's methods, then any coded method the shop no longer sends (its code still in use).
                let stored = LedgerSettingPairs.pairs(setting.value ?? "")
                let known = Set(paymentMethods.map(\.id))
                choices = paymentMethods.map { ChoiceJSON(id: $0.id, name: $0.name, code: stored[$0.id]) }
                    + stored.keys.filter { !known.contains($0) }.sorted().map { ChoiceJSON(id: $0, name: $0, code: stored[$0]) }
            case .flag, .text:
                choices = nil
            }
            return ConfigurationJSON.LedgerSetting(
                key: setting.key, label: setting.label, form: setting.form.code, choices: choices, value: setting.value)
        }
    }
}
