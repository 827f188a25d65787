import Crypto
import Foundation
import _CryptoExtras

/// A password kept as `scrypt$N$r$p$salt$hash` (salt and hash in base64): memory-hard, so that a
/// copied database costs an attacker 32 MiB and tens of milliseconds per guess.
public struct PasswordHash: Sendable, Equatable {
    /// N=2^15, r=8, p=1: 32 MiB per hash (128 · N · r bytes), docs/dashboard.md.
    public static let standardCost = Cost(n: 1 << 15, r: 8, p: 1)
    public static let minimumLength = 12

    public struct Cost: Sendable, Equatable {
        public var n: Int
        public var r: Int
        public var p: Int
    }

    public let cost: Cost
    let salt: [UInt8]
    let key: [UInt8]

    /// Hashes `password` with a fresh 16-byte random salt.
    public static func make(_ password: String, cost: Cost = standardCost) throws -> PasswordHash {
        guard password.count >= minimumLength else { throw AdminError.passwordTooShort }
        var generator = SystemRandomNumberGenerator()
        let salt = (0..<16).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        return PasswordHash(cost: cost, salt: salt, key: try derive(password, salt: salt, cost: cost))
    }

    /// Reads a stored hash; nil when it is not one this version writes.
    public init?(stored: String) {
        let parts = stored.split(separator: "$", omittingEmptySubsequences: false)
        guard parts.count == 6, parts[0] == "scrypt", let n = Int(parts[1]), let r = Int(parts[2]),
            let p = Int(parts[3]),
            let salt = Data(base64Encoded: String(parts[4])), let key = Data(base64Encoded: String(parts[5])),
            n > 1, n.nonzeroBitCount == 1, r > 0, p > 0, key.count == 32
        else { return nil }
        self.init(cost: Cost(n: n, r: r, p: p), salt: Array(salt), key: Array(key))
    }

    init(cost: Cost, salt: [UInt8], key: [UInt8]) {
        self.cost = cost
        self.salt = salt
        self.key = key
    }

    public var stored: String {
        "scrypt$\(cost.n)$\(cost.r)$\(cost.p)$\(Data(salt).base64EncodedString())$\(Data(key).base64EncodedString())"
    }

    /// Whether `password` is the one hashed, compared in constant time.
    public func matches(_ password: String) throws -> Bool {
        let candidate = try Self.derive(password, salt: salt, cost: cost)
        return constantTimeEqual(candidate, key)
    }

    static func derive(_ password: String, salt: [UInt8], cost: Cost) throws -> [UInt8] {
        let key = try KDF.Scrypt.deriveKey(
            from: Array(password.utf8), salt: salt, outputByteCount: 32, rounds: cost.n, blockSize: cost.r,
            parallelism: cost.p, maxMemory: 128 * cost.n * cost.r * cost.p + (1 << 20))
        return key.withUnsafeBytes { Array($0) }
    }
}

/// Equal length and bytes, in time that depends only on the length.
public func constantTimeEqual(_ left: [UInt8], _ right: [UInt8]) -> Bool {
    guard left.count == right.count else { return false }
    var difference: UInt8 = 0
    for index in left.indices { difference |= left[index] ^ right[index] }
    return difference == 0
}
