import Foundation

/// Reads a page of Moneybird sales invoices (a JSON array) into the few members the reconciler
/// compares, skipping the rest (details, events, payments, notes, ...) without building it.
///
/// A page is about 450 KB and most of it is skipped: `JSONDecoder` scans and indexes every byte
/// first, which made decoding half the CPU of a reconcile. The tests check that this reader and
/// `JSONDecoder` agree on the sandbox's pages.
struct InvoicePageReader {
    struct Malformed: Error {
        var offset: Int
    }

    private let bytes: UnsafeBufferPointer<UInt8>
    private var index = 0

    static func invoices(in data: Data) throws -> [MoneybirdJSON.Invoice] {
        try data.withUnsafeBytes { raw in
            var reader = InvoicePageReader(bytes: raw.bindMemory(to: UInt8.self))
            return try reader.page()
        }
    }

    /// The synchronization list, `[{"id": "…", "version": 1787320164}, …]` (ids and versions as
    /// strings or numbers, spec `get_administration_id_sales_invoices_synchronization`), one entry
    /// at a time; the version spelled as `booking(from:)` spells an invoice's.
    static func versions(in data: Data, _ each: (_ id: String, _ version: String) throws -> Void) throws {
        try data.withUnsafeBytes { raw in
            var reader = InvoicePageReader(bytes: raw.bindMemory(to: UInt8.self))
            try reader.expect(UInt8(ascii: "["))
            if try reader.peek() == UInt8(ascii: "]") { return }
            repeat {
                var id: String?
                var version: Int64?
                try reader.object { reader, key in
                    switch key {
                    case "id": id = try reader.text()
                    case "version": version = try reader.text().flatMap(Self.wholeNumber)
                    default: try reader.skipValue()
                    }
                }
                guard let id, let version else { throw Malformed(offset: reader.index) }
                try each(id, String(version))
            } while try reader.separator(closing: UInt8(ascii: "]"))
        }
    }

