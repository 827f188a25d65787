import Foundation
import KoppelStore

/// Open's progress of a bulk migration: how many pushed orders the booking worker has examined
/// of those that arrived since the backlog was last empty, and the time left at its recent rate.
extension DashboardAPI {
    struct BacklogJSON: Encodable {
        var remaining: Int
        var total: Int
        var done: Int
        var since: Int64?
        /// At the worker's rate of the last minute; null before it examined any.
        var secondsLeft: Int64?
        /// Most waiting orders were placed well before koppel received them.
        var historical: Bool
        var message: String?
    }

    func backlog(connection: ConnectionListing) throws -> WebAnswer {
        let backlog = try database.backlog(connectionID: connection.id, now: clock())
        let historical = backlog.remaining > 0 && backlog.historical * 2 >= backlog.remaining
        let kind = historical ? "historische" : "nieuwe"
        return try WebAnswer.json(
            BacklogJSON(
                remaining: backlog.remaining, total: backlog.total, done: backlog.done, since: backlog.since,
                secondsLeft: backlog.secondsLeft, historical: historical,
                message: backlog.remaining == 0 ? nil : "\(backlog.done) van \(backlog.total) \(kind) bestellingen verwerkt"))
    }
}
