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

    func reports(connection: ConnectionListing) throws -> WebAnswer {
        let runs = try database.reconcileRuns(connectionID: connection.id)
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
        return try WebAnswer.json(["reports": reports])
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