    private init(bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    private mutating func page() throws -> [MoneybirdJSON.Invoice] {
        var invoices: [MoneybirdJSON.Invoice] = []
        try expect(UInt8(ascii: "["))
        if try peek() == UInt8(ascii: "]") { return invoices }
        repeat {
            invoices.append(try invoice())
        } while try separator(closing: UInt8(ascii: "]"))
        return invoices
    }

    private mutating func invoice() throws -> MoneybirdJSON.Invoice {
        var invoice = MoneybirdJSON.Invoice(
            id: "", reference: nil, invoiceDate: nil, state: nil, contact: nil, totalPriceExclTax: nil, totalPriceInclTax: nil,
            taxTotals: nil, version: nil, totalUnpaid: nil)
        try object { reader, key in
            switch key {
            case "id": invoice.id = try reader.text() ?? ""
            case "reference": invoice.reference = try reader.text()
            case "invoice_date": invoice.invoiceDate = try reader.text()
            case "state": invoice.state = try reader.text()
            case "total_price_excl_tax": invoice.totalPriceExclTax = try reader.text()
            case "total_price_incl_tax": invoice.totalPriceInclTax = try reader.text()
            case "total_unpaid": invoice.totalUnpaid = try reader.text()
            case "original_sales_invoice_id": invoice.originalSalesInvoiceID = try reader.text()
            case "version": invoice.version = try reader.text().flatMap(Self.wholeNumber)
            case "contact": invoice.contact = try reader.contact()
            case "tax_totals": invoice.taxTotals = try reader.taxTotals()
            default: try reader.skipValue()
            }
        }
        return invoice
    }

    private mutating func contact() throws -> MoneybirdJSON.Contact? {
        if try peek() == UInt8(ascii: "n") {
            _ = try text()
            return nil
        }
        var contact = MoneybirdJSON.Contact(
            id: "", companyName: nil, firstname: nil, lastname: nil, address1: nil, zipcode: nil, city: nil, country: nil,
            email: nil, sendInvoicesToEmail: nil, taxNumber: nil)
        try object { reader, key in
            switch key {
            case "id": contact.id = try reader.text() ?? ""
            case "company_name": contact.companyName = try reader.text()
            case "firstname": contact.firstname = try reader.text()
            case "lastname": contact.lastname = try reader.text()
            case "address1": contact.address1 = try reader.text()
            case "zipcode": contact.zipcode = try reader.text()
            case "city": contact.city = try reader.text()
            case "country": contact.country = try reader.text()
            case "email": contact.email = try reader.text()
            case "send_invoices_to_email": contact.sendInvoicesToEmail = try reader.text()
            case "tax_number": contact.taxNumber = try reader.text()
            default: try reader.skipValue()
            }
        }
        return contact
    }

    private mutating func taxTotals() throws -> [MoneybirdJSON.TaxTotal]? {
        if try peek() == UInt8(ascii: "n") {
            _ = try text()
            return nil
        }
        var totals: [MoneybirdJSON.TaxTotal] = []
        try expect(UInt8(ascii: "["))
        if try peek() == UInt8(ascii: "]") {
            index += 1
            return totals
        }
        repeat {
            var total = MoneybirdJSON.TaxTotal(taxRateID: "", taxAmount: "0")
            try object { reader, key in
                switch key {
                case "tax_rate_id": total.taxRateID = try reader.text() ?? ""
                case "tax_amount": total.taxAmount = try reader.text() ?? "0"
                default: try reader.skipValue()
                }
            }
            totals.append(total)
        } while try separator(closing: UInt8(ascii: "]"))
        return totals
    }

    /// Calls `member` for each key of an object, positioned at its value, which it must consume.
    private mutating func object(_ member: (inout InvoicePageReader, Key) throws -> Void) throws {
        try expect(UInt8(ascii: "{"))
        if try peek() == UInt8(ascii: "}") {
            index += 1
            return
        }
        repeat {
            guard try peek() == UInt8(ascii: "\"") else { throw Malformed(offset: index) }
            let key = try key()
            try expect(UInt8(ascii: ":"))
            _ = try peek()
            try member(&self, key)
        } while try separator(closing: UInt8(ascii: "}"))
    }

    /// A member's name as it stands in the page, matched by its bytes: making every key a
    /// `String` to compare was about a tenth of a reconcile's CPU samples.
    struct Key {
        /// The name's bytes between the quotes, when written without escapes (all of Moneybird's).
        let raw: UnsafeBufferPointer<UInt8>
        /// A name written with escapes, decoded.
        let decoded: String?

        /// Inlined: a `switch` tries each name in turn, and most keys are skipped after all of them.
        @inline(__always)
        static func ~= (name: StaticString, key: Key) -> Bool {
            guard key.decoded == nil else { return key.decoded == name.description }
            guard name.utf8CodeUnitCount == key.raw.count else { return false }
            return key.raw.isEmpty || memcmp(name.utf8Start, key.raw.baseAddress!, key.raw.count) == 0
        }
    }

    private mutating func key() throws -> Key {
        let start = index + 1
        index = start
        while index < bytes.count, bytes[index] != UInt8(ascii: "\""), bytes[index] != UInt8(ascii: "\\") { index += 1 }
        guard index < bytes.count else { throw Malformed(offset: start) }
        if bytes[index] == UInt8(ascii: "\"") {
            index += 1
            return Key(raw: UnsafeBufferPointer(rebasing: bytes[start..<(index - 1)]), decoded: nil)
        }
        index = start - 1
        return Key(raw: UnsafeBufferPointer(rebasing: bytes[start..<start]), decoded: try string())
    }

    /// A string's text, a number or boolean as written, nil for null.
    private mutating func text() throws -> String? {
        let first = try peek()
        if first == UInt8(ascii: "\"") { return try string() }
        let start = index
        while index < bytes.count, !Self.isDelimiter(bytes[index]) { index += 1 }
        let word = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
        if word == "null" { return nil }
        guard !word.isEmpty else { throw Malformed(offset: start) }
        return word
    }

    private mutating func string() throws -> String {
        index += 1
        let start = index
        while index < bytes.count, bytes[index] != UInt8(ascii: "\"") {
            if bytes[index] == UInt8(ascii: "\\") { return try escapedString(from: start) }
            index += 1
        }
        guard index < bytes.count else { throw Malformed(offset: start) }
        defer { index += 1 }
        return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
    }

    /// A number as `JSONDecoder` reads it into an `Int64`: digits, or the rare `5.0` or `1e3`
    /// handed to `JSONDecoder` itself, so that both readers agree.
    private static func wholeNumber(_ text: String) -> Int64? {
        if let number = Int64(text) { return number }
        return try? JSONDecoder().decode(Int64.self, from: Data(text.utf8))
    }

    /// The rare string with escapes: its JSON text handed to the standard parser.
    private mutating func escapedString(from start: Int) throws -> String {
        while index < bytes.count, bytes[index] != UInt8(ascii: "\"") {
            index += bytes[index] == UInt8(ascii: "\\") ? 2 : 1
        }
        guard index < bytes.count else { throw Malformed(offset: start) }
        index += 1
        let literal = Data(UnsafeBufferPointer(rebasing: bytes[(start - 1)..<index]))
        guard let text = try? JSONDecoder().decode(String.self, from: literal) else { throw Malformed(offset: start) }
        return text
    }

    /// Skips one value of any kind, nested ones included, honouring strings.
    private mutating func skipValue() throws {
        let first = try peek()
        switch first {
        case UInt8(ascii: "\""):
            try skipString()
        case UInt8(ascii: "{"), UInt8(ascii: "["):
            var depth = 0
            repeat {
                guard index < bytes.count else { throw Malformed(offset: index) }
                switch bytes[index] {
                case UInt8(ascii: "\""): try skipString(); continue
                case UInt8(ascii: "{"), UInt8(ascii: "["): depth += 1
                case UInt8(ascii: "}"), UInt8(ascii: "]"): depth -= 1
                default: break
                }
                index += 1
            } while depth > 0
        default:
            while index < bytes.count, !Self.isDelimiter(bytes[index]) { index += 1 }
        }
    }

    /// Skips a string from its opening quote. Most of a page is strings that are skipped (keys and
    /// values of the members koppel does not read), so the closing quote is looked for with
    /// `memchr`, which compares many bytes at a time; a quote after an odd number of backslashes
    /// is part of the text, and the search goes on after it.
    private mutating func skipString() throws {
        let start = index
        var from = index + 1
        while from < bytes.count {
            guard let found = memchr(bytes.baseAddress! + from, Int32(UInt8(ascii: "\"")), bytes.count - from) else { break }
            let quote = bytes.baseAddress!.distance(to: found.assumingMemoryBound(to: UInt8.self))
            var backslashes = 0
            while quote - backslashes - 1 > start, bytes[quote - backslashes - 1] == UInt8(ascii: "\\") { backslashes += 1 }
            if backslashes % 2 == 0 {
                index = quote + 1
                return
            }
            from = quote + 1
        }
        throw Malformed(offset: start)
    }

    /// After a value: true at a comma (another follows), false at the closing bracket.
    private mutating func separator(closing: UInt8) throws -> Bool {
        let next = try peek()
        index += 1
        if next == UInt8(ascii: ",") { return true }
        guard next == closing else { throw Malformed(offset: index - 1) }
        return false
    }

    private mutating func expect(_ byte: UInt8) throws {
        guard try peek() == byte else { throw Malformed(offset: index) }
        index += 1
    }

    /// The next byte that is not white space, without consuming it.
    private mutating func peek() throws -> UInt8 {
        while index < bytes.count, Self.isWhitespace(bytes[index]) { index += 1 }
        guard index < bytes.count else { throw Malformed(offset: index) }
        return bytes[index]
    }

    private static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09
    }

    private static func isDelimiter(_ byte: UInt8) -> Bool {
        isWhitespace(byte) || byte == UInt8(ascii: ",") || byte == UInt8(ascii: "}") || byte == UInt8(ascii: "]")
    }
}
