/// The keys of one object of the push schema, in the order its Codable type declares them: the
/// order in which `JSONDecoder` would read them, and so the order that decides which of several
/// faults is reported.
struct KeyTable: Sendable {
    let names: [String]
    private let spelled: [[UInt8]]
    /// Each name's first 8 bytes as one number (zeros after a shorter name): most keys of a table
    /// differ there, so one comparison finds the candidate.
    private let heads: [UInt64]

    init(_ names: String...) {
        self.names = names
        self.spelled = names.map { Array($0.utf8) }
        self.heads = spelled.map { $0.withUnsafeBufferPointer(Self.head) }
    }

    /// The position of the key spelled by `bytes` (no escapes), or nil.
    func position(of bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        let head = Self.head(bytes)
        for position in heads.indices where heads[position] == head && spelled[position].count == bytes.count {
            if bytes.count <= 8 || spelled[position][8...].elementsEqual(bytes[8...]) { return position }
        }
        return nil
    }

    private static func head(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var head: UInt64 = 0
        for offset in 0..<min(8, bytes.count) { head |= UInt64(bytes[offset]) << (8 * offset) }
        return head
    }
}
