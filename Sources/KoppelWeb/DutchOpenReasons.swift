import Foundation

/// Open's detail in Dutch: why koppel left an order open or waits with it, from the booking flow's
/// own reasons (KoppelCore's BookingFlow, Booking's BookingJob). A failure's message is the
/// ledger's or the connection's own words: it is shown labelled as such, untranslated.
enum DutchOpenReasons {
    static func detail(_ english: String, ledger: String) -> String {
        if english.isEmpty { return "" }
        if english == "cancelled before it was booked" { return "Geannuleerd voordat de bestelling werd geboekt." }
        if english.hasPrefix("status "), english.hasSuffix(": cancelled before it was booked") {
            let status = english.dropFirst("status ".count).dropLast(": cancelled before it was booked".count)
            return "Status \(status): geannuleerd voordat de bestelling werd geboekt."
        }
        if english.hasPrefix("status "), english.hasSuffix(" is not booked") {
            let status = english.dropFirst("status ".count).dropLast(" is not booked".count)
            return "Bestellingen met status \(status) worden niet geboekt (Configuratie › Orderstatussen)."
        }
        if english == "the ledger refused koppel's credentials" {
            return "\(ledger) weigert de toegang van koppel: koppel de boekhouding opnieuw in Configuratie."
        }
        if english == "the ledger's rate limit" {
            return "\(ledger) vraagt koppel even te wachten: het maximale aantal verzoeken is bereikt."
        }
        return "Melding van \(ledger) of de verbinding: \(english)"
    }
}
