import Crypto

/// The key a ledger that takes one (Minox: the client UUID of a batch) gets with every attempt at
/// one booking: the same on every retry, so the ledger itself can refuse a second document.
/// Derived, not drawn at random, so that it needs no storing of its own: SHA-256 over the
/// connection, the order and the booking's generation, in UUID form (version 8, RFC 9562).
public enum IdempotencyKey {
    public static func booking(license: String, orderID: Int64, generation: Int) -> String {
        var bytes = Array(SHA256.hash(data: Array("koppel booking \(license) \(orderID) \(generation)".utf8)).prefix(16))
        bytes[6] = (bytes[6] & 0x0F) | 0x80
        bytes[8] = (bytes[8] & 0x3F) | 0x80
        let hex = bytes.map { byte in String(byte, radix: 16).count == 1 ? "0" + String(byte, radix: 16) : String(byte, radix: 16) }
        return [hex[0..<4], hex[4..<6], hex[6..<8], hex[8..<10], hex[10..<16]].map { $0.joined() }.joined(separator: "-")
    }
}
