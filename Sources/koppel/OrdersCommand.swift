import ArgumentParser
import Booking
import Foundation
import KoppelCore
import KoppelStore

struct OrdersCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "orders", abstract: "Look at the orders koppel received.", subcommands: [List.self, Show.self])

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List orders, newest first.")

        @OptionGroup var store: StoreOptions
        @Option(help: "Only this connection (license key).") var connection: String?
        @Option(help: "Only orders in this state: \(OrderState.allCases.map(\.rawValue).joined(separator: ", ")).")
        var state: OrderState?
        @Option(help: "At most this many.") var limit = 100

        func run() throws {
            let database = try store.open()
            let orders = try database.orders(license: connection, state: state, limit: limit)
            printTable(
                header: ["ID", "CONNECTION", "ORDER", "STATUS", "TOTAL", "CUR", "STATE", "VERSION", "ADDED"],
                rows: orders.map { order in
                    ["\(order.id)", order.connectionName, order.orderReference, order.status, order.total,
                     order.currencyCode, order.state.rawValue + (order.ledgerMismatch == nil ? "" : " (ledger differs)"),
                     "\(order.version)", order.dateAdded]
                })
            // Below the table, per connection listed: how many wait to be booked and when the last will be.
            let now = unixNow()
            var lines: [String] = []
            for read in try database.connectionsEachRead() {
                guard case .success(let listed) = read, connection == nil || listed.licenseKey == connection else { continue }
                let waiting = try WaitingEstimate.of(connectionID: listed.id, ledger: listed.ledger, in: database, now: now)
                lines.append("\(listed.name) (\(listed.licenseKey)): " + (WaitingText.line(waiting, now: now) ?? "no orders wait to be booked"))
            }
            if !lines.isEmpty { print("\n" + lines.joined(separator: "\n")) }
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show one order with every version received.")

        @OptionGroup var store: StoreOptions
        @Argument(help: "The order's koppel id (first column of `koppel orders list`).") var id: Int64

        func run() throws {
            guard let (order, versions) = try store.open().order(id: id) else {
                throw ValidationError("no order with id \(id)")
            }
            let database = try store.open()
            print("order \(order.orderReference) of \(order.connectionName) (\(order.licenseKey))")
            print("state \(order.state.rawValue), status \(order.status), total \(order.total) \(order.currencyCode), added \(order.dateAdded)")
            do {
                if let flow = try database.orderFlow(id: id) {
                    if case .error(let problem) = flow.phase { print("problem: \(problem.message)\nhint: \(problem.hint)") }
                    let trail = flow.trail
                    if let document = trail.documentID {
                        print("ledger document \(document), steps done: \(trail.done.map(\.rawValue).joined(separator: ", "))")
                    }
                    if let doubt = trail.inDoubt { print("in doubt: \(doubt.rawValue) (the ledger is asked before anything else)") }
                }
            } catch {
                print("problem: the stored booking state cannot be read: \(error)")
            }
            if let mismatch = order.ledgerMismatch {
                print("reconcile: \(mismatch)\nhint: see the newest report in reports/; a deleted booking is booked again by `koppel reprocess \(id)`")
            }
            for event in try database.bookingEvents(orderID: id) {
                let at = Date(timeIntervalSince1970: TimeInterval(event.at)).formatted(.iso8601)
                print("  \(at)  \(event.state.padding(toLength: 9, withPad: " ", startingAt: 0))  \(event.detail)")
            }
            for version in versions {
                let received = Date(timeIntervalSince1970: TimeInterval(version.receivedAt))
                print("\nversion \(version.version), status \(version.status), received \(received.formatted(.iso8601))")
                switch version.payload {
                case .success(let json): print(prettyJSON(json))
                case .failure(let unreadable): print("the stored content cannot be read: \(unreadable)")
                }
            }
        }
    }
}

func prettyJSON(_ text: String) -> String {
    guard let object = try? JSONSerialization.jsonObject(with: Data(text.utf8)),
        let pretty = try? JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
    else { return text }
    return String(decoding: pretty, as: UTF8.self)
}

/// Columns padded to their widest cell; plain text so that it pipes into other tools.
func printTable(header: [String], rows: [[String]]) {
    var widths = header.map(\.count)
    for row in rows {
        for (index, cell) in row.enumerated() { widths[index] = max(widths[index], cell.count) }
    }
    for row in [header] + rows {
        let cells = row.enumerated().map { index, cell in
            index == row.count - 1 ? cell : cell.padding(toLength: widths[index], withPad: " ", startingAt: 0)
        }
        print(cells.joined(separator: "  "))
    }
}
