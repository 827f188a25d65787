import AXML
import Foundation
import KoppelCore
import Ledger

/// The day's aXML file of one connection: every booking that maps becomes an order, in a fixed
/// order (order date, then reference), so the same bookings always give the same bytes.
public struct AsperionDayFile: Sendable, Equatable {
    /// One booking and the shop's payment method code it was paid with.
    public struct Entry: Sendable, Equatable {
        public var booking: PreparedBooking
        public var paymentMethod: String?

        public init(booking: PreparedBooking, paymentMethod: String?) {
            self.booking = booking
            self.paymentMethod = paymentMethod
        }
    }

    /// A booking Asperion's import cannot take, and why; it is in no file.
    public struct Refusal: Sendable, Equatable {
        public var reference: String
        public var error: LedgerError
    }

    public var document: AXMLDocument
    public var refused: [Refusal]

    /// - Parameters:
    ///   - exportDate: the day the file is made, `YYYY-MM-DD`: the invoice date when so configured.
    ///   - createdAt: `YYYY-MM-DDTHH:MM:SS`, the header's time: given, so a rerun writes the same file.
    public init(entries: [Entry], settings: AsperionSettings, exportDate: String, createdAt: String) {
        var orders: [AXMLOrder] = []
        var refused: [Refusal] = []
        let sorted = entries.sorted {
            ($0.booking.document.orderDate, $0.booking.document.reference) < (
                $1.booking.document.orderDate, $1.booking.document.reference
            )
        }
        for entry in sorted {
            do {
                orders.append(
                    try AsperionOrderMapping.order(
                        entry.booking, paymentMethod: entry.paymentMethod, settings: settings, exportDate: exportDate))
            } catch {
                refused.append(Refusal(reference: entry.booking.document.reference, error: error))
            }
        }
        self.document = AXMLDocument(header: AXMLHeader(createdAt: createdAt), orders: orders)
        self.refused = refused
    }

    /// The file's bytes; nil when no booking made it in (aXML needs one order at least).
    public func data() throws(AXMLWriteError) -> Data? {
        document.orders.isEmpty ? nil : try AXMLWriter.write(document)
    }
}
