import AXML
import Asperion
import Foundation
import KoppelCore
import Ledger
import OpenCart
import Testing

/// The aXML file of every real OpenCart fixture order, compared byte for byte with
/// Tests/AsperionTests/Golden. `KOPPEL_UPDATE_GOLDEN=1` rewrites them. Orders the booking holds
/// (errors) or Asperion's import cannot take are listed with the reason in Golden/index.txt.
struct GoldenFileTests {
    static let golden = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")
    static let update = ProcessInfo.processInfo.environment["KOPPEL_UPDATE_GOLDEN"] == "1"
    static let settings = AsperionSettings(
        paymentCodes: ["cod": "REMBOURS", "bank_transfer": "BANK"], invoiceDate: .orderDate, runHour: 2)

    static func dayFile(_ booking: PreparedBooking, paymentMethod: String) -> AsperionDayFile {
        AsperionDayFile(
            entries: [AsperionDayFile.Entry(booking: booking, paymentMethod: paymentMethod)], settings: settings,
            exportDate: "2026-12-03", createdAt: "2026-12-03T02:00:00")
    }

    @Test func everyFixtureOrderHasItsGoldenFile() throws {
        let fixtures = try OpenCartFixtures.all()
        #expect(fixtures.count >= 45)
        var index: [String] = []
        var written = 0
        for fixture in fixtures {
            let errors = fixture.booking.problems.filter { $0.severity == .error }
            guard errors.isEmpty else {
                index.append(
                    "\(fixture.name): held by the booking (\(errors.map(\.code.rawValue).joined(separator: ", ")))")
                continue
            }
            let document = fixture.booking.document
            let file = Self.dayFile(
                PreparedBooking(document: document, isPaid: true), paymentMethod: fixture.order.paymentMethod.code)
            if let refusal = file.refused.first {
                #expect(file.document.orders.isEmpty)
                index.append("\(fixture.name): refused, \(refusal.error.message)")
                continue
            }
            let data = try #require(try file.data(), "\(fixture.name)")
            try Self.compare(data, with: "\(fixture.name).xml")
            #expect(AXMLValidator.validate(data) == [], "\(fixture.name)")
            try Self.expectFigures(of: AXMLReader.read(data), equal: document, fixture.name)
            index.append("\(fixture.name): \(fixture.name).xml, total \(document.grossTotal)")
            written += 1
        }
        try Self.compare(Data((index.joined(separator: "\n") + "\n").utf8), with: "index.txt")
        #expect(written >= 35)
        if !Self.update {
            let stored = try FileManager.default.contentsOfDirectory(atPath: Self.golden.path).filter {
                $0.hasSuffix(".xml")
            }
            #expect(stored.count == written, "golden files without a fixture")
        }
    }

    /// The file's figures per order are the booking document's, to the cent.
    static func expectFigures(of file: AXMLDocument, equal document: BookingDocument, _ name: String) throws {
        let order = try #require(file.orders.first)
        #expect(file.orders.count == 1)
        #expect(order.orderNumber == document.reference, "\(name)")
        #expect(order.description.contains(document.reference), "\(name)")
        #expect(order.totalInclVAT == document.grossTotal.value, "\(name)")
        #expect(order.totalVAT == document.vatTotal.value, "\(name)")
        #expect(order.totalExclVAT == (document.netTotal + document.paymentTotal).value, "\(name)")
        // VAT per class is the shop's VAT per rate, summed by class.
        var expected: [AXMLVATClass: Int64] = [:]
        for total in document.vatTotals {
            let vatClass: AXMLVATClass =
                total.rate.kind == .standard ? .high : total.rate.kind == .reduced ? .low : .zero
            expected[vatClass, default: 0] += total.vat.value
        }
        var found: [AXMLVATClass: Int64] = [:]
        for line in order.lines { found[line.vatClass, default: 0] += line.vat }
        #expect(found.filter { $0.value != 0 } == expected.filter { $0.value != 0 }, "\(name)")
    }

    static func compare(_ data: Data, with name: String) throws {
        let url = golden.appendingPathComponent(name)
        if update { try data.write(to: url) }
        let stored = try Data(contentsOf: url)
        #expect(
            String(decoding: data, as: UTF8.self) == String(decoding: stored, as: UTF8.self),
            "\(name) differs from its golden file")
    }
}
