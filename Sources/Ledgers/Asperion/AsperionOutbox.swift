import Foundation
import Glibc
import Ledger

/// One connection's folder of day files: `YYYY-MM-DD.orders.json` (the day's orders, rewritten
/// as orders are added), `YYYY-MM-DD.xml` (the day's aXML file, written once when the day
/// closes and never changed) and `YYYY-MM-DD.delivered` (written after Asperion took the file).
/// Every file is written to a temporary name and renamed, so a crash leaves the old or the new
/// file, never half of one; changes are made under an exclusive lock on `.lock`.
struct AsperionOutbox {
    let folder: URL

    init(path: String) {
        folder = URL(fileURLWithPath: path, isDirectory: true)
    }

    func listURL(_ day: String) -> URL { folder.appendingPathComponent("\(day).orders.json") }
    func fileURL(_ day: String) -> URL { folder.appendingPathComponent(Self.fileName(day)) }
    func deliveredURL(_ day: String) -> URL { folder.appendingPathComponent("\(day).delivered") }

    /// The name the file is delivered under.
    static func fileName(_ day: String) -> String { "\(day).xml" }

    /// The days that have an order list, oldest first.
    func days() throws(LedgerError) -> [String] {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: folder.path)
        } catch {
            if !FileManager.default.fileExists(atPath: folder.path) { return [] }
            throw LedgerError(.unreachable, "the Asperion outbox \(folder.path) cannot be read: \(error)")
        }
        let suffix = ".orders.json"
        return names.filter { $0.hasSuffix(suffix) }.map { String($0.dropLast(suffix.count)) }
            .filter(AsperionCalendar.isDay).sorted()
    }

    func list(_ day: String) throws(LedgerError) -> AsperionDayList {
        guard let data = try read(listURL(day)) else { return AsperionDayList() }
        do {
            return try AsperionDayList.read(data)
        } catch {
            // Never overwritten with an empty list: that would lose the day's orders.
            throw LedgerError(.refused, "the Asperion order list \(listURL(day).path) cannot be read: \(error)")
        }
    }

    func write(_ list: AsperionDayList, for day: String) throws(LedgerError) {
        let data: Data
        do { data = try list.data() } catch { throw LedgerError(.refused, "the order list cannot be written: \(error)") }
        try write(data, to: listURL(day))
    }

    /// A day is closed once its aXML file is written: no order is added to it after that.
    func isClosed(_ day: String) -> Bool {
        FileManager.default.fileExists(atPath: fileURL(day).path) || isDelivered(day)
    }

    func isDelivered(_ day: String) -> Bool {
        FileManager.default.fileExists(atPath: deliveredURL(day).path)
    }

    func read(_ url: URL) throws(LedgerError) -> Data? {
        guard FileManager.default.fileExists(atPath: url.path) else { return nil }
        do {
            return try Data(contentsOf: url)
        } catch {
            throw LedgerError(.unreachable, "\(url.path) cannot be read: \(error)")
        }
    }

    /// Writes `data` to a temporary file beside `url`, flushes it and renames it over `url`.
    func write(_ data: Data, to url: URL) throws(LedgerError) {
        let temporary = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).tmp")
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try data.write(to: temporary)
            let handle = try FileHandle(forWritingTo: temporary)
            try handle.synchronize()
            try handle.close()
            guard rename(temporary.path, url.path) == 0 else {
                throw LedgerError(.unreachable, "cannot rename \(temporary.path): errno \(errno)")
            }
        } catch let error as LedgerError {
            throw error
        } catch {
            throw LedgerError(.unreachable, "\(url.path) cannot be written: \(error)")
        }
    }

    /// Runs `body` holding the outbox's lock, so two processes never add to a list at once.
    func locked<T>(_ body: () throws(LedgerError) -> T) throws(LedgerError) -> T {
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        } catch {
            throw LedgerError(.unreachable, "the Asperion outbox \(folder.path) cannot be made: \(error)")
        }
        let descriptor = open(folder.appendingPathComponent(".lock").path, O_CREAT | O_RDWR | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw LedgerError(.unreachable, "the Asperion outbox cannot be locked: errno \(errno)") }
        defer { close(descriptor) }
        guard flock(descriptor, LOCK_EX) == 0 else {
            throw LedgerError(.unreachable, "the Asperion outbox cannot be locked: errno \(errno)")
        }
        defer { flock(descriptor, LOCK_UN) }
        return try body()
    }
}
