import Foundation

/// A request to the dashboard's API as the routes see it: the path below `/app/api/`, decoded.
public struct WebRequest: Sendable {
    public var method: String
    /// Path segments below `/app/api/`, percent-decoded.
    public var path: [String]
    public var query: [String: String]
    /// Header names in lower case.
    public var headers: [String: String]
    public var body: Data

    public init(method: String, path: [String], query: [String: String], headers: [String: String], body: Data) {
        self.method = method
        self.path = path
        self.query = query
        self.headers = headers
        self.body = body
    }

    /// The value of one cookie of the `Cookie` header.
    func cookie(_ name: String) -> String? {
        guard let header = headers["cookie"] else { return nil }
        for pair in header.split(separator: ";") {
            let parts = pair.split(separator: "=", maxSplits: 1)
            if parts.count == 2, parts[0].trimmingCharacters(in: .whitespaces) == name {
                return parts[1].trimmingCharacters(in: .whitespaces)
            }
        }
        return nil
    }

    /// Changes state: needs the session's CSRF token.
    var isChange: Bool { ["POST", "PUT", "DELETE", "PATCH"].contains(method) }

    func decode<T: Decodable>(_ type: T.Type) throws(WebError) -> T {
        do {
            return try JSONDecoder().decode(type, from: body)
        } catch {
            throw WebError.badRequest("De gegevens van het verzoek zijn niet leesbaar.")
        }
    }
}

/// A successful answer: JSON, with extra headers (`Set-Cookie`).
public struct WebAnswer: Sendable {
    public var status: Int
    public var body: Data
    public var headers: [(name: String, value: String)]
    /// A long body written page by page after `body` (a CSV export), so that it never sits in
    /// memory whole: given the previous page's cursor (nil first), a page and the next cursor,
    /// nil after the last.
    public var pages: (@Sendable (String?) throws -> (Data, next: String?))?

    static func json<T: Encodable>(_ value: T, status: Int = 200, headers: [(name: String, value: String)] = []) throws
        -> WebAnswer
    {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return WebAnswer(status: status, body: try encoder.encode(value), headers: headers)
    }

    init(status: Int, body: Data, headers: [(name: String, value: String)]) {
        self.status = status
        self.body = body
        self.headers = headers
    }

    init(_ error: WebError) {
        self.init(status: error.status, body: error.body, headers: error.headers.map { ($0.key, $0.value) })
    }
}
