import SandboxSupport

/// The seeded administration: a sales journal, Dutch VAT codes, revenue and balance accounts.
///
/// Field names per OTW's Swagger dumps (§2.2): journal ids are string codes [C-one: OTW], ledger
/// account ids numeric [C-multi: OTW, WIKI], VAT codes `id, description, percentage, type` with
/// "verlegd" in the type for reverse charge [C-multi: Qics]. The type words and each VAT code's
/// `ledger_account_id` (the account its VAT lines land on) are guesses.
struct MinoxMasterData: Sendable {
    struct Account: Sendable { var id: Int; var description: String; var type: String }
    struct VATCode: Sendable { var id: Int; var description: String; var percentage: String; var type: String; var account: Int }
    struct Journal: Sendable { var id: String; var description: String; var type: String; var account: Int }

    let accounts: [Account] = [
        Account(id: 1300, description: "Debiteuren", type: "balance"),
        Account(id: 1500, description: "Af te dragen btw hoog", type: "balance"),
        Account(id: 1510, description: "Af te dragen btw laag", type: "balance"),
        Account(id: 1520, description: "Af te dragen btw overig", type: "balance"),
        Account(id: 1600, description: "Cadeaubonnen", type: "balance"),
        Account(id: 8000, description: "Omzet hoog", type: "profit_and_loss"),
        Account(id: 8010, description: "Omzet laag", type: "profit_and_loss"),
        Account(id: 8100, description: "Omzet buitenland", type: "profit_and_loss"),
    ]
    let vatCodes: [VATCode] = [
        VATCode(id: 1, description: "BTW hoog 21%", percentage: "21", type: "hoog", account: 1500),
        VATCode(id: 2, description: "BTW laag 9%", percentage: "9", type: "laag", account: 1510),
        VATCode(id: 3, description: "BTW 0%", percentage: "0", type: "nul", account: 1520),
        VATCode(id: 4, description: "ICP verlegd", percentage: "0", type: "verlegd ICP", account: 1520),
        VATCode(id: 5, description: "Export buiten EU", percentage: "0", type: "export", account: 1520),
    ]
    let journals: [Journal]

    init(secondSalesJournal: Bool = false) {
        journals = [Journal(id: "VK", description: "Verkoopboek", type: "sales", account: 1300)]
            + (secondSalesJournal ? [Journal(id: "VK2", description: "Verkoopboek webwinkel", type: "sales", account: 1300)] : [])
            + [Journal(id: "MEM", description: "Memoriaal", type: "general", account: 0)]
    }

    func account(_ id: String) -> Account? { accounts.first { String($0.id) == id } }
    func vatCode(_ id: String) -> VATCode? { vatCodes.first { String($0.id) == id } }
    func journal(_ id: String) -> Journal? { journals.first { $0.id == id } }

    var accountsJSON: [JSONValue] {
        accounts.map { .object([("id", .int($0.id)), ("description", .string($0.description)), ("type", .string($0.type))]) }
    }

    var vatJSON: [JSONValue] {
        vatCodes.map { code in
            .object([
                ("id", .int(code.id)), ("description", .string(code.description)),
                ("percentage", .number(code.percentage)), ("type", .string(code.type)),
                ("ledger_account_id", .int(code.account)),
            ])
        }
    }

    var journalsJSON: [JSONValue] {
        journals.map { journal in
            .object([
                ("id", .string(journal.id)), ("description", .string(journal.description)),
                ("type", .string(journal.type)), ("ledger_account_id", .int(journal.account)),
            ])
        }
    }
}
