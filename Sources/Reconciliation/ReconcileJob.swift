import Booking
import Foundation
import KoppelCore
import KoppelStore
import Ledger
import Logging
import Mail

/// The reconciler for one connection (`koppel reconcile`): reads every booking the ledger holds
/// in the period in bulk, compares it with what koppel booked, and writes the report.
///
/// The ledger's bookings go into a scratch file first, so that both sides can be walked in
/// reference order with flat memory; the comparison itself is `BookingComparison`. A ledger that
/// lists what changed (`LedgerChanges`) is read incrementally when asked: the bookings whose
/// version is the one read last time come from koppel's copy, the rest from the ledger.
public final class ReconcileJob {
    /// How the ledger's bookings are read.
    public enum ReadBack: Sendable {
        /// Every booking of the period, page by page (weekly, `koppel reconcile --full`).
        case full
        /// Ids and versions, then only the bookings changed since they were last read, where the
        /// ledger lists what changed; a full read where it does not (the nightly run).
        case changes
    }

    /// What the ledger was asked for.
    public enum Reading: Sendable, Equatable {
        case full
        /// `unchanged` bookings taken from koppel's copy, `readAgain` read from the ledger.
        case changes(unchanged: Int, readAgain: Int)
    }

    public struct Outcome: Sendable {
        public var summary: ReconcileSummary
        public var csvPath: String
        public var summaryPath: String
        public var summaryText: String
        public var subject: String
        /// What became of the e-mail: "sent to …", "not sent: …", or nil when none was due.
        public var mail: String?
        /// Whether an e-mail was due and could not be sent.
        public var mailFailed: Bool
        /// How the ledger's bookings were read.
        public var reading: Reading
    }

    let database: KoppelDatabase
    let ledgers: LedgerFactory
    let opening: ReconcileLedgers
    /// How long after delivery a ledger that confirms later may take (`DeferredConfirmation`).
    let confirmationGrace: Int64
    let reportsDirectory: String
    let logger: Logger
    let clock: () -> Int64
    /// At most this many bookings missing from the period are looked up one by one (their date
    /// may have been changed in the ledger); the rest are reported missing as they are.
    let lookUpsPerRun: Int

    /// - Parameters:
    ///   - opening: how the ledger is opened; nil: through `ledgers` and the ledger's provider.
    ///   - confirmationGrace: seconds after delivery before a booking a later-confirming ledger
    ///     does not hold is reported (`DeferredConfirmation.defaultGrace`: 3 days).
    public init(
        database: KoppelDatabase, ledgers: LedgerFactory, reportsDirectory: String, logger: Logger,
        lookUpsPerRun: Int = 50, confirmationGrace: Int64 = DeferredConfirmation.defaultGrace, opening: ReconcileLedgers? = nil,
        clock: @escaping () -> Int64
    ) {
        self.database = database
        self.ledgers = ledgers
        self.opening = opening ?? ReconcileLedgers(ledgers)
        self.confirmationGrace = confirmationGrace
        self.reportsDirectory = reportsDirectory
        self.logger = logger
        self.lookUpsPerRun = lookUpsPerRun
        self.clock = clock
    }

