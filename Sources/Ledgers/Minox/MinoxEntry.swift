import Crypto
import KoppelCore

/// One journal entry as the read-back keeps it, built line by line: the debtor line, VAT per code
/// and a running hash of the lines, never the lines themselves.
struct MinoxEntry {
    let id: String
    private(set) var debtor: MinoxRead.Line?
    /// VAT per code: the VAT lines (those with a VAT amount), with 0 for the codes only the detail
    /// lines name (0 %, ICP, export).
    private(set) var vatByCode: [String: Cents] = [:]
    private var hash = SHA256()
    private var hasLines = false

    init(id: String) {
        self.id = id
    }

    mutating func add(_ line: MinoxRead.Line) {
        if debtor == nil, MinoxReadBack.isDebtorLine(line) { debtor = line }
        if let code = line.vat?.id.text {
            let amount = line.vat?.amount?.cents ?? .zero
            vatByCode[code, default: .zero] += amount.isZero ? .zero : -MinoxReadBack.balance(line)
        }
        if hasLines { hash.update(data: Array("\n".utf8)) }
        hash.update(data: Array(MinoxReadBack.versionText(line).utf8))
        hasLines = true
    }

    /// Changes whenever a line's account, amount or VAT changes (an entry edited in Minox): the
    /// first 8 bytes of the SHA-256 of the lines' `versionText`, one a line.
    var version: String {
        hash.finalize().prefix(8).map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
    }
}

/// Lines grouped per entry, in the order first seen: by `batch_id` where Minox gives it [Guess: a
/// field name of the sandbox], else by journal and entry number. Only entries of `journal`.
struct MinoxEntries {
    let journal: String
    private(set) var entries: [MinoxEntry] = []
    private var positions: [String: Int] = [:]

    init(journal: String) {
        self.journal = journal
    }

    mutating func add(_ line: MinoxRead.Line) {
        guard line.journal?.id.text ?? journal == journal,
            let key = line.batch_id ?? line.entry_number.map({ "\(journal)/\($0)" })
        else { return }
        if let position = positions[key] {
            entries[position].add(line)
        } else {
            positions[key] = entries.count
            var entry = MinoxEntry(id: key)
            entry.add(line)
            entries.append(entry)
        }
    }
}
