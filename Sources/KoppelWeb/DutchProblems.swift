import KoppelCore

/// The Fouten tab's words: koppel's problem codes in the Dutch a shop owner reads. koppel's own
/// message (with the order's figures, or the ledger's words) is shown beside it as the detail.
enum DutchProblems {
    struct Text {
        var message: String
        var hint: String
    }

    static func text(for code: BookingProblem.Code) -> Text {
        switch code {
        case .totalsMismatch:
            Text(
                message: "De regels, btw en betalingen tellen niet op tot het betaalde bedrag.",
                hint:
                    "Controleer de totalen van de bestelling in de webwinkel, pas ze aan en verwerk de bestelling opnieuw."
            )
        case .totalRowsMismatch:
            Text(
                message: "De totaalregels van de bestelling tellen niet op tot het totaal.",
                hint:
                    "Een totaal-extensie heeft het totaal mogelijk veranderd zonder regel. Corrigeer de bestelling en verwerk haar opnieuw."
            )
        case .roundingBeyondTolerance:
            Text(
                message: "Het afrondingsverschil is groter dan toegestaan.",
                hint: "Controleer kortingen en toeslagen van de bestelling in de webwinkel en verwerk haar opnieuw.")
        case .vatMismatch:
            Text(
                message: "De berekende btw past niet bij het tarief van de regels.",
                hint:
                    "Controleer de btw-instellingen van de producten in de webwinkel en verwerk de bestelling opnieuw.")
        case .missingVATNumber:
            Text(
                message: "Een levering zonder btw heeft een btw-nummer van de klant nodig.",
                hint:
                    "Vul het btw-nummer van de klant in de bestelling in, of reken btw, en verwerk de bestelling opnieuw."
            )
        case .invalidVATNumberFormat:
            Text(
                message: "Het btw-nummer van de klant heeft niet de juiste vorm.",
                hint: "Corrigeer het btw-nummer (landcode, cijfers) in de webwinkel en verwerk de bestelling opnieuw.")
        case .invalidVATNumberChecksum:
            Text(
                message: "Het btw-nummer van de klant klopt niet (controlegetal).",
                hint:
                    "Vraag de klant om het juiste btw-nummer, corrigeer het in de webwinkel en verwerk de bestelling opnieuw."
            )
        case .vatNumberCountryMismatch:
            Text(
                message: "Het btw-nummer hoort niet bij het land waar de goederen heen gaan.",
                hint: "Corrigeer het btw-nummer of het adres en verwerk de bestelling opnieuw.")
        case .unmappedVATRate:
            Text(
                message: "Voor dit btw-tarief is nog geen btw-code of omzetrekening gekozen.",
                hint: "Kies de btw-code en grootboekrekening bij Configuratie en verwerk de bestelling opnieuw.")
        case .unmappedAccount:
            Text(
                message: "Voor een deel van de bestelling is nog geen grootboekrekening gekozen.",
                hint: "Kies de grootboekrekening bij Configuratie en verwerk de bestelling opnieuw.")
        case .foreignCurrency:
            Text(
                message: "De bestelling is in een andere valuta dan de euro.",
                hint: "koppel boekt alleen bestellingen in euro's. Boek deze bestelling met de hand.")
        case .unbookableStatus:
            Text(
                message: "De status van de bestelling kan niet geboekt worden.",
                hint: "Controleer de statussen bij Configuratie.")
        case .unknownTotalRow:
            Text(
                message: "De bestelling heeft een totaalregel die koppel niet kent.",
                hint: "Neem contact op met de ondersteuning en stuur de bestelling mee.")
        case .unknownTaxRow:
            Text(
                message: "De bestelling heeft een btw-regel die koppel niet kent.",
                hint: "Controleer de btw-tarieven in de webwinkel en verwerk de bestelling opnieuw.")
        case .unmatchedLineRate:
            Text(
                message: "Een regel heeft een btw-tarief dat niet bij de btw-regels past.",
                hint: "Controleer de btw-klasse van het product in de webwinkel en verwerk de bestelling opnieuw.")
        case .ambiguousTaxClass:
            Text(
                message: "Het btw-tarief van een regel is niet eenduidig.",
                hint: "Geef het product één btw-tarief in de webwinkel en verwerk de bestelling opnieuw.")
        case .fixedRateTax:
            Text(
                message: "De bestelling heeft een vaste belasting (geen percentage).",
                hint: "Boek deze bestelling met de hand of pas de belasting aan in de webwinkel.")
        case .discountAllocationEstimated:
            Text(
                message: "De korting is geschat over de btw-tarieven verdeeld.",
                hint: "Controleer de boeking in de boekhouding.")
        case .invalidAmount:
            Text(
                message: "Een bedrag in de bestelling is niet leesbaar.",
                hint: "Corrigeer de bestelling in de webwinkel en verwerk haar opnieuw.")
        case .invalidDate:
            Text(
                message: "Een datum in de bestelling is niet leesbaar.",
                hint: "Corrigeer de bestelling in de webwinkel en verwerk haar opnieuw.")
        case .ledgerRefused:
            Text(
                message: "De boekhouding heeft de boeking geweigerd.",
                hint: "Lees de melding van de boekhouding hieronder, los het op en verwerk de bestelling opnieuw.")
        case .ledgerUnavailable:
            Text(
                message: "De boekhouding was te lang niet bereikbaar.",
                hint: "Verwerk de bestelling opnieuw; koppel kijkt eerst of de boeking er al is.")
        case .bookingMissing:
            Text(
                message: "De boeking is verwijderd uit de boekhouding.",
                hint: "Verwerk de bestelling opnieuw om haar opnieuw te boeken.")
        case .unreadableState:
            Text(
                message: "koppel kan de opgeslagen stand van deze bestelling niet lezen.",
                hint: "Verwerk de bestelling opnieuw; koppel kijkt eerst in de boekhouding.")
        case .unreadablePayload:
            Text(
                message: "koppel kan de opgeslagen bestelling niet lezen.",
                hint: "Er wordt niets geboekt tot dit is opgelost. Meld het met \"probleem melden\".")
        case .foreignDocument:
            Text(
                message: "In de boekhouding staat al een document met deze referentie dat koppel niet maakte.",
                hint: "Controleer het document in de boekhouding.")
        case .ledgerNotSetUp:
            Text(
                message: "De koppeling met de boekhouding is nog niet af: er moet nog iets gekozen worden.",
                hint: "Maak de keuze bij Configuratie; koppel boekt de bestelling daarna vanzelf.")
        }
    }

    /// The reconciler found the booking in the ledger differing from the order.
    static let ledgerDiffers = Text(
        message: "De boeking in de boekhouding wijkt af van de bestelling.",
        hint: "Bekijk het nieuwste rapport. Is de boeking verwijderd, verwerk de bestelling dan opnieuw.")
}
