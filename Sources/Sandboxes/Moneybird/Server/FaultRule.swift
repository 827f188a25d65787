import Foundation
import SandboxSupport

/// A deterministic fault on one endpoint: after `skip` untouched requests, the next `count` requests to
/// `endpoint` get `fault`. Set through `POST /sandbox/faults` as `{"rules": [...]}`, which replaces the list.
///
/// `endpoint` is the endpoint's name in `/sandbox/stats` (`APIRouter.endpoint(method:path:)`): `GET|POST
/// /contacts`, `GET /contacts/{id}`, `GET|POST /sales_invoices`, `GET /sales_invoices/{id}`,
/// `GET /sales_invoices/find_by_reference/{reference}`, `GET|POST /sales_invoices/synchronization`,
/// `PATCH /sales_invoices/{id}/send_invoice`, `POST /sales_invoices/{id}/payments`, `GET /tax_rates`,
/// `GET /ledger_accounts`, `GET /workflows`, `GET /document_styles`, `GET /administrations`.
///
/// A request the rate limiter refuses never reaches the rules. Otherwise the first rule for its endpoint that
/// still has a skip or a count left takes it: a skip lets it through (to the random rates), a count faults it
/// and keeps the random rates away. `skip` and `count` are what is left, so reading the rules back shows how
/// much of each was used.
public struct FaultRule: Sendable, Equatable {
    public enum Fault: String, Sendable, CaseIterable {
        /// 429 as the rate limiter answers it, announcing a retry after `retryAfterS` seconds.
        case rateLimit = "rate_limit"
        /// 500 before anything is stored.
        case error
        /// The connection closed unanswered before anything is stored.
        case drop
        /// Carried out and committed, then the connection closed unanswered.
        case commitThenDrop = "commit_then_drop"
        /// Held for `timeout_hold_ms`, then 504; nothing stored.
        case timeout
    }

    public var endpoint: String
    public var fault: Fault
    public var count: Int
    public var skip: Int
    public var retryAfterS: Int

    public init(endpoint: String, fault: Fault, count: Int = 1, skip: Int = 0, retryAfterS: Int = 1) {
        self.endpoint = endpoint
        self.fault = fault
        self.count = count
        self.skip = skip
        self.retryAfterS = retryAfterS
    }

    /// Whether requests to this endpoint are still skipped or faulted by this rule.
    var isActive: Bool { skip > 0 || count > 0 }

    var json: JSONValue {
        var members: [(key: String, value: JSONValue)] = [
            ("endpoint", .string(endpoint)), ("fault", .string(fault.rawValue)), ("skip", .int(skip)),
            ("count", .int(count)),
        ]
        if fault == .rateLimit { members.append(("retry_after_s", .int(retryAfterS))) }
        return .object(members)
    }

    private static let members: Set = ["endpoint", "fault", "count", "skip", "retry_after_s"]

    /// The rule `value`, the `index`-th of the list; a 422 naming the field as `rules[index].member`.
    static func parse(_ value: JSONValue, index: Int) throws(SandboxError) -> FaultRule {
        let prefix = "rules[\(index)]"
        func invalid(_ member: String, _ message: String) -> SandboxError {
            .validation([(member.isEmpty ? prefix : "\(prefix).\(member)", message, "invalid")])
        }
        guard case .object(let given) = value else { throw invalid("", "must be an object") }
        // A misspelt member would silently fall back to its default and fault the wrong request.
        if let unknown = given.first(where: { !members.contains($0.key) }) {
            throw invalid(unknown.key, "is not a rule member")
        }
        guard case .string(let endpoint) = value["endpoint"], !endpoint.isEmpty else {
            throw invalid("endpoint", "must be an endpoint name such as \"POST /sales_invoices\"")
        }
        guard case .string(let name) = value["fault"], let fault = Fault(rawValue: name) else {
            let names = Fault.allCases.map(\.rawValue).joined(separator: ", ")
            throw invalid("fault", "must be one of \(names)")
        }
        func whole(_ member: String, default fallback: Int) throws(SandboxError) -> Int {
            guard let given = value[member], !given.isNull else { return fallback }
            guard let text = given.text, let number = Int(text), number >= 0 else {
                throw invalid(member, "must be a whole number from 0")
            }
            return number
        }
        if value["retry_after_s"] != nil, fault != .rateLimit {
            throw invalid("retry_after_s", "only applies to rate_limit")
        }
        return FaultRule(
            endpoint: endpoint, fault: fault, count: try whole("count", default: 1),
            skip: try whole("skip", default: 0), retryAfterS: try whole("retry_after_s", default: 1))
    }
}

extension [FaultRule] {
    /// The rule that faults one request to `endpoint`: the first active rule for it spends a skip (and lets
    /// the request through) or one of its count. `nil` when no rule faults the request.
    mutating func consume(for endpoint: String) -> FaultRule? {
        guard let index = firstIndex(where: { $0.endpoint == endpoint && $0.isActive }) else { return nil }
        if self[index].skip > 0 {
            self[index].skip -= 1
            return nil
        }
        self[index].count -= 1
        return self[index]
    }
}
