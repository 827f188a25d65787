import Foundation
import KoppelCore
import Reconciliation

/// Fouten's detail in Dutch: koppel's own problem message (English, with the order's figures) read
/// back per code and said again in Dutch with the same figures. Where the text is the ledger's own
/// words it is labelled as such. A message this table does not know stays as koppel wrote it, so a
/// changed English text shows rather than disappears; the bundle always keeps the English.
enum DutchDetails {
    private struct Form: Sendable {
        let code: BookingProblem.Code
        let pattern: String
        let dutch: @Sendable ([String], String) -> String
    }

    /// - Parameter ledger: the ledger's name as the owner knows it ("Moneybird").
    static func detail(code: BookingProblem.Code, english: String, ledger: String) -> String {
        for form in forms where form.code == code {
            if let figures = match(form.pattern, english) { return form.dutch(figures, ledger) }
        }
        return english
    }

    /// The reconciler's line on an order whose booking differs (ReconcileJob.mismatchText:
    /// `ledger differs: KIND FIELD [SHOP → LEDGER]; ...`) in the words of its Dutch report.
    static func ledgerDiffers(_ text: String) -> String {
        let prefix = "ledger differs: "
        guard text.hasPrefix(prefix) else { return text }
        let findings = text.dropFirst(prefix.count).components(separatedBy: "; ").map { finding -> String in
            let words = finding.components(separatedBy: " ")
            guard words.count >= 2, let kind = Finding.Kind(rawValue: words[0]) else { return finding }
            var line = ReportWording.kind(kind) + " (" + ReportWording.field(words[1], vatLabels: [:]) + ")"
            if words.count == 5, words[3] == "→" {
                let amount = { (text: String) in text.replacingOccurrences(of: ".", with: ",") }
                line += ": webwinkel \(amount(words[2])), boekhouding \(amount(words[4]))"
            }
            return line
        }
        return "Bevinding van de nachtelijke controle: " + findings.joined(separator: "; ")
    }

    static func ledgerName(_ kind: String) -> String {
        switch LedgerKind(rawValue: kind) {
        case .moneybird: "Moneybird"
        case .minox: "Minox"
        case .factuursturen: "FactuurSturen"
        case .asperion: "Asperion"
        default: "de boekhouding"
        }
    }

    /// The groups of `pattern` when it matches all of `text`. The patterns are this file's
    /// constants: one that did not compile would match nothing, and the English would show.
    private static func match(_ pattern: String, _ text: String) -> [String]? {
        guard let expression = try? NSRegularExpression(pattern: "^" + pattern + "$", options: [.dotMatchesLineSeparators]),
            let found = expression.firstMatch(in: text, range: NSRange(text.startIndex..., in: text))
        else { return nil }
        return (0..<found.numberOfRanges).map { index in
            Range(found.range(at: index), in: text).map { String(text[$0]) } ?? ""
        }
    }

