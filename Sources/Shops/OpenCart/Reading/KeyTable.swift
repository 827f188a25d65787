/// The keys of one object of the push schema, in the order its Codable type declares them: the
/// order in which `JSONDecoder` would read them, and so the order that decides which of several
/// faults is reported.
struct KeyTable: Sendable {
    let names: [String]
    private let spelled: [[UInt8]]

    init(_ names: String...) {
        self.names = names
        self.spelled = names.map { Array($0.utf8) }
    }

    var count: Int { names.count }

    /// The position of the key spelled by `bytes` (no escapes), or nil.
    func position(of bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        for (position, name) in spelled.enumerated() where name.count == bytes.count {
            var same = true
            for offset in 0..<bytes.count where name[offset] != bytes[offset] {
                same = false
                break
            }
            if same { return position }
        }
        return nil
    }
}
