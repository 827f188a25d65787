/// Why a call to Mijnwebwinkel failed. The message is already free of tokens (`TokenRedaction`).
public struct MijnwebwinkelError: Error, CustomStringConvertible, Sendable {
    public enum Kind: Equatable, Sendable {
        /// 401 or 403: a token is missing, wrong or revoked (§1.7: which of the two is unknown).
        case unauthorized
        /// 404: no such order.
        case notFound
        /// 429 with a wait longer than the client may wait; epoch seconds when it may ask again.
        case rateLimited(retryAfter: Int64)
        /// No connection could be made.
        case unreachable
        /// A 5xx, a timeout or a connection closed without an answer: worth asking again later.
        case unavailable
        /// Another 4xx: the request itself was refused.
        case refused
        /// An answer koppel cannot read (not JSON, or an amount that is not an exact decimal).
        case malformed
    }

    public let kind: Kind
    public let message: String

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { message }
}
