import Foundation
import KoppelCore

/// Reads Minox's `{"collection": […]}` answers item by item into the few members a read-back keeps,
/// skipping the rest without building it: a month's lines and the open items are one answer each
/// (no paging documented, apis-ledgers-shops.md §2.2), and `JSONDecoder` would index and hold the
/// whole answer at once. The tests check that this reader and `JSONDecoder` agree.
struct MinoxCollectionReader {
    struct Malformed: Error {
        var offset: Int
    }

    private let bytes: UnsafeBufferPointer<UInt8>
    private var index = 0

    private init(bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    /// Each transaction line of the answer, in order.
    static func lines(in data: Data, _ each: (MinoxRead.Line) throws -> Void) throws {
        try collection(in: data) { reader in try each(try reader.line()) }
    }

    /// Each receivable (open item) of the answer, in order.
    static func receivables(in data: Data, _ each: (MinoxRead.Receivable) throws -> Void) throws {
        try collection(in: data) { reader in try each(try reader.receivable()) }
    }

    private static func collection(in data: Data, _ item: (inout MinoxCollectionReader) throws -> Void) throws {
        try data.withUnsafeBytes { raw in
            var reader = MinoxCollectionReader(bytes: raw.bindMemory(to: UInt8.self))
            var found = false
            try reader.object { reader, key in
                guard key == "collection", try reader.peek() != UInt8(ascii: "n") else { return try reader.skipValue() }
                found = true
                try reader.array { reader in try item(&reader) }
            }
            guard found else { throw Malformed(offset: 0) }
        }
    }

    private mutating func line() throws -> MinoxRead.Line {
        var line = MinoxRead.Line()
        try object { reader, key in
            switch key {
            case "batch_id": line.batch_id = try reader.text()
            case "entry_number": line.entry_number = try reader.integer()
            case "journal": line.journal = try reader.nullable { reader in MinoxRead.Reference(id: try reader.id()) }
            case "account": line.account = try reader.nullable { reader in try reader.account() }
            case "debit": line.debit = try reader.money()
            case "credit": line.credit = try reader.money()
            case "document_date": line.document_date = try reader.text()
            case "description": line.description = try reader.text()
            case "invoice_number": line.invoice_number = try reader.integer()
            case "vat": line.vat = try reader.nullable { reader in try reader.vat() }
            default: try reader.skipValue()
            }
        }
        return line
    }

    private mutating func receivable() throws -> MinoxRead.Receivable {
        var item = MinoxRead.Receivable()
        try object { reader, key in
            switch key {
            case "account_id": item.account_id = try reader.nullable { reader in try reader.idValue() }
            case "invoice_number": item.invoice_number = try reader.integer()
            case "balance": item.balance = try reader.money()
            default: try reader.skipValue()
            }
        }
        return item
    }

    private mutating func account() throws -> MinoxRead.Account {
        var id: MinoxRead.ID?
        var account = MinoxRead.Account(id: MinoxRead.ID(text: ""))
        try object { reader, key in
            switch key {
            case "id": id = try reader.idValue()
            case "type": account.type = try reader.text()
            case "description": account.description = try reader.text()
            default: try reader.skipValue()
            }
        }
        guard let id else { throw Malformed(offset: index) }
        account.id = id
        return account
    }

    private mutating func vat() throws -> MinoxRead.VAT {
        var id: MinoxRead.ID?
        var amount: MinoxRead.Money?
        try object { reader, key in
            switch key {
            case "id": id = try reader.idValue()
            case "amount": amount = try reader.money()
            default: try reader.skipValue()
            }
        }
        guard let id else { throw Malformed(offset: index) }
        return MinoxRead.VAT(id: id, amount: amount)
    }

    /// `{"id": …}`, the only member a reference keeps.
    private mutating func id() throws -> MinoxRead.ID {
        var id: MinoxRead.ID?
        try object { reader, key in
            if key == "id" { id = try reader.idValue() } else { try reader.skipValue() }
        }
        guard let id else { throw Malformed(offset: index) }
        return id
    }

    /// An id as `MinoxRead.ID` reads it: a whole number's digits, else a string's text.
    private mutating func idValue() throws -> MinoxRead.ID {
        let start = index
        let isString = try peek() == UInt8(ascii: "\"")
        guard let text = try text() else { throw Malformed(offset: start) }
        if isString { return MinoxRead.ID(text: text) }
        guard let number = Int64(text) else { throw Malformed(offset: start) }
        return MinoxRead.ID(text: String(number))
    }

    /// An amount as `MinoxRead.Money` reads it: the decimal text of a string or a number, in cents.
    private mutating func money() throws -> MinoxRead.Money? {
        let start = index
        let isString = try peek() == UInt8(ascii: "\"")
        guard let text = try text() else { return nil }
        // A number goes through `Decimal` as `JSONDecoder` does ("1.50" and "1.5" alike).
        let decimal = isString ? text : Decimal(string: text, locale: Locale(identifier: "en_US_POSIX"))?.description
        guard let decimal, let cents = try? Cents(parsing: decimal) else { throw Malformed(offset: start) }
        return MinoxRead.Money(cents: cents)
    }

    private mutating func integer() throws -> Int? {
        let start = index
        guard let text = try text() else { return nil }
        guard let number = Int(text) else { throw Malformed(offset: start) }
        return number
    }

    private mutating func nullable<T>(_ read: (inout MinoxCollectionReader) throws -> T) throws -> T? {
        if try peek() == UInt8(ascii: "n") {
            _ = try text()
            return nil
        }
        return try read(&self)
    }

    // MARK: JSON

    /// Calls `member` for each key of an object, positioned at its value, which it must consume.
    private mutating func object(_ member: (inout MinoxCollectionReader, String) throws -> Void) throws {
        try expect(UInt8(ascii: "{"))
        if try peek() == UInt8(ascii: "}") {
            index += 1
            return
        }
        repeat {
            guard try peek() == UInt8(ascii: "\""), let key = try text() else { throw Malformed(offset: index) }
            try expect(UInt8(ascii: ":"))
            _ = try peek()
            try member(&self, key)
        } while try separator(closing: UInt8(ascii: "}"))
    }

    /// Calls `item` for each element of an array, positioned at it, which it must consume.
    private mutating func array(_ item: (inout MinoxCollectionReader) throws -> Void) throws {
        try expect(UInt8(ascii: "["))
        if try peek() == UInt8(ascii: "]") {
            index += 1
            return
        }
        repeat {
            try item(&self)
        } while try separator(closing: UInt8(ascii: "]"))
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
        switch try peek() {
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

    private mutating func skipString() throws {
        let start = index
        index += 1
        while index < bytes.count, bytes[index] != UInt8(ascii: "\"") {
            index += bytes[index] == UInt8(ascii: "\\") ? 2 : 1
        }
        guard index < bytes.count else { throw Malformed(offset: start) }
        index += 1
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