    /// - Parameter mail: how to send the nightly e-mail; nil sends none.
    /// - Parameter readBack: `.changes` reads only what changed where the ledger tells.
    public func run(_ connection: Connection, period: DatePeriod, mail: NightlyMail? = nil, readBack: ReadBack = .full) throws -> Outcome {
        guard let lock = SyncLock(path: database.path + ".reconcile-\(connection.id).lock") else {
            throw ReconcileError.busy
        }
        defer { withExtendedLifetime(lock) {} }
        let startedAt = clock()
        let kept = try BookingJob(database: database, ledgers: ledgers, logger: logger, clock: clock).keepBookedFigures(connection)
        if kept > 0 { logger.info("kept the figures of orders booked earlier", metadata: ["orders": "\(kept)"]) }

        let settings = try database.reconcileSettings(connectionID: connection.id)
        let ledger = try readableLedger(connection)
        let snapshot = try LedgerSnapshot(path: database.path + ".reconcile-\(connection.id).scratch")
        let changes = ledger as? any LedgerChanges
        let reading: Reading
        if readBack == .changes, let changes {
            reading = try readChanges(changes, connection, period, into: snapshot)
        } else {
            try ledger.bookings(in: period) { try snapshot.add($0) }
            reading = .full
        }

        var summary = ReconcileSummary(period: period, tolerance: settings.tolerance)
        let confirmsLater = try opening.capabilities(connection).contains(.deferredConfirmation)
        let comparison = BookingComparison(
            tolerance: settings.tolerance,
            deferredConfirmation: confirmsLater ? DeferredConfirmation(grace: confirmationGrace, now: startedAt) : nil)
        var lookUps = lookUpsPerRun
        try database.withBookedOrders(connectionID: connection.id, period: period) { reader in
            try snapshot.withSortedBookings { sorted in
                let walk = ReferenceWalk(booked: reader, found: sorted, clockSlack: comparison.clockSlack)
                while let step = try walk.next() {
                    switch step {
                    case .matching(let orderID, let gross, let versionSeen):
                        summary.addMatching(gross: gross)
                        if let versionSeen { try snapshot.compared(orderID: orderID, versionSeen: versionSeen, mismatch: nil) }
                    case .group(var group):
                        guard try complete(&group, connection, ledger, reader, comparison, lookUps: &lookUps) else { continue }
                        if let booked = group.booked, comparison.awaitsConfirmation(booked, found: group.found) {
                            summary.awaitingConfirmation += 1
                        }
                        let state = group.booked == nil
                            ? try connection.bookingReference.orderReference(in: group.reference).flatMap(reader.orderState) : nil
                        let findings = comparison.findings(
                            reference: group.reference, booked: group.booked, found: group.found, orderState: state)
                        summary.add(group, findings: findings)
                        try keep(findings, of: group, in: snapshot)
                    }
                }
            }
        }
        summary.requests = ledger.requestCount

        let report = MismatchReport(
            directory: reportsDirectory, connectionName: connection.name, connectionID: connection.id, startedAt: startedAt)
        try MismatchReport.prepare(directory: reportsDirectory)
        let vatLabels = try vatLabels(connection)
        try snapshot.withSortedFindings { next in try report.writeCSV(vatLabels: vatLabels, next) }
        try database.apply(snapshot, keepingCopiesOf: changes == nil ? nil : (connection.id, period))

        let wording = SummaryText(
            connectionName: connection.name, ledgerName: connection.ledger.displayName, summary: summary, startedAt: startedAt,
            csvName: (report.csvPath as NSString).lastPathComponent)
        try report.writeSummary(wording.text)

        // The reports are written whatever becomes of the e-mail; a failure is recorded and told.
        var mailResult: String?
        var mailFailed = false
        if NightlyMail.isDue(summary, settings) {
            do {
                guard let mail else { throw ReconcileError.noMailSettings }
                mailResult = try mail.send(subject: wording.subject, text: wording.text, csvPath: report.csvPath, to: settings.notifyEmails)
            } catch {
                mailResult = "not sent: \(error)"
                mailFailed = true
            }
        }
        try database.recordReconcileRun(ReconcileRun(
            connectionID: connection.id, startedAt: startedAt, finishedAt: clock(), summary: summary, reportPath: report.csvPath,
            mail: mailResult))
        logger.info(
            "reconcile done",
            metadata: [
                "license": "\(connection.licenseKey)", "booked": "\(summary.booked)", "in_ledger": "\(summary.inLedger)",
                "mismatches": "\(summary.mismatches)", "within_tolerance": "\(summary.withinTolerance)",
                "requests": "\(summary.requests)", "reading": "\(reading)",
            ])
        return Outcome(
            summary: summary, csvPath: report.csvPath, summaryPath: report.summaryPath, summaryText: wording.text,
            subject: wording.subject, mail: mailResult, mailFailed: mailFailed, reading: reading)
    }

