import Foundation
import SandboxSupport

/// A request as the sandbox's handlers see it: path components after the prefix the router took.
struct MinoxRequest: Sendable {
    var method: String
    var path: [String]
    var query: [String: String]
    var body: Data
    var authorization: String?

    /// The body as JSON; 400 when it is present but not JSON.
    func json() throws(MinoxError) -> JSONValue {
        if body.isEmpty { return .object([]) }
        guard let value = JSONValue.parse(body) else { throw .badRequest("The body is not valid JSON") }
        return value
    }

    /// Members of a JSON object body, or the fields of a form body.
    func fields() -> [String: String] {
        if let json = JSONValue.parse(body), case .object(let members) = json {
            return Dictionary(members.compactMap { m in m.value.text.map { (m.key, $0) } }, uniquingKeysWith: { $1 })
        }
        return Self.decodeQuery(String(decoding: body, as: UTF8.self))
    }

    /// `Authorization: Basic base64(id:secret)` as (id, secret).
    var basicCredentials: (id: String, secret: String)? {
        guard let header = authorization, header.lowercased().hasPrefix("basic "),
            let data = Data(base64Encoded: String(header.dropFirst(6)).trimmingCharacters(in: .whitespaces)),
            let text = String(data: data, encoding: .utf8), let colon = text.firstIndex(of: ":")
        else { return nil }
        return (String(text[..<colon]), String(text[text.index(after: colon)...]))
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
}

extension Array where Element == String {
    /// The components standing at the `*` places when the path has the template's shape, else nil.
    func match(_ template: String...) -> [String]? {
        guard count == template.count else { return nil }
        var captured: [String] = []
        for (part, expected) in zip(self, template) {
            if expected == "*" {
                captured.append(part)
            } else if part != expected {
                return nil
            }
        }
        return captured
    }
}