    // The English forms are in KoppelCore/Booking/BookingPrechecks.swift, VATMapping.swift,
    // Workflow/BookingFlow.swift, Booking/BookingJob.swift and Shops/OpenCart/Booking.
    private static let forms: [Form] = [
        Form(code: .totalsMismatch, pattern: #"The order lines add up to (.+) (\w+) but the customer paid (.+) (\w+)\."#) {
            f, _ in "De regels tellen op tot \(f[1]) \(f[2]), maar de klant betaalde \(f[3]) \(f[4])."
        },
        Form(
            code: .roundingBeyondTolerance,
            pattern: #"The rounded amounts differ (.+) (\w+) from the order total; more than the (.+) allowed for rounding\."#
        ) { f, _ in
            "De afgeronde bedragen wijken \(f[1]) \(f[2]) af van het totaal; meer dan de \(f[3]) die voor afronding is toegestaan."
        },
        Form(code: .vatMismatch, pattern: #"The lines at VAT (.+) do not add up to the VAT total of that rate\."#) { f, _ in
            "De regels met \(f[1]) btw tellen niet op tot het btw-totaal van dat tarief."
        },
        Form(code: .vatMismatch, pattern: #"Some lines carry a VAT rate that is missing from the VAT totals\."#) { _, _ in
            "Sommige regels hebben een btw-tarief dat in de btw-totalen ontbreekt."
        },
        Form(
            code: .foreignCurrency,
            pattern: #"The shop's amounts are in (\w+) but the administration books in (\w+)\. koppel does not convert currencies\."#
        ) { f, _ in
            "De bedragen van de webwinkel zijn in \(f[1]), maar de administratie boekt in \(f[2]). koppel rekent geen valuta om."
        },
        Form(
            code: .foreignCurrency,
            pattern:
                #"The customer paid in (\w+) \((.+) (\w+)\); the administration books only (\w+) and koppel does not convert currencies\."#
        ) { f, _ in
            "De klant betaalde in \(f[1]) (\(f[2]) \(f[3])); de administratie boekt alleen in \(f[4]) en koppel rekent geen valuta om."
        },
        Form(
            code: .missingVATNumber,
            pattern: #"This is an ICP order \(EU business customer, 0 % VAT\) but the customer has no VAT number\."#
        ) { _, _ in
            "Dit is een ICP-bestelling (zakelijke klant in de EU, 0 % btw), maar de klant heeft geen btw-nummer."
        },
        Form(code: .invalidVATNumberFormat, pattern: #"VAT number (.+) does not have the format of a (.+) VAT number\."#) {
            f, _ in "Btw-nummer \(f[1]) heeft niet de vorm van een btw-nummer uit \(f[2])."
        },
        Form(code: .invalidVATNumberChecksum, pattern: #"VAT number (.+) is not valid: its check digits are wrong\."#) {
            f, _ in "Btw-nummer \(f[1]) is ongeldig: het controlegetal klopt niet."
        },
        Form(code: .vatNumberCountryMismatch, pattern: #"VAT number (.+) is from (.+) but the customer's address is in (.+)\."#) {
            f, _ in "Btw-nummer \(f[1]) komt uit \(f[2]), maar het adres van de klant is in \(f[3])."
        },
        Form(code: .unmappedVATRate, pattern: #"VAT rate (.+) \((.+)\) has no VAT code and revenue account in the ledger\."#) {
            f, _ in "Btw-tarief \(f[1]) heeft nog geen btw-code en omzetrekening in de boekhouding."
        },
        Form(code: .unmappedAccount, pattern: #"No ledger account is set for (.+)\."#) { f, _ in
            "Er is geen grootboekrekening gekozen voor: \(f[1])."
        },
        Form(code: .unknownTaxRow, pattern: #"The tax row "(.+)" matches no tax rate of the shop, so its percentage is unknown\."#) {
            f, _ in "De btw-regel \"\(f[1])\" past bij geen btw-tarief van de webwinkel; het percentage is onbekend."
        },
        Form(code: .totalRowsMismatch, pattern: #"The order's sub-total (.+) differs from the sum of its lines (.+)\."#) {
            f, _ in "Het subtotaal van de bestelling, \(f[1]), wijkt af van de som van de regels, \(f[2])."
        },
        Form(code: .totalRowsMismatch, pattern: #"The order's (.+) is (.+) but its rows add up to (.+)\."#) { f, _ in
            "Het totaal (\(f[1])) van de bestelling is \(f[2]), maar de regels tellen op tot \(f[3])."
        },
        Form(
            code: .unknownTotalRow,
            pattern: #"The order has a total row "(.+)" \((.+)\) that koppel does not know; it is booked as a fee( without VAT)?\."#
        ) { f, _ in
            "De bestelling heeft een totaalregel \"\(f[1])\" (\(f[2])) die koppel niet kent; die is als toeslag"
                + (f[3].isEmpty ? "" : " zonder btw") + " geboekt."
        },
        Form(
            code: .fixedRateTax,
            pattern: #"The order contains the fixed tax "(.+)" \((.+)\); it is booked as a separate levy line without VAT\."#
        ) { f, _ in
            "De bestelling bevat de vaste belasting \"\(f[1])\" (\(f[2])); die is als aparte heffingsregel zonder btw geboekt."
        },
        Form(
            code: .discountAllocationEstimated,
            pattern:
                #"The VAT the shop charged per rate does not match the lines after discounts; discounts are spread over all products pro rata\."#
        ) { _, _ in
            "De btw per tarief van de webwinkel past niet bij de regels na korting; de korting is naar verhouding over alle producten verdeeld."
        },
        Form(code: .unmatchedLineRate, pattern: #"The VAT of "(.+)" \((.+) on a price of (.+)\) matches none of the shop's tax rates\."#) {
            f, _ in "De btw van \"\(f[1])\" (\(f[2]) op een prijs van \(f[3])) past bij geen btw-tarief van de webwinkel."
        },
        Form(code: .ambiguousTaxClass, pattern: #"The shipping tax class has (\d+) percentage rates for this address; their sum is used\."#) {
            f, _ in "De btw-klasse van de verzending heeft \(f[1]) percentages voor dit adres; hun som is gebruikt."
        },
        Form(code: .invalidAmount, pattern: #"The order's (.+) is not an amount: "(.*)"\."#) { f, _ in
            "Het veld \(f[1]) van de bestelling is geen bedrag: \"\(f[2])\"."
        },
        Form(code: .invalidAmount, pattern: #"the stored order could not be read"#) { _, _ in
            "De opgeslagen bestelling kon niet gelezen worden."
        },
        Form(code: .invalidDate, pattern: #"The order date "(.*)" is not a date\."#) { f, _ in
            "De besteldatum \"\(f[1])\" is geen datum."
        },
        Form(code: .unbookableStatus, pattern: #"Order (\d+) has status 0 \("missing order"\): the checkout was never completed\."#) {
            f, _ in "Bestelling \(f[1]) heeft status 0 (\"missing order\"): de bestelling is nooit afgerond."
        },
        Form(code: .unreadableState, pattern: #"koppel's stored booking state of this order could not be read: (.+)"#) { f, _ in
            "koppel kan de opgeslagen stand van deze bestelling niet lezen: \(f[1])"
        },
        Form(code: .unreadablePayload, pattern: #"koppel's stored copy of this order could not be read: (.+)"#) { f, _ in
            "koppel kan de opgeslagen bestelling niet lezen: \(f[1])"
        },
        Form(code: .ledgerRefused, pattern: #"the ledger refused the booking: (.+)"#) { f, ledger in
            "Melding van \(ledger): \(f[1])"
        },
        Form(code: .ledgerUnavailable, pattern: #"the ledger failed (\d+) times in a row: (.+)"#) { f, ledger in
            "\(ledger) gaf \(f[1]) keer achter elkaar een fout. Melding van \(ledger): \(f[2])"
        },
        Form(
            code: .foreignDocument,
            pattern: #"the ledger holds document (\S+) with this order's reference, but its amount or customer is not what koppel booked"#
        ) { f, ledger in
            "In \(ledger) staat document \(f[1]) met de referentie van deze bestelling, maar het bedrag of de klant is niet wat koppel boekte."
        },
        Form(code: .ledgerNotSetUp, pattern: #"No Minox sales journal is chosen\."#) { _, _ in
            "Er is nog geen verkoopdagboek van Minox gekozen. Kies het dagboek waarin koppel de verkopen boekt."
        },
        Form(code: .bookingMissing, pattern: #"the ledger no longer holds document (\S+) that koppel made for this order"#) {
            f, ledger in "Document \(f[1]) dat koppel voor deze bestelling maakte, staat niet meer in \(ledger)."
        },
    ]
}
