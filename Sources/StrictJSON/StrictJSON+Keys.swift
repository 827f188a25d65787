/// Where a string's content lies in the text, still escaped. `plain`: only ASCII and no escapes,
/// so two plain keys are the same key exactly when their bytes are.
struct KeySpan {
    var start: Int
    var end: Int
    var plain: Bool

    var count: Int { end - start }
}

extension Scanner {
    /// Whether `key` is not yet among the keys of the object whose first key is `keys[firstKey]`;
    /// records it. Keys that are not plain compare as Swift strings, so `"\u0061"` is `"a"` and
    /// `"é"` precomposed is `"é"` decomposed.
    mutating func isNew(_ key: KeySpan, firstKey: Int, manyKeys: inout Set<String>?) -> Bool {
        if manyKeys == nil, keys.count - firstKey >= StrictJSON.linearKeyLimit {
            manyKeys = Set(keys[firstKey...].map { text(of: $0) })
        }
        if manyKeys != nil {
            return manyKeys!.insert(text(of: key)).inserted
        }
        for other in keys[firstKey...] where same(other, key) { return false }
        keys.append(key)
        return true
    }

    private func same(_ one: KeySpan, _ other: KeySpan) -> Bool {
        if one.plain, other.plain {
            guard one.count == other.count else { return false }
            for offset in 0..<one.count where bytes[one.start + offset] != bytes[other.start + offset] { return false }
            return true
        }
        return text(of: one) == text(of: other)
    }

    /// The key as a path step: its text, cut to 64 characters so that a huge key does not make a huge error.
    func shortText(of key: KeySpan) -> String {
        let full = text(of: key)
        return full.count <= 64 ? full : String(full.prefix(63)) + "…"
    }

    /// The string's text with its escapes resolved; the span was checked by `string()`.
    func text(of span: KeySpan) -> String {
        let content = UnsafeBufferPointer(rebasing: bytes[span.start..<span.end])
        if span.plain || !content.contains(UInt8(ascii: "\\")) { return String(decoding: content, as: UTF8.self) }
        var scalars = String.UnicodeScalarView()
        var utf8: [UInt8] = []
        var position = 0
        func flush() {
            scalars.append(contentsOf: String(decoding: utf8, as: UTF8.self).unicodeScalars)
            utf8.removeAll(keepingCapacity: true)
        }
        while position < content.count {
            let byte = content[position]
            guard byte == UInt8(ascii: "\\") else {
                utf8.append(byte)
                position += 1
                continue
            }
            flush()
            let kind = content[position + 1]
            position += 2
            switch kind {
            case UInt8(ascii: "b"): scalars.append("\u{08}")
            case UInt8(ascii: "f"): scalars.append("\u{0C}")
            case UInt8(ascii: "n"): scalars.append("\n")
            case UInt8(ascii: "r"): scalars.append("\r")
            case UInt8(ascii: "t"): scalars.append("\t")
            case UInt8(ascii: "u"):
                let unit = hexUnit(at: span.start + position) ?? 0
                position += 4
                var value = UInt32(unit)
                if (0xD800...0xDBFF).contains(unit) {
                    let low = hexUnit(at: span.start + position + 2) ?? 0xDC00
                    position += 6
                    value = 0x10000 + ((value - 0xD800) << 10) + (UInt32(low) - 0xDC00)
                }
                scalars.append(Unicode.Scalar(value) ?? "\u{FFFD}")
            default: scalars.append(Unicode.Scalar(kind))
            }
        }
        flush()
        return String(scalars)
    }
}
