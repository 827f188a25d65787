import Booking
import Foundation
import KoppelCore
import KoppelStore
import Ledger
import Logging
import Testing

/// Every step of a paid booking (create the invoice, send it, register the payment) meets every
/// kind of failure the sandbox can inject through HTTP; afterwards the ledger holds exactly one
/// invoice per order, paid, with payments equal to its total.
@Suite(.serialized)
struct StepFaultTests {
    static let endpoints: [(step: LedgerStep, endpoint: String)] = [
        (.create, "POST /sales_invoices"),
        (.send, "PATCH /sales_invoices/{id}/send_invoice"),
        (.registerPayment, "POST /sales_invoices/{id}/payments"),
    ]
    static let faults = ["rate_limit", "error", "drop", "commit_then_drop", "timeout"]
    static let orders: [Int64] = [101, 102, 103]

    struct Outcome: CustomStringConvertible {
        var step: LedgerStep
        var fault: String
        var runs: Int
        var invoicesPerOrder: [Int]
        var paidStates: Int

        var description: String {
            "\(step.rawValue) × \(fault): \(runs) runs, invoices per order \(invoicesPerOrder), \(paidStates) paid"
        }
    }

    @Test(arguments: endpoints.map(\.step))
    func everyFaultOnThisStepStillBooksEachPaidOrderOnceAndPaid(step: LedgerStep) throws {
        let endpoint = try #require(Self.endpoints.first { $0.step == step }?.endpoint)
        for fault in Self.faults {
            let outcome = try book(withFault: fault, count: 2, on: endpoint, step: step)
            print("step fault: \(outcome)")
        }
    }

    @Test func aLedgerThatCannotBeReachedForTheSendNeverGetsASecondInvoice() throws {
        let setup = try BookingJobTests.Setup(sandboxArguments: ["--rate-limit", "100000"])
        // Booked at Processing (status 2): not paid yet, so each invoice stays a draft.
        for id in Self.orders { try setup.push(3, id: id, status: 2) }
        var now = Int64(Date().timeIntervalSince1970)
        func run() throws -> BookingJob.Report {
            now += 4000
            let clock = now
            return try BookingJob(
                database: setup.database,
                ledgers: LedgerFactory(database: setup.database, sealer: setup.sealer, budgets: RateBudgets(limit: 100_000, windowSeconds: 300)),
                logger: Logger(label: "test"), clock: { clock }
            ).run(setup.connection)
        }
        #expect(try run().booked == Self.orders.count)
        #expect(try LedgerReadBack(sandbox: setup.sandbox).invoices().map(\.state) == ["draft", "draft", "draft"])

        // Paid in the shop (Shipped) while the ledger cannot be reached: the send waits.
        for id in Self.orders { try setup.push(3, id: id, status: 3) }
        setup.sandbox.stop()
        let down = try run()
        #expect(down.failures == Self.orders.count)
        #expect(down.booked == 0)
        #expect(try run().failures == Self.orders.count)
        try setup.sandbox.restart()
        for _ in 0..<5 where try setup.database.orders(license: setup.connection.licenseKey, state: .booked).count < Self.orders.count {
            _ = try run()
        }
        let invoices = try LedgerReadBack(sandbox: setup.sandbox).invoices()
        #expect(invoices.count == Self.orders.count)
        #expect(Set(invoices.map(\.reference)) == Set(Self.orders.map(setup.reference)))
        for invoice in invoices {
            #expect(invoice.state == "paid", "\(invoice.reference)")
            #expect(invoice.payments == [invoice.total], "\(invoice.reference)")
        }
    }

    /// Three paid orders; the first `count` calls of `endpoint` fail with `fault`. Runs the job
    /// with time moving on until every order is booked, then checks the ledger.
    func book(withFault fault: String, count: Int, on endpoint: String, step: LedgerStep) throws -> Outcome {
        let setup = try BookingJobTests.Setup(sandboxArguments: ["--rate-limit", "100000"])
        for id in Self.orders { try setup.push(3, id: id) }
        try setup.sandbox.faults(#"{"timeout_hold_ms": 1500, "rules": [{"endpoint": "\#(endpoint)", "fault": "\#(fault)", "count": \#(count)}]}"#)
        var now = Int64(Date().timeIntervalSince1970)
        var runs = 0
        while try setup.database.orders(license: setup.connection.licenseKey, state: .booked).count < Self.orders.count, runs < 20 {
            now += 4000
            let clock = now
            let job = BookingJob(
                database: setup.database,
                ledgers: LedgerFactory(
                    database: setup.database, sealer: setup.sealer, budgets: RateBudgets(limit: 100_000, windowSeconds: 300), requestTimeout: 1),
                logger: Logger(label: "test"), clock: { clock })
            _ = try job.run(setup.connection)
            runs += 1
        }
        let context = "\(step.rawValue) × \(fault)"
        #expect(try setup.database.orders(license: setup.connection.licenseKey, state: .booked).count == Self.orders.count, "\(context)")
        let byReference = try LedgerReadBack(sandbox: setup.sandbox).invoicesByReference()
        var perOrder: [Int] = []
        var paid = 0
        for id in Self.orders {
            let invoices = byReference[setup.reference(id)] ?? []
            perOrder.append(invoices.count)
            #expect(invoices.count == 1, "\(context): order \(id) has \(invoices.count) invoices")
            guard let invoice = invoices.first else { continue }
            #expect(invoice.state == "paid", "\(context): order \(id) is \(invoice.state)")
            #expect(invoice.payments.count == 1, "\(context): order \(id) has payments \(invoice.payments)")
            #expect(invoice.payments.reduce(Cents.zero, +) == invoice.total, "\(context): order \(id)")
            if invoice.state == "paid" { paid += 1 }
        }
        #expect(byReference.count == Self.orders.count, "\(context): references \(byReference.keys.sorted())")
        return Outcome(step: step, fault: fault, runs: runs, invoicesPerOrder: perOrder, paidStates: paid)
    }
}
