extension PushReader {
    /// The string that starts here, its escapes resolved. Bytes are taken as they are: no
    /// normalization, so the text (and the canonical form written from it) is what was sent.
    mutating func text() -> String {
        let (range, escaped) = stringSpan()
        let content = UnsafeBufferPointer(rebasing: bytes[range])
        guard escaped else { return String(decoding: content, as: UTF8.self) }
        return String(unsafeUninitializedCapacity: content.count) { output in
            var written = 0
            var position = 0
            func put(_ scalar: Unicode.Scalar) {
                for unit in UTF8.encode(scalar)! {
                    output[written] = unit
                    written += 1
                }
            }
            while position < content.count {
                let byte = content[position]
                guard byte == Byte.backslash else {
                    output[written] = byte
                    written += 1
                    position += 1
                    continue
                }
                let kind = content[position + 1]
                position += 2
                switch kind {
                case UInt8(ascii: "b"): put("\u{08}")
                case UInt8(ascii: "f"): put("\u{0C}")
                case UInt8(ascii: "n"): put("\n")
                case UInt8(ascii: "r"): put("\r")
                case UInt8(ascii: "t"): put("\t")
                case UInt8(ascii: "u"):
                    var value = UInt32(hexUnit(content, at: position))
                    position += 4
                    // StrictJSON let only whole pairs through: a high half is followed by `\u` and its low half.
                    if (0xD800...0xDBFF).contains(value) {
                        let low = UInt32(hexUnit(content, at: position + 2))
                        position += 6
                        value = 0x10000 + ((value - 0xD800) << 10) + (low - 0xDC00)
                    }
                    put(Unicode.Scalar(value)!)
                default: put(Unicode.Scalar(kind))  // \" \\ \/
                }
            }
            return written
        }
    }

    /// The position in `table` of the key that starts here (its escapes resolved), nil for a key
    /// the table does not have; moves past it either way.
    mutating func key(in table: KeyTable) -> Int? {
        let start = index
        let (range, escaped) = stringSpan()
        if escaped {
            index = start
            return table.names.firstIndex(of: text())
        }
        return table.position(of: UnsafeBufferPointer(rebasing: bytes[range]))
    }

    private func hexUnit(_ content: UnsafeBufferPointer<UInt8>, at position: Int) -> UInt16 {
        var unit: UInt16 = 0
        for offset in 0..<4 {
            let byte = content[position + offset]
            let digit: UInt8
            switch byte {
            case Byte.zero...Byte.nine: digit = byte - Byte.zero
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            default: digit = byte - UInt8(ascii: "A") + 10
            }
            unit = unit << 4 | UInt16(digit)
        }
        return unit
    }
}
