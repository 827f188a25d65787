import Foundation
import KoppelStore

/// Rapporten: a connection's reconcile runs and the files they wrote in the reports folder.
extension DashboardAPI {
    struct ReportJSON: Encodable {
        var id: Int64
        var startedAt: Int64
        var finishedAt: Int64
        var periodFirst: String
        var periodLast: String
        var booked: Int
        var inLedger: Int
        var mismatches: Int
        var changed: Int
        /// The CSV's and the summary's names, for `reports/FILE`; nil when the run wrote none.
        var csv: String?
        var summaryFile: String?
        /// The summary as the run wrote it; nil when the file is gone.
        var summary: String?
    }

    /// The names of the files one run wrote: the CSV as recorded, and the summary beside it
    /// (MismatchReport names both from one base: `…_afwijkingen.csv`, `…_samenvatting.txt`).
    static func reportFiles(of run: StoredReconcileRun) -> (csv: String, summary: String?)? {
        guard let path = run.reportPath else { return nil }
        let csv = (path as NSString).lastPathComponent
        let suffix = "_afwijkingen.csv"
        let summary = csv.hasSuffix(suffix) ? String(csv.dropLast(suffix.count)) + "_samenvatting.txt" : nil
        return (csv, summary)
    }

    struct ReportPageJSON: Encodable {
        var reports: [ReportJSON]
        /// Where the next page starts (`STARTEDAT-ID`); nil on the last page.
        var next: String?
    }

    /// A page of the connection's runs, newest first (keyset on started_at and id; `after`, `limit` 1–100).
    func reports(_ request: WebRequest, connection: ConnectionListing) throws -> WebAnswer {
        let limit = min(max(Int(request.query["limit"] ?? "") ?? 20, 1), 100)
        var before: (startedAt: Int64, id: Int64)?
        if let text = request.query["after"], !text.isEmpty {
            let parts = text.split(separator: "-")
            guard parts.count == 2, let startedAt = Int64(parts[0]), let id = Int64(parts[1]) else {
                throw WebError.badRequest("De paginering is niet leesbaar.")
            }
            before = (startedAt, id)
        }
        // One more than asked: whether there is a next page, without counting.
        let rows = try database.reconcileRuns(connectionID: connection.id, before: before, limit: limit + 1)
        let runs = rows.prefix(limit)
        let next = rows.count > limit ? runs.last.map { "\($0.startedAt)-\($0.id)" } : nil
        let reports = runs.map { run -> ReportJSON in
            let files = Self.reportFiles(of: run)
            let summary = files?.summary.flatMap { name in
                FileManager.default.contents(atPath: reportPath(name)).map { String(decoding: $0, as: UTF8.self) }
            }
            return ReportJSON(
                id: run.id, startedAt: run.startedAt, finishedAt: run.finishedAt, periodFirst: run.periodFirst,
                periodLast: run.periodLast, booked: run.booked, inLedger: run.inLedger, mismatches: run.mismatches,
                changed: run.changed, csv: files?.csv, summaryFile: files?.summary, summary: summary)
        }
        return try WebAnswer.json(ReportPageJSON(reports: reports, next: next))
    }

    /// One of the connection's report files. The name is served only when it is one this
    /// connection's runs recorded: never a path made from what the request says.
    func reportFile(named name: String, connection: ConnectionListing) throws -> WebAnswer {
        let recorded = try database.reconcileRuns(connectionID: connection.id, limit: Int.max)
            .compactMap(Self.reportFiles(of:))
            .flatMap { [$0.csv, $0.summary].compactMap { $0 } }
        guard let known = recorded.first(where: { $0 == name }), !known.contains("/"), known != "..", known != "." else {
            throw WebError.notFound
        }
        guard let data = FileManager.default.contents(atPath: reportPath(known)) else { throw WebError.notFound }
        let type = known.hasSuffix(".csv") ? "text/csv; charset=utf-8" : "text/plain; charset=utf-8"
        return WebAnswer(
            status: 200, body: data,
            headers: [("Content-Type", type), ("Content-Disposition", "attachment; filename=\"\(known)\"")])
    }

    private func reportPath(_ name: String) -> String {
        (settings.reportsDirectory as NSString).appendingPathComponent(name)
    }
}
