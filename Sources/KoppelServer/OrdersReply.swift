import Foundation
import KoppelCore

/// The answer to an orders push, in the batch's order:
/// `{"orders":[{"order_id":1024,"result":"created","version":1}]}`.
///
/// Written directly rather than through `JSONEncoder`, which took about 6 % of the request threads'
/// time (docs/benchmarks.md, "One index for the orders that need attention"). The bytes are what
/// `JSONEncoder` with sorted keys wrote; every value is an integer or one of `StoreResult`'s
/// lowercase words, so nothing needs escaping.
struct OrdersReply {
    struct Entry {
        var orderID: Int64
        var result: StoreResult
        var version: Int64
    }

    var orders: [Entry]

    var json: Data {
        var text = #"{"orders":["#
        text.reserveCapacity(16 + orders.count * 56)
        for (index, entry) in orders.enumerated() {
            if index > 0 { text += "," }
            text += #"{"order_id":\#(entry.orderID),"result":"\#(entry.result.rawValue)","version":\#(entry.version)}"#
        }
        text += "]}"
        return Data(text.utf8)
    }
}
