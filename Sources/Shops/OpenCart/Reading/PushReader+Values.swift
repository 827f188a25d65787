/// The values of the push schema, each refused the way `JSONDecoder` refuses it for the Codable
/// types: null where a value is required, or a value of another kind.
extension PushReader {
    mutating func string() throws(ReadFailure) -> String {
        switch kind() {
        case .string: return text()
        case .null: throw ReadFailure(.null(.string))
        default: throw ReadFailure(.mismatch(.string))
        }
    }

    /// A string, or nil for null (a member left out never gets here).
    mutating func optionalString() throws(ReadFailure) -> String? {
        skipNull() ? nil : try string()
    }

    mutating func wholeNumber() throws(ReadFailure) -> Int64 {
        switch kind() {
        case .number:
            let literal = numberSpan()
            guard let value = WholeNumber.parse(UnsafeBufferPointer(rebasing: bytes[literal])) else {
                throw ReadFailure(.notWhole)
            }
            return value
        case .null: throw ReadFailure(.null(.wholeNumber))
        default: throw ReadFailure(.mismatch(.wholeNumber))
        }
    }

    mutating func optionalWholeNumber() throws(ReadFailure) -> Int64? {
        skipNull() ? nil : try wholeNumber()
    }

    /// An array read element by element; the first refused element ends it, named by its position.
    mutating func array<Element>(
        _ element: (inout PushReader) throws(ReadFailure) -> Element
    ) throws(ReadFailure) -> [Element] {
        switch kind() {
        case .array: break
        case .null: throw ReadFailure(.null(.array))
        default: throw ReadFailure(.mismatch(.array))
        }
        var elements: [Element] = []
        guard enterContainer() else { return elements }
        repeat {
            do {
                elements.append(try element(&self))
            } catch {
                throw error.within(.index(elements.count))
            }
        } while nextInContainer()
        return elements
    }

    mutating func optionalArray<Element>(
        _ element: (inout PushReader) throws(ReadFailure) -> Element
    ) throws(ReadFailure) -> [Element]? {
        skipNull() ? nil : try array(element)
    }

    /// An object of the schema: `member` reads the value of each key `table` has (by its position),
    /// other keys are stepped over. Members are read in the body's order, but a fault is reported
    /// as `JSONDecoder` finds it, reading in the table's order: the first member of the table
    /// that is refused or, when `required` has its bit, missing.
    mutating func object(
        _ table: KeyTable, required: UInt64, _ member: (Int, inout PushReader) throws(ReadFailure) -> Void
    ) throws(ReadFailure) {
        switch kind() {
        case .object: break
        case .null: throw ReadFailure(.null(.object))
        default: throw ReadFailure(.mismatch(.object))
        }
        var present: UInt64 = 0
        var firstFailure: (position: Int, failure: ReadFailure)? = nil
        if enterContainer() {
            repeat {
                skipWhitespace()
                let position = key(in: table)
                skipColon()
                guard let position else {
                    skipValue()
                    continue
                }
                present |= 1 << position
                let start = index
                do {
                    try member(position, &self)
                } catch {
                    if position < firstFailure?.position ?? .max {
                        firstFailure = (position, error.within(.key(table.names[position])))
                    }
                    index = start
                    skipValue()
                }
            } while nextInContainer()
        }
        let missing = required & ~present
        let firstMissing = missing == 0 ? Int.max : missing.trailingZeroBitCount
        if let firstFailure, firstFailure.position < firstMissing { throw firstFailure.failure }
        if missing != 0 { throw ReadFailure.missing(table.names[firstMissing]) }
    }

    /// `null` as nil, else the object `read` reads.
    mutating func optionalObject<Value>(
        _ read: (inout PushReader) throws(ReadFailure) -> Value
    ) throws(ReadFailure) -> Value? {
        skipNull() ? nil : try read(&self)
    }

    /// `custom_field`: ids to a string or a list of strings. Read in the body's order, so the first
    /// refused value in the body is the one named.
    mutating func customFields() throws(ReadFailure) -> [String: CustomFieldValue]? {
        switch kind() {
        case .object: break
        case .null:
            index += 4
            return nil
        default: throw ReadFailure(.mismatch(.object))
        }
        var fields: [String: CustomFieldValue] = [:]
        guard enterContainer() else { return fields }
        repeat {
            skipWhitespace()
            let id = text()
            skipColon()
            do {
                fields[id] = try customFieldValue()
            } catch {
                throw error.within(.key(id))
            }
        } while nextInContainer()
        return fields
    }

    private mutating func customFieldValue() throws(ReadFailure) -> CustomFieldValue {
        switch kind() {
        case .string: return .text(text())
        case .array:
            var items: [String] = []
            guard enterContainer() else { return .list(items) }
            repeat {
                guard kind() == .string else { throw ReadFailure(.mismatch(.customFieldValue)) }
                items.append(text())
            } while nextInContainer()
            return .list(items)
        default: throw ReadFailure(.mismatch(.customFieldValue))
        }
    }
}
