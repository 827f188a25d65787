import Foundation

/// An order as rows of OpenCart's own tables (`oc_order`, `oc_order_product`, `oc_order_option`,
/// `oc_order_total`, `oc_order_history`, `oc_order_voucher`), every column as MySQL hands it to
/// PHP: a string or null (an export with numbers is read as PHP would read it). This is what a
/// database export holds; `pushedOrder(defaults:)` turns it into the protocol's shape, the same
/// mapping the shop extension's `OrderPayload` makes before it pushes (a test compares the two on
/// every fixture: Tests/OpenCartTests/PayloadParityTests.swift).
public struct OrderRows: Decodable, Sendable {
    public typealias Row = [String: String?]

    public var order: Row
    public var paymentISOCode2: String?
    public var shippingISOCode2: String?
    public var orderProduct: [Row]
    public var orderOption: [Row]?
    public var orderTotal: [Row]
    public var orderHistory: [Row]?
    /// Gift vouchers bought in the order (OpenCart 3.0 and 4.0; 4.1 has no such table).
    public var orderVoucher: [Row]?

    enum CodingKeys: String, CodingKey {
        case order
        case paymentISOCode2 = "payment_iso_code_2"
        case shippingISOCode2 = "shipping_iso_code_2"
        case orderProduct = "order_product"
        case orderOption = "order_option"
        case orderTotal = "order_total"
        case orderHistory = "order_history"
        case orderVoucher = "order_voucher"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        order = try container.decodeRow(forKey: .order)
        paymentISOCode2 = try container.decodeIfPresent(ExportedValue.self, forKey: .paymentISOCode2)?.phpText
        shippingISOCode2 = try container.decodeIfPresent(ExportedValue.self, forKey: .shippingISOCode2)?.phpText
        orderProduct = try container.decodeRows(forKey: .orderProduct)
        orderOption = try container.decodeRowsIfPresent(forKey: .orderOption)
        orderTotal = try container.decodeRows(forKey: .orderTotal)
        orderHistory = try container.decodeRowsIfPresent(forKey: .orderHistory)
        orderVoucher = try container.decodeRowsIfPresent(forKey: .orderVoucher)
    }

    /// What the extension reads from the shop's settings for every order, and an export lacks:
    /// `config_currency` (used where the order row has no currency) and `config_timezone`.
    public struct Defaults: Sendable {
        public var currencyCode: String
        public var timezone: String?

        public init(currencyCode: String = "EUR", timezone: String? = nil) {
            self.currencyCode = currencyCode
            self.timezone = timezone
        }
    }

    public enum ConversionError: Error, Equatable, CustomStringConvertible {
        case missingColumn(String)
        case notANumber(column: String)

        public var description: String {
            switch self {
            case .missingColumn(let column): return "the export has no value for \(column)"
            case .notANumber(let column): return "\(column) is not a whole number"
            }
        }
    }
}
