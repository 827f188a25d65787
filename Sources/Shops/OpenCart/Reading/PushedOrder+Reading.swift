extension PushedOrder {
    /// In the order the Codable type declares its members.
    private static let keys = KeyTable(
        "order_id", "store_id", "store_name", "store_url", "invoice_prefix", "invoice_no", "order_status_id",
        "date_added", "date_modified", "timezone", "language_code", "currency", "customer", "payment_address",
        "shipping_address", "payment_method", "shipping_method", "products", "vouchers", "totals", "total", "comment",
        "history")
    private static let required: UInt64 =
        1 << 0 | 1 << 1 | 1 << 6 | 1 << 7 | 1 << 8 | 1 << 11 | 1 << 12 | 1 << 15
        | 1 << 17 | 1 << 19 | 1 << 20

    init(reading reader: inout PushReader) throws(ReadFailure) {
        // Placeholders for the required members: `object` throws when one is missing.
        var orderID: Int64 = 0, storeID: Int64 = 0, orderStatusID: Int64 = 0
        var storeName: String?, storeURL: String?, invoicePrefix: String?, invoiceNumber: Int64?
        var dateAdded = "", dateModified = "", total = ""
        var timezone: String?, languageCode: String?, comment: String?
        var currency = PushedCurrency(code: "", value: "")
        var customer = PushedCustomer(customerID: 0, customerGroupID: 0, firstname: "", lastname: "", email: "")
        var paymentAddress: PushedAddress?, shippingAddress: PushedAddress?
        var paymentMethod = PushedMethod(code: "", name: ""), shippingMethod: PushedMethod?
        var products: [PushedProduct] = [], vouchers: [PushedVoucher]?, totals: [PushedTotal] = []
        var history: [PushedHistory]?
        try reader.object(Self.keys, required: Self.required) { position, reader throws(ReadFailure) in
            switch position {
            case 0: orderID = try reader.wholeNumber()
            case 1: storeID = try reader.wholeNumber()
            case 2: storeName = try reader.optionalString()
            case 3: storeURL = try reader.optionalString()
            case 4: invoicePrefix = try reader.optionalString()
            case 5: invoiceNumber = try reader.optionalWholeNumber()
            case 6: orderStatusID = try reader.wholeNumber()
            case 7: dateAdded = try reader.string()
            case 8: dateModified = try reader.string()
            case 9: timezone = try reader.optionalString()
            case 10: languageCode = try reader.optionalString()
            case 11: currency = try PushedCurrency(reading: &reader)
            case 12: customer = try PushedCustomer(reading: &reader)
            case 13:
                paymentAddress = try reader.optionalObject { reader throws(ReadFailure) in
                    try PushedAddress(reading: &reader)
                }
            case 14:
                shippingAddress = try reader.optionalObject { reader throws(ReadFailure) in
                    try PushedAddress(reading: &reader)
                }
            case 15: paymentMethod = try PushedMethod(reading: &reader)
            case 16:
                shippingMethod = try reader.optionalObject { reader throws(ReadFailure) in
                    try PushedMethod(reading: &reader)
                }
            case 17: products = try reader.array { reader throws(ReadFailure) in try PushedProduct(reading: &reader) }
            case 18:
                vouchers = try reader.optionalArray { reader throws(ReadFailure) in try PushedVoucher(reading: &reader)
                }
            case 19: totals = try reader.array { reader throws(ReadFailure) in try PushedTotal(reading: &reader) }
            case 20: total = try reader.string()
            case 21: comment = try reader.optionalString()
            default:
                history = try reader.optionalArray { reader throws(ReadFailure) in try PushedHistory(reading: &reader) }
            }
        }
        self.init(
            orderID: orderID, storeID: storeID, storeName: storeName, storeURL: storeURL, invoicePrefix: invoicePrefix,
            invoiceNumber: invoiceNumber, orderStatusID: orderStatusID, dateAdded: dateAdded,
            dateModified: dateModified,
            timezone: timezone, languageCode: languageCode, currency: currency, customer: customer,
            paymentAddress: paymentAddress, shippingAddress: shippingAddress, paymentMethod: paymentMethod,
            shippingMethod: shippingMethod, products: products, vouchers: vouchers, totals: totals, total: total,
            comment: comment, history: history)
    }
}
