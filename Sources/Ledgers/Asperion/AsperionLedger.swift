import Foundation
import KoppelCore
import Ledger

/// Books orders into Asperion the way Asperion takes them (manual 003): one aXML file a day of the
/// day's orders, imported as concept invoices. The "ledger" koppel writes into is the
/// connection's outbox folder (`AsperionOutbox`); delivery is the day's file uploaded once.
///
/// Steps `[.create, .send]`:
/// - `create` puts the order in the open day's list: today's, or the first day after it whose
///   file is not yet made. An order already in any day's list is that entry (`id`
///   "YYYY-MM-DD/REFERENCE"), so each order is in exactly one file, across crashes and reruns.
/// - `send` delivers the order's day file once the day is closed (the run hour of the day after).
///   While the day is open it throws `notYet(until:)` the closing time: the booking flow then
///   postpones the order without spending an attempt (`BookingFlow`'s `postponed`), goes on with
///   the connection's other orders, and sends it at the first run after the run hour.
public final class AsperionLedger: Ledger {
    let api: AsperionAPI
    let outbox: AsperionOutbox
    let settings: AsperionSettings
    let calendar: AsperionCalendar

    /// - Parameters:
    ///   - outboxPath: the connection's folder of day files.
    ///   - timeZone: the shop's, which the run hour is in.
    public init(
        baseURL: String, tenant: String, licenseCode: String, outboxPath: String, settings: AsperionSettings,
        budget: RateBudget, requestTimeout: Int = 30, longestRateWait: Int64 = 30,
        timeZone: TimeZone = AsperionLedger.defaultTimeZone,
        clock: @escaping () -> Int64 = { Int64(Date().timeIntervalSince1970) }
    ) throws(LedgerError) {
        api = try AsperionAPI(
            baseURL: baseURL, tenant: tenant, licenseCode: licenseCode, timeout: requestTimeout, budget: budget,
            longestWait: longestRateWait, clock: clock)
        outbox = AsperionOutbox(path: outboxPath)
        self.settings = settings
        calendar = AsperionCalendar(timeZone: timeZone, runHour: settings.runHour)
    }

    /// Asperion is Dutch: the run hour is Amsterdam's unless the shop says otherwise.
    public static let defaultTimeZone = TimeZone(identifier: "Europe/Amsterdam") ?? TimeZone(secondsFromGMT: 3600)!

    public var requestCount: Int { api.requestCount }

    public func steps(for booking: PreparedBooking) -> [LedgerStep] { [.create, .send] }

    /// aXML has no credit document (docs/asperion.md): the create step is refused in `credit`.
    public func creditSteps(paymentRegistered: Bool) -> [LedgerStep] { [.create, .credit] }

    public func credit(_ document: LedgerDocumentReference, for booking: PreparedBooking) throws(LedgerError) -> String {
        throw LedgerError(.refused, "Asperion: credit by hand (the order import has no credit document)")
    }

    public func create(_ booking: PreparedBooking, idempotencyKey: String) throws(LedgerError) -> LedgerDocumentStatus {
        let reference = booking.document.reference
        return try outbox.locked { () throws(LedgerError) -> LedgerDocumentStatus in
            if let found = try find(reference) { return status(day: found.day, order: found.order) }
            if let problem = settings.problems.first { throw LedgerError(.refused, "Asperion settings: \(problem)") }
            let day = try openDay()
            // Checked now, not when the day closes: an order the import cannot take is in no list.
            _ = try AsperionOrderMapping.order(
                booking, paymentMethod: booking.paymentMethod, settings: settings, exportDate: calendar.day(after: day) ?? day)
            var list = try outbox.list(day)
            let order = AsperionDayList.Order(document: booking.document, isPaid: booking.isPaid, paymentMethod: booking.paymentMethod)
            list.orders.append(order)
            try outbox.write(list, for: day)
            return status(day: day, order: order)
        }
    }

    public func perform(_ step: LedgerStep, on document: LedgerDocumentReference, for booking: PreparedBooking) throws(LedgerError) {
        guard step == .send else { throw LedgerError(.refused, "an Asperion order is delivered in its day's file; \(step.rawValue) does not apply") }
        let day: String
        if let known = Self.day(ofDocument: document.id) {
            day = known
        } else if let found = try find(booking.document.reference) {
            day = found.day
        } else {
            throw LedgerError(.refused, "order \(booking.document.reference) is in no Asperion day list")
        }
        try deliver(day)
    }

