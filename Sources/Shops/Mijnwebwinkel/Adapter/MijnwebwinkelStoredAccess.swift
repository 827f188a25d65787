import Foundation

/// A connection's access to its Mijnwebwinkel shop as koppel stores it, sealed under the master key:
/// the API's address and both tokens. Only this adapter reads or writes the JSON.
public struct MijnwebwinkelStoredAccess: Codable, Sendable, Equatable {
    public var baseURL: String
    public var storeToken: String
    public var partnerToken: String

    public init(baseURL: String = MijnwebwinkelAccess.liveBaseURL, storeToken: String, partnerToken: String) {
        self.baseURL = baseURL
        self.storeToken = storeToken
        self.partnerToken = partnerToken
    }

    enum CodingKeys: String, CodingKey {
        case baseURL = "base_url"
        case storeToken = "store_token"
        case partnerToken = "partner_token"
    }

    public init(json: String) throws {
        self = try JSONDecoder().decode(Self.self, from: Data(json.utf8))
    }

    public var json: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // Encoding three strings cannot fail.
        return String(decoding: (try? encoder.encode(self)) ?? Data(), as: UTF8.self)
    }

    public var clientAccess: MijnwebwinkelAccess {
        MijnwebwinkelAccess(baseURL: baseURL, storeToken: storeToken, partnerToken: partnerToken)
    }
}
