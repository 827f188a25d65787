import Foundation
import GRDB

/// A stored payload koppel cannot read back: an unknown format byte, a damaged frame, or bytes
/// that are not UTF-8. Never read as an empty or partial order.
public struct UnreadablePayload: Error, Equatable, CustomStringConvertible {
    public var description: String
}

/// How the `payload` column of `order_version` and `settings_version` holds a shop's canonical
/// JSON: one format byte, then the JSON compressed (format 1: zstd with `OrderPayloadDictionary.v1`).
/// A pushed order of about 2.5 KB of JSON becomes a few hundred bytes, so several fit on a page.
///
/// Rows written before the format byte existed hold the JSON itself as TEXT and are read as they
/// are. SQLite keeps each value's storage class whatever the column's declared type (a TEXT
/// column keeps a BLOB a BLOB), so old and new rows share the column and no migration rewrites
/// them. The content digest stays the digest of the uncompressed JSON: exactly-once and the
/// recognition of repeats do not depend on how the payload is stored.
public enum StoredPayload {
    /// The first byte of a stored BLOB. A new dictionary or codec is a new format byte, never a
    /// change to an old one: every stored row must stay readable.
    enum Format: UInt8 {
        case zstdDictionaryV1 = 1
    }

    /// Level 5: on the fixture orders 386 bytes an order against 439 at level 3, for about 5 µs
    /// more; 6 to 9 gain another 1 % at up to twice the time (`zstd -b1 -e9 -D`). The level is
    /// not part of the format: any level's frames read back the same.
    private static let codec = ZstdCodec(dictionary: OrderPayloadDictionary.v1, level: 5)

    /// No payload read back may claim more: far above the push API's 8 MB request bound, and a
    /// damaged size field cannot make koppel allocate gigabytes.
    static let sizeLimit = 64 << 20

    /// The value to store for `canonicalJSON`. Called before the write transaction, so that the
    /// single writer does not spend its time compressing.
    public static func encode(_ canonicalJSON: Data) throws -> Data {
        var stored = Data([Format.zstdDictionaryV1.rawValue])
        stored.append(contentsOf: try codec.compress(canonicalJSON))
        return stored
    }

    /// The canonical JSON of a stored `payload` value, old (TEXT) or new (format byte and frame).
    public static func decode(_ value: DatabaseValue) throws(UnreadablePayload) -> String {
        switch value.storage {
        case .string(let json):
            return json
        case .blob(let stored):
            guard let first = stored.first, let format = Format(rawValue: first) else {
                throw UnreadablePayload(description: "a stored payload of unknown format \(stored.first.map(String.init) ?? "(empty)")")
            }
            switch format {
            case .zstdDictionaryV1:
                let bytes: [UInt8]
                do {
                    bytes = try codec.decompress(stored.dropFirst(), limit: sizeLimit)
                } catch {
                    throw UnreadablePayload(description: "a stored payload could not be decompressed: \(error)")
                }
                guard let json = String(validating: bytes, as: UTF8.self) else {
                    throw UnreadablePayload(description: "a stored payload is not UTF-8 text")
                }
                return json
            }
        case .null, .int64, .double:
            throw UnreadablePayload(description: "a stored payload is not text or a blob: \(value)")
        }
    }
}

extension Row {
    /// The canonical JSON in the payload column `column`, through `StoredPayload`.
    func payload(_ column: String = "payload") throws(UnreadablePayload) -> String {
        try StoredPayload.decode(self[column] as DatabaseValue)
    }
}
