import Foundation
import SandboxSupport

/// `/sandbox/...`: switches and helpers for tests and the demo; not rate limited, not counted, no tokens.
///
/// - `POST /sandbox/orders`: add an order, or replace the one with its number (`SandboxOrder.parse`); answers
///   the order in the spec's shape
/// - `POST /sandbox/orders/generate` `{"count": 250}`: demo orders after the highest number
/// - `POST /sandbox/orders/{number}/status` `{"status": 2, "at": "2026-01-05 10:00:00"}`: change the status;
///   its status-changed time moves to `at` (default: now)
/// - `GET|POST /sandbox/deviations` `{"mode": "spec"|"live"}`: answer in the spec's or the live API's shapes
/// - `GET|POST /sandbox/faults`: read or change the fault switches (`MijnwebwinkelFaultSettings`)
/// - `POST /sandbox/reset`: empty the shop, restart rate windows, counters and faults
/// - `GET /sandbox/stats`, `POST /sandbox/stats/reset`: `/v1` requests per endpoint
struct MijnwebwinkelAdminAPI {
    let sandbox: MijnwebwinkelSandbox

    func handle(_ request: MijnwebwinkelRequest) throws(MijnwebwinkelProblem) -> MijnwebwinkelAnswer {
        let shop = sandbox.shop
        let rendering = OrderRendering(live: false)
        switch (request.method, request.path) {
        case ("POST", ["orders"]):
            let body = try request.json()
            let order = try shop.put { next throws(MijnwebwinkelProblem) in try SandboxOrder.parse(body, nextNumber: next, now: Date()) }
            return .ok(rendering.render(order))
        case ("POST", ["orders", "generate"]):
            guard let count = try request.json()["count"]?.text.flatMap({ Int($0) }), (0...100_000).contains(count) else {
                throw .validation("count must be a whole number from 0 to 100000")
            }
            return .ok(.object([("generated", .int(shop.generate(count, now: Date())))]))
        case ("POST", let path) where path.count == 3 && path[0] == "orders" && path[2] == "status":
            guard let number = Int(path[1]) else { throw .notFound() }
            let body = try request.json()
            guard let status = body["status"]?.text.flatMap({ Int($0) }) else { throw .validation("status must be a whole number") }
            var stamp = SandboxClock.stamp(Date())
            if let at = body["at"]?.text {
                guard let normal = SandboxClock.normalize(at) else { throw .validation("at must be YYYY-MM-DD HH:MM:SS") }
                stamp = normal
            }
            return .ok(rendering.render(try shop.changeStatus(number, to: status, at: stamp)))
        case ("GET", ["deviations"]):
            return .ok(deviationsJSON)
        case ("POST", ["deviations"]):
            switch try request.json()["mode"]?.text {
            case "spec": shop.setLive(false)
            case "live": shop.setLive(true)
            default: throw .validation("mode must be spec or live")
            }
            return .ok(deviationsJSON)
        case ("GET", ["faults"]): return .ok(sandbox.faults.json)
        case ("POST", ["faults"]): return .ok(try sandbox.faults.update(try request.json()))
        case ("POST", ["reset"]):
            sandbox.reset()
            return .ok(.object([("reset", .bool(true))]))
        case ("GET", ["stats"]): return .ok(sandbox.stats.json)
        case ("POST", ["stats", "reset"]):
            sandbox.stats.reset()
            return .ok(sandbox.stats.json)
        default: throw .notFound()
        }
    }

    private var deviationsJSON: JSONValue {
        .object([("mode", .string(sandbox.shop.live ? "live" : "spec"))])
    }
}
