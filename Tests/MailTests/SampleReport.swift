import Foundation
import Mail

/// The nightly report as the reconciler sends it: a Dutch summary and a CSV for Excel.
enum SampleReport {
    static let subject = "Afstemming — 2 afwijkingen"
    static let filename = "afwijkingen-2026-03-02-café.csv"

    static let text = """
        Afstemming van maandag 2 maart 2026 voor Fietsen B.V. (Moneybird-administratie 318440553870706657).

        2 afwijkingen gevonden:
        - bestelling 1001: in Moneybird € 12,49, in de winkel € 12,50
        - bestelling 1002: ontbreekt in Moneybird

        De details staan in de bijlage.

        """

    /// Starts with a byte order mark so Excel reads UTF-8; `;` and decimal commas as Dutch Excel expects.
    static let csv = Data(
        ("\u{FEFF}bestelling;datum;winkel;ledger;verschil;klant\r\n"
            + "1001;02-03-2026;12,50;12,49;0,01;Zoë Jansen\r\n"
            + "1002;02-03-2026;1.234,56;;1.234,56;Ærøskøbing Cykler ApS\r\n").utf8)

    static let date = ISO8601DateFormatter().date(from: "2026-03-02T01:30:00Z")!

    static func message(to recipients: [MailAddress]? = nil, messageID: String? = nil) throws -> MailMessage {
        MailMessage(
            from: try MailAddress("rapport@koppel.test", name: "koppel rapportage"),
            to: try recipients ?? [
                MailAddress("eigenaar@fietsen.test", name: "Joëlle de Vries"), MailAddress("boekhouding@fietsen.test"),
            ],
            subject: subject,
            text: text,
            attachments: [MailAttachment(filename: filename, contentType: "text/csv; charset=utf-8", data: csv)],
            date: date,
            messageID: messageID ?? "<afstemming-2026-03-02.1@koppel.test>"
        )
    }
}
