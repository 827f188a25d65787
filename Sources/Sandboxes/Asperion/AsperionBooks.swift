import Foundation
import Synchronization

/// A debtor as the import made it: matched on e-mail within its administration, never changed afterwards
/// [GUESS: manual 003 §2 says known customers keep their number; that their data is not updated is assumed].
struct AsperionDebtor: Sendable {
    var id: Int
    var tenant: Int
    var customerNumber: String
    var name: String
    var email: String
    var address: String
    var postCode: String
    var city: String
    var countryCode: String
    var vatNumber: String?
    var dateAdded: String
}

/// A concept sales invoice made by the import: no invoice number, only an id [C-one: WWF via apis.md §4.1].
struct AsperionSalesInvoice: Sendable {
    var id: Int
    var tenant: Int
    var debtorID: Int
    var debtorCustomerNumber: String
    var orderNumber: String
    var date: String
    var description: String
    var paymentCode: String?
    var lines: [AsperionImportLine]
    /// The file it came from, so a test can follow an order from the upload to the invoice.
    var fileName: String

    var amountExclVatCents: Int64 { lines.map(\.netCents).reduce(0, +) }
    var vatAmountCents: Int64 { lines.map(\.vatCents).reduce(0, +) }
    var amountInclVatCents: Int64 { amountExclVatCents + vatAmountCents }

    /// Net and VAT per class, in the order high, low, zero; classes without lines left out.
    var vatPerClass: [(vatClass: AsperionVATClass, netCents: Int64, vatCents: Int64)] {
        AsperionVATClass.allCases.compactMap { vatClass in
            let lines = lines.filter { $0.vatClass == vatClass }
            guard !lines.isEmpty else { return nil }
            return (vatClass, lines.map(\.netCents).reduce(0, +), lines.map(\.vatCents).reduce(0, +))
        }
    }
}

/// What the import did with one order of a file.
struct AsperionOrderOutcome: Sendable {
    enum Result: Sendable {
        case imported(invoiceID: Int, debtorID: Int, debtorCreated: Bool)
        case rejected(reason: String)
    }

    /// 1-based place in the file, as in the schema's paths (`Order[3]`).
    var position: Int
    /// Nil for an order too broken to read.
    var orderNumber: String?
    var result: Result
}

/// An uploaded file: its bytes, the orders read from them, and the import's report once imported.
struct AsperionDeliveredFile: Sendable {
    var tenant: Int
    var name: String
    var bytes: Data
    var sha256: String
    var uploadedAt: String
    var orders: [AsperionFileEntry]
    /// Nil while the file waits for the owner's import.
    var importedAt: String?
    var outcomes: [AsperionOrderOutcome] = []
}

/// The sandbox's books: delivered files, debtors and concept invoices of every administration.
final class AsperionBooks: Sendable {
    struct State: Sendable {
        /// In upload order; a file is known by its tenant and name.
        var files: [AsperionDeliveredFile] = []
        var debtors: [AsperionDebtor] = []
        var invoices: [AsperionSalesInvoice] = []
        var nextDebtorID = 1
        var nextInvoiceID = 1
        /// Per tenant: the next customer number [GUESS: Asperion's numbering of new debtors is unknown].
        var nextCustomerNumber: [Int: Int] = [:]
    }

    private let state = Mutex(State())

    func withState<T: Sendable>(_ body: (inout State) throws(AsperionProblem) -> T) throws(AsperionProblem) -> T {
        try state.withLock { (state: inout State) throws(AsperionProblem) -> T in try body(&state) }
    }

    func reset() {
        state.withLock { $0 = State() }
    }

    /// Now as ISO 8601 in UTC, to the second.
    static func timestamp(_ date: Date = Date()) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: date)
    }

    /// Days since 1970-01-01 of a YYYY-MM-DD date; nil when it is not one.
    static func dayNumber(_ text: String) -> Int? {
        let parts = text.split(separator: "-").map { Int($0) }
        guard text.count == 10, parts.count == 3, let year = parts[0], let month = parts[1], let day = parts[2] else {
            return nil
        }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        guard let date = calendar.date(from: DateComponents(year: year, month: month, day: day)),
            calendar.component(.day, from: date) == day
        else { return nil }
        return Int(date.timeIntervalSince1970 / 86_400)
    }
}
