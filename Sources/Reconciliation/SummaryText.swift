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
        let mismatches = summary.mismatches, tolerated = summary.withinTolerance
        var found: [String] = []
        if mismatches > 0 { found.append("\(ReportWording.count(mismatches)) afwijking\(mismatches == 1 ? "" : "en")") }
        if tolerated > 0 {
            found.append("\(ReportWording.count(tolerated)) verschil\(tolerated == 1 ? "" : "len") binnen de tolerantie")
        }
        let counts = found.isEmpty ? "geen afwijkingen" : found.joined(separator: ", ")
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
        // Clean only when nothing differs at all: a cent within the tolerance is still told.
        if summary.isClean {
            // Orders still waiting for their import are no error, but not proven either.
            lines.append(
                summary.awaitingConfirmation > 0
                    ? "Geen afwijkingen in wat \(ledgerName) al heeft; "
                        + "\(Self.orders(summary.awaitingConfirmation)) nog niet geïmporteerd (zie onder)."
                    : "Geen afwijkingen: alle boekingen kloppen met de bestellingen.")
        }
        if summary.mismatches > 0 {
            lines.append(
                "Afwijkingen: \(ReportWording.count(summary.mismatches)) in \(Self.orders(summary.mismatchedBookings))")
        }
        for kind in Finding.Kind.allCases where kind != .changed && kind != .withinTolerance {
            if let count = summary.counts[kind] { lines.append("  \(ReportWording.kind(kind)): \(ReportWording.count(count))") }
        }
        if summary.withinTolerance > 0 {
            lines.append(
                "Verschillen binnen de tolerantie van \(ReportWording.euros(summary.tolerance)): "
                    + "\(ReportWording.count(summary.withinTolerance)) in \(Self.orders(summary.bookingsWithinTolerance)) "
                    + "(geen fout, wel in de lijst)")
        }
        if let changed = summary.counts[.changed] {
            lines.append("Bewerkt in \(ledgerName) sinds het boeken (ter informatie): \(ReportWording.count(changed))")
        }
        if summary.awaitingConfirmation > 0 {
            lines.append(
                "Afgeleverd, nog niet in \(ledgerName) (binnen de wachttijd voor de import, geen fout): "
                    + ReportWording.count(summary.awaitingConfirmation))
        }
        lines.append("Verzoeken aan \(ledgerName): \(ReportWording.count(summary.requests))")
        if let csvName { lines += ["", "Alle regels staan in \(csvName) (te openen in Excel)."] }
        return lines.joined(separator: "\n") + "\n"
    }

    /// `1 bestelling`, `2 bestellingen`.
    private static func orders(_ count: Int) -> String {
        "\(ReportWording.count(count)) bestelling\(count == 1 ? "" : "en")"
    }
}
