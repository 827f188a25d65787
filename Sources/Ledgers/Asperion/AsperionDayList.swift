import Foundation
import KoppelCore
import Ledger

/// The orders of one day's file as they were put in (`YYYY-MM-DD.orders.json`): what the day's
/// aXML file is made from, so a file not yet written is made the same after a crash.
struct AsperionDayList: Codable, Equatable {
    struct Order: Codable, Equatable {
        var document: BookingDocument
        var isPaid: Bool
        var paymentMethod: String?

        var entry: AsperionDayFile.Entry {
            AsperionDayFile.Entry(booking: PreparedBooking(document: document, isPaid: isPaid, paymentMethod: paymentMethod), paymentMethod: paymentMethod)
        }
    }

    var orders: [Order] = []

    func order(_ reference: String) -> Order? {
        orders.first { $0.document.reference == reference }
    }

    /// Sorted keys: the same list is always the same bytes.
    func data() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return try encoder.encode(self)
    }

    static func read(_ data: Data) throws -> AsperionDayList {
        try JSONDecoder().decode(AsperionDayList.self, from: data)
    }
}
