import Foundation
import KoppelCore
import OpenCart

/// The real OpenCart 3.0 and 4.0 order rows in Tests/Fixtures/opencart, as the store receives them.
enum OpenCartFixtures {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/opencart")

    static func orderFiles() throws -> [URL] {
        try FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil)
            .filter { $0.lastPathComponent.contains("-order-") }
            .sorted { $0.lastPathComponent < $1.lastPathComponent }
    }

    /// The order of `file` as the push API hands it to the store, with `id` as its order id when given.
    static func incoming(_ file: URL, id: Int64? = nil) throws -> IncomingOrder {
        var order = try JSONDecoder().decode(OrderRows.self, from: Data(contentsOf: file)).pushedOrder()
        if let id { order.orderID = id }
        return try order.incoming()
    }

    static func settingsJSON(_ name: String) throws -> Data {
        try JSONDecoder().decode(SettingsRows.self, from: Data(contentsOf: folder.appendingPathComponent(name)))
            .shopSettings().canonicalJSON()
    }
}
