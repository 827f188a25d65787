import Foundation
import SandboxSupport

/// A request as the sandbox's handlers see it: path components without the `.json` suffix.
struct APIRequest: Sendable {
    var method: String
    /// Path components after the prefix the router consumed, percent-decoded.
    var path: [String]
    var query: [String: String]
    var body: Data
    /// `scheme://host` the client used, for `Link` headers and redirects.
    var origin: String
    /// The path as requested, for `Link` headers.
    var rawPath: String

    /// The body as JSON; a 400 when it is present but not JSON.
    func json() throws(SandboxError) -> JSONValue {
        if body.isEmpty { return .object([]) }
        guard let value = JSONValue.parse(body) else {
            throw .badRequest("Request body is not valid JSON", symbolic: [("body", "invalid")])
        }
        return value
    }

    /// Form fields of an `application/x-www-form-urlencoded` body, or the members of a JSON body.
    func formOrJSON() -> [String: String] {
        if let json = JSONValue.parse(body), case .object(let members) = json {
            return Dictionary(members.compactMap { m in m.value.text.map { (m.key, $0) } }, uniquingKeysWith: { $1 })
        }
        return Self.decodeQuery(String(decoding: body, as: UTF8.self))
    }

    static func decodeQuery(_ text: String) -> [String: String] {
        var fields: [String: String] = [:]
        for pair in text.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let decode = { (part: Substring) in
                (String(part).replacingOccurrences(of: "+", with: " ").removingPercentEncoding) ?? String(part)
            }
            guard let name = parts.first else { continue }
            fields[decode(name)] = parts.count > 1 ? decode(parts[1]) : ""
        }
        return fields
    }

    /// `page` and `per_page` as Moneybird validates them: digits only, `per_page` 1...100.
    func pagination(defaultPerPage: Int = 25) throws(SandboxError) -> (page: Int, perPage: Int) {
        var page = 1
        var perPage = defaultPerPage
        if let text = query["page"] {
            guard let value = Int(text), text.allSatisfy(\.isNumber), value >= 1 else {
                throw .badRequest("page does not have a valid value", symbolic: [("page", "invalid")])
            }
            page = value
        }
        if let text = query["per_page"] {
            guard let value = Int(text), text.allSatisfy(\.isNumber), (1...100).contains(value) else {
                throw .badRequest("per_page does not have a valid value", symbolic: [("per_page", "invalid")])
            }
            perPage = value
        }
        return (page, perPage)
    }
}

/// A successful answer.
struct APIAnswer: Sendable {
    var status: Int
    var body: JSONValue?
    var headers: [(String, String)] = []
    /// A JSON body already written out, for answers too long to build as a `JSONValue` first.
    var serializedBody: Data?

    static func ok(_ body: JSONValue) -> APIAnswer { APIAnswer(status: 200, body: body) }
    static func created(_ body: JSONValue) -> APIAnswer { APIAnswer(status: 201, body: body) }
}