    /// The period's ids and versions, then the bookings not kept at their version, `idsPerRead`
    /// a request.
    private func readChanges(
        _ ledger: any LedgerChanges, _ connection: Connection, _ period: DatePeriod, into snapshot: LedgerSnapshot
    ) throws -> Reading {
        try ledger.versions(in: period) { try snapshot.add($0.id, version: $0.version) }
        let split = try snapshot.takeUnchanged(fromDatabaseAt: database.path, connectionID: connection.id)
        try snapshot.idsToRead(batch: ledger.idsPerRead) { ids in
            try ledger.bookings(ids: ids) { try snapshot.add($0) }
        }
        return .changes(unchanged: split.unchanged, readAgain: split.toRead)
    }

    /// Fills in what the period alone does not show; false when the group is none of koppel's.
    ///
    /// - A ledger booking with no order booked here in the period counts only when it looks like
    ///   koppel's; it may be an order booked here whose date was changed in the ledger.
    /// - An order booked here with nothing in the period may have been moved out of it: looked
    ///   up by reference, a few per run; not one a later-confirming ledger may still be importing.
    private func complete(
        _ group: inout ReferenceGroup, _ connection: Connection, _ ledger: any Ledger, _ reader: BookedOrderReader,
        _ comparison: BookingComparison, lookUps: inout Int
    ) throws -> Bool {
        if group.booked == nil {
            group.found = group.found.filter { connection.bookingReference.matches($0.reference) }
            if group.found.isEmpty { return false }
            group.booked = try reader.booked(reference: group.reference)
        } else if group.found.isEmpty, lookUps > 0, let booked = group.booked, !comparison.awaitsConfirmation(booked, found: []) {
            lookUps -= 1
            if let moved = try ledger.findBooking(reference: group.reference) { group.found = [moved] }
        }
        return true
    }

    /// Keeps the findings for the report, and for a booked order the version seen and its
    /// mismatch, which the order's errors show. An order whose version seen and mismatch stay as
    /// they were is not noted: most of a run's orders, which the end of the run then need not visit.
    private func keep(_ findings: [Finding], of group: ReferenceGroup, in snapshot: LedgerSnapshot) throws {
        for finding in findings { try snapshot.add(finding) }
        guard let booked = group.booked else { return }
        let own = group.found.first { $0.id == booked.ledgerID } ?? group.found.first
        let mismatch = Self.mismatchText(findings)
        let versionSeen = own?.version
        // `apply` keeps a version seen only when there is one (a booking not found keeps the last).
        guard mismatch != booked.ledgerMismatch || (versionSeen != nil && versionSeen != booked.ledgerVersionSeen) else { return }
        try snapshot.compared(orderID: booked.orderID, versionSeen: versionSeen, mismatch: mismatch)
    }

    /// The ledger adapter, with its access refreshed once when the ledger refuses it.
    private func readableLedger(_ connection: Connection) throws -> any Ledger {
        let ledger = try opening.open(connection)
        do {
            try ledger.checkAccess()
            return ledger
        } catch {
            guard error.kind == .unauthorized else { throw error }
            try opening.refreshAccess(connection)
            return try opening.open(connection)
        }
    }

    /// What the order's errors show: its mismatches in one line, nil when it has none.
    static func mismatchText(_ findings: [Finding]) -> String? {
        let mismatches = findings.filter(\.isMismatch)
        guard !mismatches.isEmpty else { return nil }
        return "ledger differs: " + mismatches.map { finding in
            switch (finding.shop, finding.ledger) {
            case (.cents(let shop), .cents(let ledger)): return "\(finding.kind.rawValue) \(finding.field) \(shop) → \(ledger)"
            default: return "\(finding.kind.rawValue) \(finding.field)"
            }
        }.joined(separator: "; ")
    }

    /// The connection's VAT codes with the rate each stands for, from its VAT mapping.
    private func vatLabels(_ connection: Connection) throws -> [String: String] {
        guard let mapping = try database.bookingConfiguration(connectionID: connection.id).vatMapping else { return [:] }
        return mapping.codeLabels
    }
}

public enum ReconcileError: Error, CustomStringConvertible {
    case busy
    case noMailSettings
    case unknownSecurity(String)

    public var description: String {
        switch self {
        case .busy: return "another reconcile of this connection is running"
        case .noMailSettings: return "no SMTP server is set (koppel mail set)"
        case .unknownSecurity(let value): return "unknown SMTP security \(value)"
        }
    }
}
