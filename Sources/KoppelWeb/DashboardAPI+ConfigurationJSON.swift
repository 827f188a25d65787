import Foundation

/// The shapes of Configuratie's JSON (docs/dashboard.md): the answer of `GET configuration` and the
/// body of each section's `PUT`, in snake case on the wire.
extension DashboardAPI {
    struct ChoiceJSON: Encodable {
        var id: String
        var name: String
        var detail: String?
        var country: String?
        /// A payment method's code in the ledger (a `per_payment_method` setting), when it has one.
        var code: String?
    }

    struct VATEntryJSON: Codable {
        var scope: String
        var basisPoints: Int
        var vatCode: String
        var revenueAccount: String
    }

    struct ConfigurationJSON: Encodable {
        struct Shop: Encodable {
            /// `green` once the shop pushed its settings.
            var status: String
            var lastPushAt: Int64?
            var settingsVersion: Int64?
            var statuses: [ChoiceJSON]
            var paymentMethods: [ChoiceJSON]
        }
        struct Reference: Encodable {
            var taxRates: [ChoiceJSON]
            var revenueAccounts: [ChoiceJSON]
            var liabilityAccounts: [ChoiceJSON]
            var workflows: [ChoiceJSON]
            var documentStyles: [ChoiceJSON]
            var journals: [ChoiceJSON]
            var readAt: Int64
        }
        struct Ledger: Encodable {
            /// The connection's ledger: its code and its name ("minox", "Minox").
            var ledger: String
            var name: String
            /// `green`: connected and its last call went well; `red`: not connected, or its last
            /// call failed (a refused token); `unknown`: connected, not called yet.
            var status: String
            var connected: Bool
            var lastCallAt: Int64?
            var problem: String?
            var reference: Reference?
        }
        struct Statuses: Encodable {
            var booked: [Int64]
            var cancelled: [Int64]
        }
        struct VAT: Encodable {
            var shopCountry: String
            var entries: [VATEntryJSON]
        }
        /// The ledger's own settings as its provider declares them.
        struct LedgerSetting: Encodable {
            var key: String
            var label: String
            /// `reference`, `one_of`, `flag` or `text`.
            var form: String
            /// A reference setting's entries from the stored reference data, a `one_of`'s values, a
            /// `per_payment_method`'s payment methods (the shop's, then any other with a code), each
            /// with its code.
            var choices: [ChoiceJSON]?
            var value: String?
        }
        struct Accounts: Encodable {
            var giftVoucher: String
            var storeCredit: String
            var rounding: String
            var levy: String
            var roundingTolerance: String
        }
        struct Reconcile: Encodable {
            var tolerance: String
            var notifyEmails: [String]
            var mailWhenClean: Bool
        }

        var shop: Shop
        var ledger: Ledger
        var missing: [String]
        var statuses: Statuses
        var vat: VAT
        var debtors: [String: String]
        /// Absent while the ledger is not connected.
        var ledgerSettings: [LedgerSetting]?
        var accounts: Accounts
        var reconcile: Reconcile
    }

    struct StatusesBody: Decodable {
        var booked: [Int64]
        var cancelled: [Int64]?
    }

    struct VATBody: Decodable {
        var entries: [VATEntryJSON]?
        var scope: String?
        var basisPoints: Int?
        var vatCode: String?
        var revenueAccount: String?
    }

    struct DebtorsBody: Decodable {
        var debtors: [String: String]
    }

    struct AccountsBody: Decodable {
        var giftVoucher: String?
        var storeCredit: String?
        var rounding: String?
        var levy: String?
        var roundingTolerance: String?
    }

    struct ReconcileBody: Decodable {
        var tolerance: String?
        var notifyEmails: [String]?
        var mailWhenClean: Bool?
    }
}
