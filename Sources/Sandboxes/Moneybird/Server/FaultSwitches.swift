import Foundation
import SandboxSupport
import Synchronization

/// Failures the sandbox injects into `/api/v2` requests, switched at start or through `POST /sandbox/faults`.
public struct FaultSettings: Sendable {
    /// Added to every answer.
    public var latencyMS: Int = 0
    /// Share of requests answered 500 before anything is stored.
    public var errorRate: Double = 0
    /// Share of requests held for `timeoutHoldMS` before anything is stored, then answered 504.
    public var timeoutRate: Double = 0
    /// How long a timed-out request is held; longer than the client waits.
    public var timeoutHoldMS: Int = 35_000
    /// Share of requests that are carried out and committed, after which the connection is closed unanswered.
    public var commitThenDropRate: Double = 0
    /// Deterministic faults on single endpoints, checked in order before the rates above.
    public var rules: [FaultRule] = []

    public init() {}

    var json: JSONValue {
        .object([
            ("latency_ms", .int(latencyMS)),
            ("error_rate", .number(String(errorRate))),
            ("timeout_rate", .number(String(timeoutRate))),
            ("timeout_hold_ms", .int(timeoutHoldMS)),
            ("commit_then_drop_rate", .number(String(commitThenDropRate))),
            ("rules", .array(rules.map(\.json))),
        ])
    }

    /// Applies the members present in `body`; others keep their value. Rates must lie in 0...1; `rules`
    /// replaces the whole list.
    mutating func apply(_ body: JSONValue) throws(SandboxError) {
        func rate(_ key: String) throws(SandboxError) -> Double? {
            guard let value = body[key], !value.isNull else { return nil }
            guard let text = value.text, let rate = Double(text), (0...1).contains(rate) else {
                throw .validation([(key, "must be a number from 0 to 1", "invalid")])
            }
            return rate
        }
        func milliseconds(_ key: String) throws(SandboxError) -> Int? {
            guard let value = body[key], !value.isNull else { return nil }
            guard let text = value.text, let ms = Int(text), ms >= 0 else {
                throw .validation([(key, "must be a whole number of milliseconds", "invalid")])
            }
            return ms
        }
        if let value = try milliseconds("latency_ms") { latencyMS = value }
        if let value = try rate("error_rate") { errorRate = value }
        if let value = try rate("timeout_rate") { timeoutRate = value }
        if let value = try milliseconds("timeout_hold_ms") { timeoutHoldMS = value }
        if let value = try rate("commit_then_drop_rate") { commitThenDropRate = value }
        if let value = body["rules"], !value.isNull {
            guard let items = value.arrayValue else {
                throw .validation([("rules", "must be a list of rules", "invalid")])
            }
            var parsed: [FaultRule] = []
            for (index, item) in items.enumerated() { parsed.append(try FaultRule.parse(item, index: index)) }
            rules = parsed
        }
    }
}

/// The fault settings in force, shared by all requests.
final class FaultSwitches: Sendable {
    private let initial: FaultSettings
    private let current: Mutex<FaultSettings>

    init(_ settings: FaultSettings) {
        initial = settings
        current = Mutex(settings)
    }

    var settings: FaultSettings { current.withLock { $0 } }

    /// The added latency and the fault for one request to `endpoint`; a rule's use is taken atomically, so
    /// concurrent requests never share one.
    func draw(for endpoint: String) -> (latencyMS: Int, fault: InjectedFault?) {
        current.withLock { settings in (settings.latencyMS, settings.draw(for: endpoint)) }
    }

    func update(_ body: JSONValue) throws(SandboxError) -> FaultSettings {
        try current.withLock { (settings: inout FaultSettings) throws(SandboxError) -> FaultSettings in
            var changed = settings
            try changed.apply(body)
            settings = changed
            return changed
        }
    }

    func reset() {
        current.withLock { $0 = initial }
    }
}

/// Requests counted per endpoint, so benchmarks can count ledger round trips.
final class RequestStats: Sendable {
    private let counts = Mutex<[String: Int]>([:])

    func count(_ endpoint: String) {
        counts.withLock { $0[endpoint, default: 0] += 1 }
    }

    var json: JSONValue {
        let snapshot = counts.withLock { $0 }
        return .object([
            ("total", .int(snapshot.values.reduce(0, +))),
            ("endpoints", .object(snapshot.sorted { $0.key < $1.key }.map { (key: $0.key, value: .int($0.value)) })),
        ])
    }

    func reset() {
        counts.withLock { $0.removeAll() }
    }
}
