import Foundation
import KoppelCore
import KoppelStore

/// The files of one run in reports/: the CSV of every finding and a short summary, named so
/// that they sort by date (`2026-11-23_021500_webshop-3_afwijkingen.csv`).
struct MismatchReport {
    static let header = [
        "bestelnummer", "datum", "boeking", "soort", "veld", "webwinkel", "boekhouding", "verschil", "toelichting",
    ]

    let csvPath: String
    let summaryPath: String

    init(directory: String, connectionName: String, connectionID: Int64, startedAt: Int64) {
        let stamp = ReportWording.timestamp(startedAt).replacingOccurrences(of: ":", with: "")
            .replacingOccurrences(of: " ", with: "_")
        let slug = connectionName.lowercased().map { $0.isLetter && $0.isASCII || $0.isASCIIDigit ? $0 : "-" }
        let base = (directory as NSString).appendingPathComponent("\(stamp)_\(String(slug))-\(connectionID)")
        csvPath = base + "_afwijkingen.csv"
        summaryPath = base + "_samenvatting.txt"
    }

    /// Makes the reports folder, or closes one an earlier koppel left open: reports hold
    /// customers' names and amounts, for koppel's user and group only.
    static func prepare(directory: String) throws {
        if !FileManager.default.fileExists(atPath: directory) {
            try FileManager.default.createDirectory(
                atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: FileModes.privateFolder])
        }
        try FileModes.restrict(directory, to: FileModes.privateFolder)
    }

    /// One CSV line of a finding.
    static func line(_ finding: Finding, vatLabels: [String: String]) -> String {
        ExcelCSV.row([
            ExcelCSV.text(finding.reference), finding.date, ExcelCSV.text(finding.ledgerID),
            ReportWording.kind(finding.kind), ReportWording.field(finding.field, vatLabels: vatLabels),
            ReportWording.value(finding.shop, field: finding.field), ReportWording.value(finding.ledger, field: finding.field),
            finding.difference.map(ExcelCSV.amount) ?? "", ExcelCSV.text(finding.hint),
        ])
    }

    /// Writes the CSV from findings handed over one at a time: through a temporary file renamed
    /// at the end, so a report in reports/ is always whole.
    func writeCSV(vatLabels: [String: String], _ next: () throws -> Finding?) throws {
        let temporary = csvPath + ".part"
        guard FileManager.default.createFile(atPath: temporary, contents: nil, attributes: [.posixPermissions: FileModes.privateFile]),
            let file = FileHandle(forWritingAtPath: temporary)
        else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: temporary])
        }
        var buffer = ExcelCSV.byteOrderMark + ExcelCSV.row(Self.header)
        while let finding = try next() {
            buffer += Self.line(finding, vatLabels: vatLabels)
            if buffer.utf8.count > 64 * 1024 {
                try file.write(contentsOf: Data(buffer.utf8))
                buffer = ""
            }
        }
        try file.write(contentsOf: Data(buffer.utf8))
        try file.close()
        try? FileManager.default.removeItem(atPath: csvPath)
        try FileManager.default.moveItem(atPath: temporary, toPath: csvPath)
    }

    func writeSummary(_ text: String) throws {
        guard FileManager.default.createFile(atPath: summaryPath, contents: Data(text.utf8), attributes: [.posixPermissions: FileModes.privateFile])
        else { throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: summaryPath]) }
    }
}
