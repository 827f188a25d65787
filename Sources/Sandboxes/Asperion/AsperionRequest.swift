import Foundation
import SandboxSupport

/// A request as the sandbox's handlers see it: path components after the prefix the responder took.
struct AsperionRequest: Sendable {
    var method: String
    var path: [String]
    var query: [String: String]
    var body: Data
    var authorization: String?
    var tenantHeader: String?

    /// The body as JSON; 400 when it is present but not JSON.
    func json() throws(AsperionProblem) -> JSONValue {
        if body.isEmpty { return .object([]) }
        guard let value = JSONValue.parse(body) else { throw .badRequest("The body is not valid JSON") }
        return value
    }

    /// The token of `Authorization: Bearer <token>`.
    var bearerToken: String? {
        guard let header = authorization, header.count > 7, header.prefix(7).lowercased() == "bearer " else {
            return nil
        }
        let token = header.dropFirst(7).trimmingCharacters(in: .whitespaces)
        return token.isEmpty ? nil : token
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

/// Whether two secrets are equal, in time that depends on their lengths only, not on where they differ.
func constantTimeEquals(_ sent: String, _ expected: String) -> Bool {
    let left = Array(sent.utf8)
    let right = Array(expected.utf8)
    var difference = UInt8(left.count == right.count ? 0 : 1)
    for index in 0..<Swift.max(left.count, right.count) {
        let a = index < left.count ? left[index] : 0
        let b = index < right.count ? right[index] : 0
        difference |= a ^ b
    }
    return difference == 0
}
