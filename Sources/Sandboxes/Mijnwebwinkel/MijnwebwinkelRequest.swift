import Foundation
import SandboxSupport

/// A request as the sandbox's handlers see it: path components after the prefix the responder took.
struct MijnwebwinkelRequest: Sendable {
    var method: String
    var path: [String]
    var query: [String: String]
    var body: Data

    /// The body as JSON; 400 when it is present but not JSON.
    func json() throws(MijnwebwinkelProblem) -> JSONValue {
        if body.isEmpty { return .object([]) }
        guard let value = JSONValue.parse(body) else { throw .badRequest("The body is not valid JSON") }
        return value
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
