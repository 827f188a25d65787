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
        if let day = dayFile(english) {
            return "Staat in het bestand van \(day.day) voor \(ledger), dat op \(day.delivered) wordt klaargezet om te importeren."
        }
        return "Melding van \(ledger) of de verbinding: \(english)"
    }

    /// AsperionLedger's wait for the run hour: "in the Asperion file of 2026-12-03, delivered from
    /// 2026-12-04T02:00:00" → the day and "4-12-2026 02:00".
    static func dayFile(_ english: String) -> (day: String, delivered: String)? {
        let prefix = "in the Asperion file of ", middle = ", delivered from "
        guard english.hasPrefix(prefix), let split = english.range(of: middle) else { return nil }
        let day = english[english.index(english.startIndex, offsetBy: prefix.count)..<split.lowerBound]
        let moment = english[split.upperBound...]
        return (dutchDate(day), dutchDate(moment.prefix(10)) + " " + moment.dropFirst(11).prefix(5))
    }

    /// "2026-12-03" → "3-12-2026"; another text as it is.
    static func dutchDate(_ iso: Substring) -> String {
        let parts = iso.split(separator: "-")
        guard parts.count == 3, let day = Int(parts[2]), let month = Int(parts[1]) else { return String(iso) }
        return "\(day)-\(month)-\(parts[0])"
    }
}
