import Foundation
import KoppelCore
import Testing
@testable import OpenCart

/// The orders OpenCart 4.0.2.3 and 3.0.4.1 themselves placed in Tests/Fixtures/opencart/corpus (see its README):
/// every file decodes, and every order the builder books ends at the total OpenCart charged.
struct CorpusBookingTests {
    static let folder = Fixtures.folder.appendingPathComponent("corpus")
    static let options = OpenCartBookingOptions(vatNumberCustomFieldID: 1)

    static func orderFiles() throws -> [URL] {
        try FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil)
            .filter { $0.pathExtension == "json" && !$0.lastPathComponent.hasSuffix("-settings.json") }
            .sorted { $0.lastPathComponent < $1.lastPathComponent }
    }

    /// OpenCart's total (4 decimals, store currency) in cents, half away from zero.
    static func cents(_ total: String) throws -> Cents {
        let value = try #require(Decimal(string: total))
        var scaled = value * 100, rounded = Decimal()
        NSDecimalRound(&rounded, &scaled, 0, .plain)
        return Cents(NSDecimalNumber(decimal: rounded).int64Value)
    }

    @Test func everyCorpusOrderDecodesAndBooksToOpenCartsTotal() throws {
        let files = try Self.orderFiles()
        #expect(files.count >= 20)
        var report: [String] = []
        for file in files {
            let name = file.lastPathComponent
            let prefix = String(name.prefix { $0 != "-" })
            let rows = try JSONDecoder().decode(OrderRows.self, from: Data(contentsOf: file))
            let order = try rows.pushedOrder()
            let settings = try JSONDecoder().decode(
                SettingsRows.self, from: Data(contentsOf: Self.folder.appendingPathComponent("\(prefix)-settings.json"))
            ).shopSettings()
            let booking = order.booking(settings: settings, options: Self.options)
            let document = booking.document
            let expected = try Self.cents(order.total)
            let errors = booking.problems.filter { $0.severity == .error }
            if errors.isEmpty {
                #expect(document.grossTotal == expected, "\(name)")
                #expect(document.netTotal + document.vatTotal + document.paymentTotal == document.grossTotal, "\(name)")
            }
            let outcome = errors.isEmpty ? "booked" : "held"
            let codes = booking.problems.map { "\($0.code)(\($0.severity))" }.joined(separator: ", ")
            report.append("\(name): \(outcome), gross \(document.grossTotal.value) expected \(expected.value) \(codes)")
        }
        print("CORPUS\n" + report.joined(separator: "\n"))
    }
}
