import Foundation
import KoppelCore
import Testing

@testable import Reconciliation

/// The accountant's CSV, byte for byte against a golden file: what Excel with a Dutch locale
/// opens by double-click.
@Suite struct MismatchReportTests {
    static let golden = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")

    static let findings: [Finding] = [
        Finding(
            reference: "1001", date: "2026-11-02", ledgerID: "496081000000004097", orderID: 1, kind: .amount, field: "gross",
            shop: .cents(Cents(4085)), ledger: .cents(Cents(4087)), difference: Cents(2),
            hint: "het bedrag in de boekhouding wijkt af van de bestelling"),
        Finding(
            reference: "1001", date: "2026-11-02", ledgerID: "496081000000004097", orderID: 1, kind: .vat, field: "vat:4960",
            shop: .cents(Cents(553)), ledger: .cents(Cents(0)), difference: Cents(-553), hint: "de btw van dit tarief wijkt af"),
        Finding(
            reference: "1002", date: "2026-11-03", ledgerID: "496081000000008194", orderID: 2, kind: .customer, field: "name",
            shop: .text("Zoë Müller"), ledger: .text("=HYPERLINK(\"http://evil\")"), hint: "de klant wijkt af"),
        Finding(
            reference: "1002", date: "2026-11-03", ledgerID: "496081000000008194", orderID: 2, kind: .customer, field: "street",
            shop: .text("Kerkstraat 1; achterom"), ledger: .text("Kerkstraat \"1\""), hint: "de klant wijkt af"),
        Finding(
            reference: "1003", date: "2026-11-04", ledgerID: "496081000000012291", orderID: 3, kind: .missing, field: "booking",
            shop: .cents(Cents(123456)), ledger: .none, difference: Cents(-123456), hint: "boek opnieuw (koppel reprocess)"),
        Finding(
            reference: "1004", date: "2026-11-05", ledgerID: "496081000000016388", orderID: 4, kind: .changed, field: "version",
            shop: .text("1793750400"), ledger: .text("1793836800"), hint: "bewerkt na het boeken"),
        Finding(
            reference: "1005", date: "2026-11-05", ledgerID: "496081000000020484", orderID: 5, kind: .openBalance, field: "unpaid",
            shop: .cents(.zero), ledger: .cents(Cents(1)), difference: Cents(1), hint: "er staat nog een bedrag open (paid)"),
        Finding(
            reference: "1005", date: "2026-11-05", ledgerID: "496081000000020484", orderID: 5, kind: .withinTolerance,
            field: "gross", shop: .cents(Cents(2995)), ledger: .cents(Cents(2996)), difference: Cents(1),
            hint: "binnen de tolerantie: het bedrag wijkt af"),
        Finding(
            reference: "1006", date: "2026-11-05", ledgerID: "496081000000020486", orderID: 6, kind: .openBalance, field: "state",
            shop: .text("betaald"), ledger: .text("open"), hint: "niet als betaald"),
        Finding(
            reference: "77", date: "2026-11-06", ledgerID: "496081000000020485", orderID: nil, kind: .orphan, field: "booking",
            shop: .none, ledger: .cents(Cents(-1050)), difference: Cents(-1050), hint: "geen bestelling"),
    ]

    @Test func theCSVMatchesItsGoldenFile() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("report-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let report = MismatchReport(directory: folder.path, connectionName: "Mijn Winkel", connectionID: 3, startedAt: 1_795_400_100)
        var remaining = Self.findings[...]
        try report.writeCSV(vatLabels: ["4960": "21% NL"]) { remaining.popFirst() }

        #expect((report.csvPath as NSString).lastPathComponent == "2026-11-23_021500_mijn-winkel-3_afwijkingen.csv")
        let written = try Data(contentsOf: URL(fileURLWithPath: report.csvPath))
        let expected = try Data(contentsOf: Self.golden.appendingPathComponent("mismatches.csv"))
        if written != expected {
            try written.write(to: folder.deletingLastPathComponent().appendingPathComponent("mismatches.actual.csv"))
        }
        #expect(written == expected, "\(String(decoding: written, as: UTF8.self))")
    }

