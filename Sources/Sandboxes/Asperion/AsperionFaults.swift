import Foundation
import SandboxSupport
import Synchronization

/// Failures the sandbox injects into `/v1` requests and uploads, as the Minox sandbox does: set at start or
/// through `POST /sandbox/faults` (`{"error_rate": 1}`, `{"rules": [{"endpoint": "PUT /sandbox-import/{tenant}/files/{name}",
/// "fault": "commit_then_drop", "count": 1, "skip": 0}]}`).
public struct AsperionFaultSettings: Sendable {
    public enum Fault: String, Sendable, CaseIterable {
        /// 429 as the rate limiter answers it, with `Retry-After: retry_after_s`.
        case rateLimit = "rate_limit"
        /// 500 before anything is stored.
        case error
        /// The connection closed unanswered before anything is stored.
        case drop
        /// Carried out and stored, then the connection closed unanswered.
        case commitThenDrop = "commit_then_drop"
        /// Held for `timeout_hold_ms`, then 504; nothing stored.
        case timeout
    }

    /// After `skip` untouched requests to `endpoint` (named as in `/sandbox/stats`), the next `count` get `fault`.
    public struct Rule: Sendable {
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
    }

    public var latencyMS = 0
    public var errorRate: Double = 0
    public var timeoutRate: Double = 0
    public var timeoutHoldMS = 35_000
    public var commitThenDropRate: Double = 0
    public var rules: [Rule] = []

    public init() {}

    var json: JSONValue {
        .object([
            ("latency_ms", .int(latencyMS)), ("error_rate", .number(String(errorRate))),
            ("timeout_rate", .number(String(timeoutRate))), ("timeout_hold_ms", .int(timeoutHoldMS)),
            ("commit_then_drop_rate", .number(String(commitThenDropRate))),
            (
                "rules",
                .array(
                    rules.map { rule in
                        .object([
                            ("endpoint", .string(rule.endpoint)), ("fault", .string(rule.fault.rawValue)),
                            ("count", .int(rule.count)), ("skip", .int(rule.skip)),
                            ("retry_after_s", .int(rule.retryAfterS)),
                        ])
                    })
            ),
        ])
    }

    /// Applies the members present in `body`; `rules` replaces the whole list.
    mutating func apply(_ body: JSONValue) throws(AsperionProblem) {
        func number(_ key: String, in range: ClosedRange<Double>) throws(AsperionProblem) -> Double? {
            guard let value = body[key], !value.isNull else { return nil }
            guard let text = value.text, let number = Double(text), range.contains(number) else {
                throw .badRequest("\(key) must be a number from \(range.lowerBound) to \(range.upperBound)")
            }
            return number
        }
        if let value = try number("latency_ms", in: 0...600_000) { latencyMS = Int(value) }
        if let value = try number("error_rate", in: 0...1) { errorRate = value }
        if let value = try number("timeout_rate", in: 0...1) { timeoutRate = value }
        if let value = try number("timeout_hold_ms", in: 0...600_000) { timeoutHoldMS = Int(value) }
        if let value = try number("commit_then_drop_rate", in: 0...1) { commitThenDropRate = value }
        if let value = body["rules"], !value.isNull {
            guard let items = value.arrayValue else { throw .badRequest("rules must be a list") }
            var parsed: [Rule] = []
            for item in items {
                guard let endpoint = item["endpoint"]?.nonBlankText,
                    let name = item["fault"]?.text, let fault = Fault(rawValue: name)
                else {
                    let names = Fault.allCases.map(\.rawValue).joined(separator: ", ")
                    throw .badRequest("each rule needs an endpoint and a fault (\(names))")
                }
                func whole(_ key: String, _ fallback: Int) throws(AsperionProblem) -> Int {
                    guard let value = item[key], !value.isNull else { return fallback }
                    guard let text = value.text, let number = Int(text), number >= 0 else {
                        throw .badRequest("rules[].\(key) must be a whole number from 0")
                    }
                    return number
                }
                parsed.append(
                    Rule(
                        endpoint: endpoint, fault: fault, count: try whole("count", 1), skip: try whole("skip", 0),
                        retryAfterS: try whole("retry_after_s", 1)))
            }
            rules = parsed
        }
    }

    /// The fault for one request to `endpoint`: the first active rule for it (spending a skip or one of
    /// its count), else a roll of the rates.
    mutating func draw(for endpoint: String) -> (fault: Fault, retryAfterS: Int)? {
        if let index = rules.firstIndex(where: { $0.endpoint == endpoint && ($0.skip > 0 || $0.count > 0) }) {
            if rules[index].skip > 0 {
                rules[index].skip -= 1
                return nil
            }
            rules[index].count -= 1
            return (rules[index].fault, rules[index].retryAfterS)
        }
        func roll(_ rate: Double) -> Bool { rate > 0 && Double.random(in: 0..<1) < rate }
        if roll(errorRate) { return (.error, 0) }
        if roll(timeoutRate) { return (.timeout, 0) }
        if roll(commitThenDropRate) { return (.commitThenDrop, 0) }
        return nil
    }
}

/// The fault settings in force, shared by all requests.
final class AsperionFaultSwitches: Sendable {
    private let initial: AsperionFaultSettings
    private let current: Mutex<AsperionFaultSettings>

    init(_ settings: AsperionFaultSettings) {
        initial = settings
        current = Mutex(settings)
    }

    var json: JSONValue { current.withLock { $0.json } }

    var timeoutHoldMS: Int { current.withLock { $0.timeoutHoldMS } }

    func draw(for endpoint: String) -> (latencyMS: Int, fault: (fault: AsperionFaultSettings.Fault, retryAfterS: Int)?)
    {
        current.withLock { settings in (settings.latencyMS, settings.draw(for: endpoint)) }
    }

    func update(_ body: JSONValue) throws(AsperionProblem) -> JSONValue {
        try current.withLock { (settings: inout AsperionFaultSettings) throws(AsperionProblem) -> JSONValue in
            var changed = settings
            try changed.apply(body)
            settings = changed
            return changed.json
        }
    }

    func reset() {
        current.withLock { $0 = initial }
    }
}
