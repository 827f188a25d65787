import Crypto

/// The `transaction_line_batch` uuid of a booking. Minox takes a client-generated UUIDv4 and a PUT
/// with the same uuid replaces the entry instead of adding one [C-one: OTW], so the uuid is the
/// idempotency key: derived from koppel's key (SHA-256, in the shape of a version-4 UUID), the same
/// on every attempt at one booking, without storing anything of its own.
public enum MinoxBatchID {
    public static func forKey(_ idempotencyKey: String) -> String {
        uuid("koppel minox batch \(idempotencyKey)")
    }

    /// The uuid of the entry that credits (reverses) `entryID`: derived from the entry's uuid, so
    /// from the booking's idempotency key with a credit suffix, the same on every attempt; and the
    /// read-back, seeing an entry, knows which uuid its credit has.
    public static func credit(of entryID: String) -> String {
        uuid("koppel minox credit \(entryID.lowercased())")
    }

    private static func uuid(_ seed: String) -> String {
        var bytes = Array(SHA256.hash(data: Array(seed.utf8)).prefix(16))
        bytes[6] = (bytes[6] & 0x0F) | 0x40
        bytes[8] = (bytes[8] & 0x3F) | 0x80
        let hex = bytes.map { byte in (byte < 16 ? "0" : "") + String(byte, radix: 16) }
        return [hex[0..<4], hex[4..<6], hex[6..<8], hex[8..<10], hex[10..<16]].map { $0.joined() }.joined(separator: "-")
    }
}
