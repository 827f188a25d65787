import Foundation
import KoppelHTTP
import Testing

/// `commit_then_drop` on every write endpoint of a ledger, as sandbox fault rules: the first write
/// to each endpoint is carried out and its answer lost, then one in `spacing` more at random, for
/// as many writes as the run makes; besides, a share of every other request (the look-ups) loses
/// its answer. Both sandboxes take the rules in this shape (`/sandbox/faults`).
struct LostAnswerPlan {
    var endpoints: [String]
    /// The share of requests no rule takes whose answers are lost.
    var otherRequests: Double
    /// Writes let through between two lost answers, drawn evenly from this range.
    var spacing: ClosedRange<Int>
    /// Writes to one endpoint the plan reaches over at least.
    var writes: Int

    var json: String {
        var generator = SystemRandomNumberGenerator()
        var rules: [String] = []
        for endpoint in endpoints {
            var covered = 0
            var skip = 0
            while covered <= writes {
                rules.append(#"{"endpoint": "\#(endpoint)", "fault": "commit_then_drop", "count": 1, "skip": \#(skip)}"#)
                covered += skip + 1
                skip = Int.random(in: spacing, using: &generator)
            }
        }
        return #"{"commit_then_drop_rate": \#(otherRequests), "rules": [\#(rules.joined(separator: ", "))]}"#
    }

    /// Answers lost per endpoint so far: the rules whose one fault was spent.
    static func lost(in sandbox: SandboxProcess) throws -> [String: Int] {
        let settings = try JSONSerialization.jsonObject(with: try sandbox.helper("GET", "faults").body) as? [String: Any]
        let rules = try #require(settings?["rules"] as? [[String: Any]])
        var lost: [String: Int] = [:]
        for rule in rules {
            let endpoint = try #require(rule["endpoint"] as? String)
            let count = try #require(rule["count"] as? Int)
            lost[endpoint, default: 0] += count == 0 ? 1 : 0
        }
        return lost
    }
}