    /// Delivers `day`'s file once: made from the day's list when the day closes, written before it
    /// is uploaded (so the bytes never change), marked delivered after Asperion's 2xx. The same
    /// bytes again are a 200 at Asperion, so a crash between upload and marker delivers once.
    func deliver(_ day: String) throws(LedgerError) {
        if outbox.isDelivered(day) { return }
        guard let closes = calendar.closes(day) else { throw LedgerError(.refused, "\(day) is no day") }
        guard api.clock() >= closes else {
            throw LedgerError(.notYet(until: closes), "in the Asperion file of \(day), delivered from \(calendar.moment(closes))")
        }
        let data = try outbox.locked { () throws(LedgerError) -> Data in try closedFile(day) }
        try api.upload(data, name: AsperionOutbox.fileName(day))
        try outbox.write(Data(), to: outbox.deliveredURL(day))
    }

    /// The day's aXML bytes: the file as written, or made now from the list and written.
    private func closedFile(_ day: String) throws(LedgerError) -> Data {
        if let written = try outbox.read(outbox.fileURL(day)) { return written }
        let list = try outbox.list(day)
        let file = AsperionDayFile(
            entries: list.orders.map(\.entry), settings: settings, exportDate: calendar.day(after: day) ?? day,
            createdAt: calendar.createdAt(day))
        // Each order was mapped when it was put in; one refused now means the settings changed since.
        if let refusal = file.refused.first {
            throw LedgerError(.refused, "the Asperion file of \(day) cannot take order \(refusal.reference): \(refusal.error.message)")
        }
        let data: Data?
        do {
            data = try file.data()
        } catch {
            throw LedgerError(.refused, "the Asperion file of \(day) cannot be written: \(error)")
        }
        guard let data else { throw LedgerError(.refused, "the Asperion file of \(day) has no orders") }
        try outbox.write(data, to: outbox.fileURL(day))
        return data
    }

    /// The outbox's view: the order's day list, and `.send` once that day's file is delivered.
    public func inspect(documentID: String?, reference: String, includingCredit: Bool) throws(LedgerError) -> LedgerDocumentStatus? {
        guard let found = try find(reference) else { return nil }
        return status(day: found.day, order: found.order)
    }

    private func status(day: String, order: AsperionDayList.Order) -> LedgerDocumentStatus {
        let email = order.document.customer.email.trimmingCharacters(in: .whitespaces).lowercased()
        return LedgerDocumentStatus(
            id: "\(day)/\(order.document.reference)", done: outbox.isDelivered(day) ? [.create, .send] : [.create],
            gross: order.document.grossTotal, customerEmails: email.isEmpty ? [] : [email])
    }

    /// The dates koppel may have written for `reference`, from the list that holds it.
    func writtenDates(_ reference: String) throws(LedgerError) -> AsperionWrittenDates.Dates? {
        guard let found = try find(reference), let exportDate = calendar.day(after: found.day) else { return nil }
        return AsperionWrittenDates.Dates(orderDate: found.order.document.orderDate, exportDate: exportDate)
    }

    /// The day whose list holds `reference`, newest first.
    private func find(_ reference: String) throws(LedgerError) -> (day: String, order: AsperionDayList.Order)? {
        for day in try outbox.days().reversed() {
            if let order = try outbox.list(day).order(reference) { return (day, order) }
        }
        return nil
    }

    /// Today, or the first day after it whose file is not yet made.
    private func openDay() throws(LedgerError) -> String {
        var day = calendar.day(of: api.clock())
        for _ in 0..<366 where outbox.isClosed(day) {
            guard let next = calendar.day(after: day) else { break }
            day = next
        }
        guard !outbox.isClosed(day) else { throw LedgerError(.refused, "no open Asperion day within a year of today") }
        return day
    }

    static func day(ofDocument id: String) -> String? {
        guard let slash = id.firstIndex(of: "/") else { return nil }
        let day = String(id[..<slash])
        return AsperionCalendar.isDay(day) ? day : nil
    }
}
