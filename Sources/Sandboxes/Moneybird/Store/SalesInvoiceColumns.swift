import Foundation

/// How the `sales_invoice` table holds an invoice's filter values, so that SQLite's comparisons give
/// exactly the answers Swift's comparisons give on the decoded invoice.
enum SalesInvoiceColumns {
    /// Swift compares strings by canonical equivalence, SQLite byte by byte; on NFD forms both agree.
    static func canonical(_ text: String) -> String {
        text.decomposedStringWithCanonicalMapping
    }

    /// A stored instant as the value `Date` compares (seconds since 2001), taken from the date as it comes
    /// back from the JSON, which holds milliseconds since 1970 as a double.
    static func time(_ date: Date) -> Double {
        Date(timeIntervalSince1970: (1_000.0 * date.timeIntervalSince1970) / 1_000.0).timeIntervalSinceReferenceDate
    }
}
