import Foundation
@testable import OpenCart

/// The real OpenCart 3.0 and 4.0 rows in Tests/Fixtures/opencart.
enum Fixtures {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/opencart")

    static var orderFiles: [URL] {
        (try! FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil))
            .filter { $0.lastPathComponent.contains("-order-") }
            .sorted { $0.lastPathComponent < $1.lastPathComponent }
    }

    static func rows(_ name: String) throws -> OrderRows {
        try JSONDecoder().decode(OrderRows.self, from: Data(contentsOf: folder.appendingPathComponent(name)))
    }

    static func order(_ name: String) throws -> PushedOrder {
        try rows(name).pushedOrder()
    }

    static func settings(_ name: String) throws -> ShopSettings {
        try JSONDecoder().decode(SettingsRows.self, from: Data(contentsOf: folder.appendingPathComponent(name))).shopSettings()
    }

    /// A valid batch body as a JSON object that tests can bend.
    static func batchObject(_ names: [String] = ["opencart3-order-1.json"]) throws -> [String: Any] {
        let batch = OrderBatch(orders: try names.map { try order($0) })
        let data = try JSONEncoder().encode(batch)
        return try JSONSerialization.jsonObject(with: data) as! [String: Any]
    }
}
