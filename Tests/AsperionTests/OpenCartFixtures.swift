import Foundation
import KoppelCore
import OpenCart
import Testing

/// Every real OpenCart order koppel has: the fixtures in Tests/Fixtures/opencart (the same files as
/// the reference fixtures) and the corpus OpenCart itself placed, each built into its booking the
/// way the OpenCart tests and the integration tests do.
enum OpenCartFixtures {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/opencart")
    static let options = OpenCartBookingOptions(vatNumberCustomFieldID: 1)

    struct Fixture {
        /// The file's name without ".json", "corpus-" in front for the corpus: the golden file's name.
        var name: String
        var order: PushedOrder
        var booking: OpenCartBooking
    }

    static func all() throws -> [Fixture] {
        try fixtures(in: folder, prefix: "") + fixtures(in: folder.appendingPathComponent("corpus"), prefix: "corpus-")
    }

    private static func fixtures(in folder: URL, prefix: String) throws -> [Fixture] {
        let files = try FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil)
            .filter { $0.pathExtension == "json" && !$0.lastPathComponent.hasSuffix("-settings.json") }
            .sorted { $0.lastPathComponent < $1.lastPathComponent }
        return try files.map { file in
            let name = file.deletingPathExtension().lastPathComponent
            let version = String(name.prefix { $0 != "-" })
            let order = try JSONDecoder().decode(OrderRows.self, from: Data(contentsOf: file)).pushedOrder()
            let settings = try JSONDecoder().decode(
                SettingsRows.self, from: Data(contentsOf: folder.appendingPathComponent("\(version)-settings.json"))
            ).shopSettings()
            return Fixture(
                name: prefix + name, order: order, booking: order.booking(settings: settings, options: options))
        }
    }
}
