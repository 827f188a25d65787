import Foundation
import SandboxSupport

/// Checks the body of `PUT /transaction_line_batch/{uuid}`: a bare JSON array of lines [C-one: OTW]
/// with the fields of OTW `docs/transaction_line_batch.rst`, and turns it into the lines as stored.
///
/// - `journal.id` must name a journal; `document_date` is `YYYY-MM-DD`.
/// - `account` is `{id, scheme: "MINOX", type}`: `ledger_account` (an account number) [C-one: OTW] or
///   `customer` (a debtor number) for the debtor line [Inferred: the manual's "customernr uit Minox"].
///   A line without `account` is a VAT line (the manual's "BTW regels" list only journal, vat, credit,
///   description, date): `vat.id` must then name a VAT code and the line lands on that code's account
///   [Inferred].
/// - `debit` and `credit` are numbers [C-one: OTW], not negative, one of them zero [Guess]; at most two
///   decimals (`refusesSubCentAmounts`) [Guess].
/// - Σ debit = Σ credit to the cent [Inferred: double entry, WIKI "verkoopjournaalpost"].
/// - `vat` is optional: Minox advises partners not to send VAT codes (WIKI step 9), while the
///   OpenCart connector's manual sends them; both are accepted.
struct MinoxBatchValidation {
    let master: MinoxMasterData
    let rounding: Bool

    struct Checked {
        var lines: [JSONValue]
        var openItems: [MinoxBooks.OpenItem]
    }

    func check(_ body: JSONValue, batchID: String, entryNumber: Int, state: MinoxBooks.State) throws(MinoxError) -> Checked {
        guard let items = body.arrayValue else {
            throw .badRequest("The body must be a JSON array of transaction lines")
        }
        guard !items.isEmpty else { throw .validation("A batch needs at least one transaction line") }
        var debit: Int64 = 0
        var credit: Int64 = 0
        var lines: [JSONValue] = []
        var openItems: [MinoxBooks.OpenItem] = []
        for (index, item) in items.enumerated() {
            let at = "line \(index + 1)"
            guard case .object = item else { throw .validation("\(at): must be an object") }
            guard let journalID = item["journal"]?["id"]?.nonBlankText, master.journal(journalID) != nil else {
                throw .validation("\(at): journal.id is not a journal of this administration")
            }
            guard let date = item["document_date"]?.text, Self.isDate(date) else {
                throw .validation("\(at): document_date must be a date YYYY-MM-DD")
            }
            if let due = item["due_date"], !due.isNull, !(due.text.map(Self.isDate) ?? false) {
                throw .validation("\(at): due_date must be a date YYYY-MM-DD")
            }
            let lineDebit = try amount(item["debit"], "\(at): debit")
            let lineCredit = try amount(item["credit"], "\(at): credit")
            guard lineDebit == 0 || lineCredit == 0 else {
                throw .validation("\(at): a line is either debit or credit")
            }
            var vat: (id: Int, amount: Int64)?
            if let given = item["vat"], !given.isNull {
                guard let id = given["id"]?.text, let code = master.vatCode(id) else {
                    throw .validation("\(at): vat.id is not a VAT code of this administration")
                }
                vat = (code.id, try amount(given["amount"], "\(at): vat.amount", allowsNegative: true))
            }
            let account: (type: String, id: Int, description: String)
            if let given = item["account"], !given.isNull {
                let type = given["type"]?.text ?? "ledger_account"
                guard let id = given["id"]?.text else { throw .validation("\(at): account.id is missing") }
                switch type {
                case "ledger_account":
                    guard let found = master.account(id) else {
                        throw .validation("\(at): ledger account \(id) does not exist")
                    }
                    account = (type, found.id, found.description)
                case "customer":
                    guard let number = Int(id), let found = state.customers[number] else {
                        throw .validation("\(at): customer \(id) does not exist")
                    }
                    account = (type, found.id, found.name)
                default:
                    throw .validation("\(at): account.type must be ledger_account or customer")
                }
            } else {
                guard let vat, let code = master.vatCode(String(vat.id)) else {
                    throw .validation("\(at): a line without account must name its VAT code (vat.id)")
                }
                account = ("ledger_account", code.account, master.account(String(code.account))?.description ?? "")
            }
            var invoiceNumber: Int?
            if let given = item["invoice_number"], !given.isNull {
                guard let text = given.text, let number = Int(text), number > 0 else {
                    throw .validation("\(at): invoice_number must be a positive whole number")
                }
                invoiceNumber = number
            }
            debit += lineDebit
            credit += lineCredit
            let month = Int(date.dropFirst(5).prefix(2))!
            let year = Int(date.prefix(4))!
            var members: [(key: String, value: JSONValue)] = [
                ("id", .string("\(batchID)-\(index + 1)")), ("batch_id", .string(batchID)),
                ("entry_number", .int(entryNumber)),
                ("journal", .object([("id", .string(journalID))])),
                ("account", .object([
                    ("id", .string(String(account.id))), ("scheme", .string("MINOX")), ("type", .string(account.type)),
                    ("description", .string(account.description)),
                ])),
                ("debit", .number(MinoxAmount.text(lineDebit))), ("credit", .number(MinoxAmount.text(lineCredit))),
                ("document_date", .string(date)),
                // One period a calendar month, fiscal year = calendar year [Guess: number_of_periods 12].
                ("period", .object([("id", .int(month)), ("fiscal_year", .int(year))])),
                ("description", .string(item["description"]?.text ?? "")),
            ]
            if let due = item["due_date"]?.text { members.append(("due_date", .string(due))) }
            if let invoiceNumber { members.append(("invoice_number", .int(invoiceNumber))) }
            if let vat {
                members.append(("vat", .object([("id", .int(vat.id)), ("amount", .number(MinoxAmount.text(vat.amount)))])))
            }
            lines.append(.object(members))
            if account.type == "customer" {
                // A debtor line is an open item; without an invoice number it takes the entry number [Guess].
                openItems.append(MinoxBooks.OpenItem(
                    customerID: account.id, invoiceNumber: invoiceNumber ?? entryNumber, date: date,
                    dueDate: item["due_date"]?.text ?? date, total: lineDebit - lineCredit))
            }
        }
        guard debit == credit else {
            throw .validation(
                "Debit (\(MinoxAmount.text(debit))) and credit (\(MinoxAmount.text(credit))) are not equal")
        }
        return Checked(lines: lines, openItems: openItems)
    }

    private func amount(_ value: JSONValue?, _ name: String, allowsNegative: Bool = false) throws(MinoxError) -> Int64 {
        guard let value, !value.isNull else { return 0 }
        guard case .number(let text) = value, let cents = MinoxAmount.cents(text, rounding: rounding) else {
            throw .validation("\(name) must be a number with at most two decimals")
        }
        guard allowsNegative || cents >= 0 else { throw .validation("\(name) must not be negative") }
        return cents
    }

    static func isDate(_ text: String) -> Bool {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
            let month = Int(parts[1]), let day = Int(parts[2]), Int(parts[0]) != nil
        else { return false }
        return (1...12).contains(month) && (1...31).contains(day)
    }
}
