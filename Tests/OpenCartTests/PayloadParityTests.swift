import Foundation
import Testing

@testable import OpenCart

/// `koppel push` and the OpenCart extension build one payload from one export. The extension's
/// builders run in PHP (extensions/opencart/tests/print-payload.php), koppel's in Swift, on the
/// same row file with the same shop settings; their JSON must agree field by field.
struct PayloadParityTests {
    /// What the extension reads from the running shop, given to both builders alike.
    struct ShopContext: Sendable {
        var currency = "EUR"
        var timezone: String? = "Europe/Amsterdam"
        /// nil: the extension's own setting in the export, if it has one.
        var vatCustomFieldID: Int64?

        var phpArguments: [String] {
            ["--currency", currency] + (timezone.map { ["--timezone", $0] } ?? [])
                + (vatCustomFieldID.map { ["--vat-custom-field", String($0)] } ?? [])
        }
    }

    struct PHPFailure: Error, CustomStringConvertible {
        var description: String
    }

    static let script = Fixtures.folder.deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
        .appendingPathComponent("extensions/opencart/tests/print-payload.php")

    /// Tests/Fixtures/opencart, or the folder of row files `KOPPEL_ROW_FILES` names (to compare the
    /// builders on another export, such as the reference rows the fixtures were copied from).
    static func rowFiles() throws -> [URL] {
        let folder =
            ProcessInfo.processInfo.environment["KOPPEL_ROW_FILES"].map { URL(fileURLWithPath: $0) } ?? Fixtures.folder
        return try FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil)
            .filter { $0.pathExtension == "json" }
            .sorted { $0.lastPathComponent < $1.lastPathComponent }
    }

    /// The extension's payload: the ORDER of an order export, the body of a settings export.
    static func extensionPayload(_ file: URL, _ context: ShopContext) throws -> JSONTree {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["php", script.path] + context.phpArguments + [file.path]
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let json = output.fileHandleForReading.readDataToEndOfFile()
        let message = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw PHPFailure(
                description:
                    "print-payload.php exited \(process.terminationStatus): \(String(decoding: message, as: UTF8.self))"
            )
        }
        return try JSONTree(json: json)
    }

    /// koppel's payload, built as `koppel push` builds it.
    static func koppelPayload(_ file: URL, _ context: ShopContext) throws -> JSONTree {
        let data = try Data(contentsOf: file)
        guard case .object(let fields) = try JSONTree(json: data), fields["order"] != nil else {
            let rows = try JSONDecoder().decode(SettingsRows.self, from: data)
            return try JSONTree(
                json: JSONEncoder().encode(rows.shopSettings(vatCustomFieldID: context.vatCustomFieldID)))
        }
        let rows = try JSONDecoder().decode(OrderRows.self, from: data)
        return try JSONTree(
            json: JSONEncoder().encode(
                rows.pushedOrder(defaults: .init(currencyCode: context.currency, timezone: context.timezone))))
    }

    /// Every field where the two builders differ. A settings push's `source` says who sent it
    /// (the extension and its version, or koppel push), so it is the one field left out.
    static func differences(_ file: URL, _ context: ShopContext) throws -> [String] {
        differences(extension: try extensionPayload(file, context), koppel: try koppelPayload(file, context))
    }

    static func differences(extension extensionSide: JSONTree, koppel koppelSide: JSONTree) -> [String] {
        extensionSide.differences(from: koppelSide).filter { !$0.hasPrefix("source") }
    }

    static func contexts(for file: URL) -> [ShopContext] {
        file.lastPathComponent.contains("-order-")
            ? [ShopContext(), ShopContext(currency: "GBP", timezone: nil)]
            : [ShopContext(), ShopContext(vatCustomFieldID: 1), ShopContext(vatCustomFieldID: 0)]
    }

    @Test func bothBuildersMakeTheSamePayloadFromEveryFixture() throws {
        let files = try Self.rowFiles()
        #expect(!files.isEmpty)
        if ProcessInfo.processInfo.environment["KOPPEL_ROW_FILES"] == nil {
            // The fixtures with a gift voucher sold and a VAT number are among them.
            #expect(files.map(\.lastPathComponent).contains("opencart3-order-gift-voucher.json"))
            #expect(files.map(\.lastPathComponent).contains("opencart4-order-gift-voucher.json"))
        }
        for file in files {
            for context in Self.contexts(for: file) {
                let differences = try Self.differences(file, context)
                #expect(
                    differences.isEmpty,
                    "\(file.lastPathComponent) \(context.phpArguments):\n\(differences.joined(separator: "\n"))")
            }
        }
    }

    /// The comparison catches what the issue found: `koppel push` dropping the vouchers sold and
    /// the VAT number field, each reported with its path.
    @Test func aDroppedVoucherOrVATFieldIsReportedWithItsPath() throws {
        let voucherFile = Fixtures.folder.appendingPathComponent("opencart3-order-gift-voucher.json")
        var rows = try JSONDecoder().decode(OrderRows.self, from: Data(contentsOf: voucherFile))
        rows.orderVoucher = nil
        let withoutVouchers = try JSONTree(
            json: JSONEncoder().encode(rows.pushedOrder(defaults: .init(timezone: "Europe/Amsterdam"))))
        #expect(
            Self.differences(extension: try Self.extensionPayload(voucherFile, ShopContext()), koppel: withoutVouchers)
                == [
                    #"vouchers: [{amount: "25.0000", code: "Xk3Rq9TbLm", description: "25.00€ Gift Certificate for Joost"}] ≠ absent"#
                ])

        let settingsFile = Fixtures.folder.appendingPathComponent("opencart3-settings.json")
        let withoutVATField = try Self.koppelPayload(settingsFile, ShopContext(vatCustomFieldID: 0))
        #expect(
            Self.differences(
                extension: try Self.extensionPayload(settingsFile, ShopContext(vatCustomFieldID: 1)),
                koppel: withoutVATField) == [
                    "vat_custom_field_id: 1 ≠ absent"
                ])
    }

    @Test func differencesNameTheirPath() throws {
        let left = try JSONTree(
            json: Data(#"{"products":[{"options":[{"value":"Red"}]}],"total":"1.0000","comment":null}"#.utf8))
        let right = try JSONTree(json: Data(#"{"products":[{"options":[{"value":"Blue"}]}],"total":1}"#.utf8))
        #expect(
            left.differences(from: right) == [
                #"products[0].options[0].value: "Red" ≠ "Blue""#, #"total: "1.0000" ≠ 1"#,
            ])
    }
}