    @Test func theCSVReadsBackAsExcelWouldSplitIt() throws {
        let lines = Self.findings.map { MismatchReport.line($0, vatLabels: [:]) }
        #expect(lines.allSatisfy { $0.hasSuffix("\r\n") })
        // A semicolon inside a quoted field does not split it: nine columns on every line.
        for line in lines { #expect(Self.splitExcel(line).count == MismatchReport.header.count, "\(line)") }
        #expect(Self.splitExcel(lines[3])[5] == "Kerkstraat 1; achterom")
    }

    @Test func theSummaryCountsPerKindAndComparesTotals() {
        var summary = ReconcileSummary(period: DatePeriod(first: "2026-07-01", last: "2026-11-23"))
        summary.booked = 1234
        summary.inLedger = 1235
        summary.bookedGross = Cents(123_456_789)
        summary.ledgerGross = Cents(123_456_991)
        summary.counts = [.amount: 2, .openBalance: 1, .missing: 1, .changed: 4]
        summary.mismatchedBookings = 3
        summary.requests = 14
        let text = SummaryText(connectionName: "Mijn Winkel", ledgerName: "Moneybird", summary: summary, startedAt: 1_795_400_100, csvName: "x.csv")
        #expect(text.subject == "koppel afstemming Mijn Winkel: 4 afwijkingen (2026-07-01 t/m 2026-11-23)")
        #expect(text.text.contains("Vergeleken: 1.234 geboekte bestellingen, 1.235 boekingen in Moneybird"))
        #expect(text.text.contains("koppel € 1.234.567,89, Moneybird € 1.234.569,91 (verschil € 2,02)"))
        #expect(text.text.contains("Afwijkingen: 4 in 3 bestellingen\n  bedrag: 2\n  openstaand bedrag: 1\n  ontbreekt: 1\n"))
        #expect(text.text.contains("(ter informatie): 4"))
        #expect(!text.text.contains("Geen afwijkingen"))
        #expect(!text.text.contains("tolerantie"))
    }

    @Test func centsWithinTheToleranceMakeARunNotClean() {
        var summary = ReconcileSummary(period: DatePeriod(first: "2026-07-01", last: "2026-11-23"), tolerance: Cents(1))
        summary.booked = 3
        summary.inLedger = 3
        summary.bookedGross = Cents(30000)
        summary.ledgerGross = Cents(30001)
        summary.counts = [.withinTolerance: 2, .changed: 1]
        summary.bookingsWithinTolerance = 1
        #expect(summary.mismatches == 0)
        #expect(!summary.isClean)
        let text = SummaryText(connectionName: "Mijn Winkel", ledgerName: "Moneybird", summary: summary, startedAt: 1_795_400_100)
        #expect(text.subject == "koppel afstemming Mijn Winkel: 2 verschillen binnen de tolerantie (2026-07-01 t/m 2026-11-23)")
        #expect(!text.text.contains("Geen afwijkingen"))
        #expect(!text.text.contains("Afwijkingen:"))
        #expect(text.text.contains("(verschil € 0,01)\n\nVerschillen binnen de tolerantie van € 0,01: 2 in 1 bestelling (geen fout, wel in de lijst)\n"))

        summary.counts[.missing] = 1
        summary.mismatchedBookings = 1
        let both = SummaryText(connectionName: "Mijn Winkel", ledgerName: "Moneybird", summary: summary, startedAt: 1_795_400_100)
        #expect(both.subject.contains(": 1 afwijking, 2 verschillen binnen de tolerantie ("))
        #expect(both.text.contains("Afwijkingen: 1 in 1 bestelling\n  ontbreekt: 1\nVerschillen binnen de tolerantie"))
    }

    @Test func onlyARunWhereNothingDiffersIsClean() {
        var summary = ReconcileSummary(period: DatePeriod(first: "2026-07-01", last: "2026-11-23"))
        summary.booked = 3
        summary.inLedger = 3
        summary.counts = [.changed: 1]
        #expect(summary.isClean)
        let text = SummaryText(connectionName: "Mijn Winkel", ledgerName: "Moneybird", summary: summary, startedAt: 1_795_400_100)
        #expect(text.subject == "koppel afstemming Mijn Winkel: geen afwijkingen (2026-07-01 t/m 2026-11-23)")
        #expect(text.text.contains("(verschil € 0,00)\n\nGeen afwijkingen: alle boekingen kloppen met de bestellingen.\n"))

        // A ledger that confirms later: orders not imported yet are not called proven.
        summary.awaitingConfirmation = 2
        let waiting = SummaryText(connectionName: "Mijn Winkel", ledgerName: "Asperion", summary: summary, startedAt: 1_795_400_100)
        #expect(!waiting.text.contains("alle boekingen kloppen"))
        #expect(waiting.text.contains("Geen afwijkingen in wat Asperion al heeft; 2 bestellingen nog niet geïmporteerd (zie onder).\n"))
        #expect(waiting.text.contains("Afgeleverd, nog niet in Asperion (binnen de wachttijd voor de import, geen fout): 2\n"))
    }

    /// Splits a CSV line the way Excel does: `;` outside quotes, `""` inside quotes is one quote.
    static func splitExcel(_ line: String) -> [String] {
        var fields: [String] = [], field = "", quoted = false
        var characters = Array(line.dropLast(2))[...]
        while let character = characters.popFirst() {
            if quoted, character == "\"" {
                if characters.first == "\"" { field.append("\""); characters.removeFirst() } else { quoted = false }
            } else if character == "\"", field.isEmpty {
                quoted = true
            } else if character == ";", !quoted {
                fields.append(field)
                field = ""
            } else {
                field.append(character)
            }
        }
        return fields + [field]
    }
}
