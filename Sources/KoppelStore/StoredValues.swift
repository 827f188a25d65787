import Foundation
import GRDB

/// A stored value koppel cannot read: a damaged or hand-edited database. It stops the work of
/// that connection loudly; a default in its place would book with a configuration nobody chose.
public struct UnreadableStoredValue: Error, Sendable, Equatable, CustomStringConvertible {
    public var connectionID: Int64
    /// The connection as its owner knows it: `name (license)`, or `#id` when those are what failed.
    public var connection: String
    /// `table.column`.
    public var column: String
    /// What is wrong with it; never the stored value itself unless it is a plain word like a shop kind.
    public var reason: String

    public init(connectionID: Int64, connection: String, column: String, reason: String) {
        self.connectionID = connectionID
        self.connection = connection
        self.column = column
        self.reason = reason
    }

    public var description: String {
        "connection \(connection): the stored \(column) cannot be read (\(reason))"
    }
}

/// One stored row of a connection, read column by column: what cannot be read becomes an
/// `UnreadableStoredValue` naming the connection and the column, instead of a crash or a default.
struct StoredRow {
    let row: Row
    let table: String
    let connectionID: Int64
    let connection: String

    init(_ row: Row, table: String, connectionID: Int64, connection: String) {
        self.row = row
        self.table = table
        self.connectionID = connectionID
        self.connection = connection
    }

    /// A row whose query also selects the connection's `name` and `license_key`, which name it.
    init(_ row: Row, table: String, connectionID: Int64) {
        let name: DatabaseValue = row["name"]
        let license: DatabaseValue = row["license_key"]
        let connection = String.fromDatabaseValue(name).flatMap { name in
            String.fromDatabaseValue(license).map { "\(name) (\($0))" }
        }
        self.init(row, table: table, connectionID: connectionID, connection: connection ?? "#\(connectionID)")
    }

    /// The same row, its connection named once its name and license are known.
    func named(_ connection: String) -> StoredRow {
        StoredRow(row, table: table, connectionID: connectionID, connection: connection)
    }

    /// The same row, for the columns of another table it joins.
    func table(_ table: String) -> StoredRow {
        StoredRow(row, table: table, connectionID: connectionID, connection: connection)
    }

    func value<Value: DatabaseValueConvertible>(_ column: String, as type: Value.Type = Value.self) throws -> Value {
        do {
            return try row.decode(Value.self, forColumn: column)
        } catch {
            // GRDB's own message quotes the whole row, sealed columns included: say less.
            throw unreadable(column, "not \(Value.self)")
        }
    }

    func value<Value: DatabaseValueConvertible>(_ column: String, as type: Value?.Type) throws -> Value? {
        do {
            return try row.decode(Value?.self, forColumn: column)
        } catch {
            throw unreadable(column, "not \(Value.self) or empty")
        }
    }

    /// A column holding JSON; `what` says what it should be, for the error.
    func json<Value: Decodable>(_ column: String, as type: Value.Type, what: String) throws -> Value {
        try decode(try value(column, as: String.self), column, as: type, what: what)
    }

    /// A nullable column holding JSON: nil stays nil (not set), anything else must decode.
    func json<Value: Decodable>(_ column: String, as type: Value?.Type, what: String) throws -> Value? {
        try value(column, as: String?.self).map { try decode($0, column, as: Value.self, what: what) }
    }

    /// A column holding one of a fixed set of words (`opencart`, `moneybird`).
    func kind<Kind: RawRepresentable>(_ column: String, as type: Kind.Type) throws -> Kind where Kind.RawValue == String {
        let text = try value(column, as: String.self)
        guard let kind = Kind(rawValue: text) else { throw unreadable(column, "unknown \(column) \"\(text)\"") }
        return kind
    }

    private func decode<Value: Decodable>(_ text: String, _ column: String, as type: Value.Type, what: String) throws -> Value {
        do {
            return try JSONDecoder().decode(Value.self, from: Data(text.utf8))
        } catch let error as DecodingError {
            throw unreadable(column, "not \(what): \(Self.explain(error))")
        } catch {
            throw unreadable(column, "not \(what)")
        }
    }

    private func unreadable(_ column: String, _ reason: String) -> UnreadableStoredValue {
        UnreadableStoredValue(connectionID: connectionID, connection: connection, column: table + "." + column, reason: reason)
    }

    /// Where in the JSON it went wrong, without quoting the JSON.
    private static func explain(_ error: DecodingError) -> String {
        func path(_ context: DecodingError.Context) -> String {
            context.codingPath.isEmpty ? "" : " at " + context.codingPath.map(\.stringValue).joined(separator: ".")
        }
        switch error {
        case .keyNotFound(let key, let context): return "\(key.stringValue) missing" + path(context)
        case .typeMismatch(_, let context), .valueNotFound(_, let context): return "wrong type" + path(context)
        case .dataCorrupted(let context): return context.codingPath.isEmpty ? "no valid JSON" : "wrong value" + path(context)
        @unknown default: return "unreadable"
        }
    }
}
