import KoppelCore

/// The short summary of a run, for the summary file and the e-mail: what was compared, the totals
/// on both sides, and the findings per kind.
struct SummaryText {
    var connectionName: String
    var ledgerName: String
    var summary: ReconcileSummary
    var startedAt: Int64
    var csvName: String?

    var subject: String {
        let found = summary.mismatches
        let counts = found == 0 ? "geen afwijkingen" : "\(ReportWording.count(found)) afwijking\(found == 1 ? "" : "en")"
        return "koppel afstemming \(connectionName): \(counts) (\(summary.period.first) t/m \(summary.period.last))"
    }

    var text: String {
        var lines = [
            "Afstemming \(connectionName) met \(ledgerName)",
            "Periode: \(summary.period.first) t/m \(summary.period.last)",
            "Uitgevoerd: \(ReportWording.timestamp(startedAt)) UTC",
            "",
            "Vergeleken: \(ReportWording.count(summary.booked)) geboekte bestellingen, "
                + "\(ReportWording.count(summary.inLedger)) boekingen in \(ledgerName)",
            "Totaal incl. btw: koppel \(ReportWording.euros(summary.bookedGross)), "
                + "\(ledgerName) \(ReportWording.euros(summary.ledgerGross)) "
                + "(verschil \(ReportWording.euros(summary.ledgerGross - summary.bookedGross)))",
            "",
        ]
        if summary.isClean {
            lines.append("Geen afwijkingen: alle boekingen kloppen met de bestellingen.")
        } else {
            lines.append(
                "Afwijkingen: \(ReportWording.count(summary.mismatches)) in \(ReportWording.count(summary.mismatchedBookings)) "
                    + "bestelling\(summary.mismatchedBookings == 1 ? "" : "en")")
        }
        for kind in Finding.Kind.allCases where kind != .changed {
            if let count = summary.counts[kind] { lines.append("  \(ReportWording.kind(kind)): \(ReportWording.count(count))") }
        }
        if let changed = summary.counts[.changed] {
            lines.append("Bewerkt in \(ledgerName) sinds het boeken (ter informatie): \(ReportWording.count(changed))")
        }
        lines.append("Verzoeken aan \(ledgerName): \(ReportWording.count(summary.requests))")
        if let csvName { lines += ["", "Alle regels staan in \(csvName) (te openen in Excel)."] }
        return lines.joined(separator: "\n") + "\n"
    }
}
