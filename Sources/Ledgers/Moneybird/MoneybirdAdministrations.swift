import Foundation
import KoppelHTTP
import Ledger

/// The administrations an access token may use: `GET /api/v2/administrations.json`
/// (https://developer.moneybird.com/api/administration/), an array of objects with at least `id`
/// and `name`.
public enum MoneybirdAdministrations {
    public struct Administration: Sendable, Equatable, Codable {
        public var id: String
        public var name: String

        public init(id: String, name: String) {
            self.id = id
            self.name = name
        }
    }

    public static func list(baseURL: String, accessToken: String) throws(LedgerError) -> [Administration] {
        let base = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        let response: HTTPResponse
        do {
            response = try CurlHTTPClient().perform(
                HTTPRequest(
                    url: base + "/api/v2/administrations.json",
                    headers: [("Authorization", "Bearer " + accessToken), ("Accept", "application/json")], timeout: 30))
        } catch {
            throw LedgerError(error.isConnectionFailure ? .unreachable : .uncertain, "Moneybird did not answer")
        }
        guard response.status == 200 else {
            throw LedgerError(.unauthorized, "Moneybird refused to list the administrations (HTTP \(response.status))")
        }
        struct Listed: Decodable {
            var id: Identifier
            var name: String
        }
        do {
            return try JSONDecoder().decode([Listed].self, from: response.body).map {
                Administration(id: $0.id.text, name: $0.name)
            }
        } catch {
            throw LedgerError(.uncertain, "Moneybird's list of administrations is not readable")
        }
    }

    /// Moneybird documents ids as strings; some answers have them as numbers (a guess kept open).
    struct Identifier: Decodable {
        var text: String

        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let text = try? container.decode(String.self) {
                self.text = text
            } else {
                self.text = String(try container.decode(Int64.self))
            }
        }
    }
}
