/// Why a text is not strict JSON, where: the byte offset (counted from 0) and, inside a value, the
/// path to it in the form the push protocol uses for fields (`orders[0].order_id`). Never quotes
/// the text back, only the keys that lead to the place.
public struct JSONSyntaxError: Error, Equatable, Sendable {
    public enum Reason: Equatable, Sendable {
        case empty
        case byteOrderMark
        case unexpectedEnd
        /// Something else stands where this was expected.
        case expected(String)
        case trailingComma
        case duplicateKey
        case comment
        case nonFiniteNumber
        case leadingZero
        case incompleteNumber
        case numberOutOfRange
        case controlCharacter
        case invalidEscape
        case unpairedSurrogate
        case invalidUTF8
        case tooDeep
        case trailingContent
    }

    enum Step: Equatable, Sendable {
        case key(String)
        case index(Int)
    }

    public let reason: Reason
    public let offset: Int
    /// The steps from the place out to the top: errors gather them on their way out.
    private var stepsInnermostFirst: [Step] = []

    init(_ reason: Reason, at offset: Int) {
        self.reason = reason
        self.offset = offset
    }

    func within(_ step: Step) -> JSONSyntaxError {
        var error = self
        error.stepsInnermostFirst.append(step)
        return error
    }

    /// `orders[0].order_id`; empty when the place is not inside any object or array.
    public var path: String {
        var text = ""
        for step in stepsInnermostFirst.reversed() {
            switch step {
            case .key(let name): text += text.isEmpty ? name : "." + name
            case .index(let position): text += "[\(position)]"
            }
        }
        return text
    }

    /// What is wrong and at which byte, for people: "a trailing comma is not allowed (at byte 1234)".
    public var message: String {
        "\(explanation) (at byte \(offset))"
    }

    private var explanation: String {
        switch reason {
        case .empty: return "the body is empty"
        case .byteOrderMark: return "a byte order mark is not allowed before JSON"
        case .unexpectedEnd: return "the body ends inside a JSON value"
        case .expected(let what): return "expected \(what)"
        case .trailingComma: return "a trailing comma is not allowed"
        case .duplicateKey: return "the key appears more than once in its object"
        case .comment: return "comments are not allowed in JSON"
        case .nonFiniteNumber: return "NaN and Infinity are not JSON numbers"
        case .leadingZero: return "a number must not start with a leading zero"
        case .incompleteNumber: return "a number needs digits after its sign, decimal point and exponent"
        case .numberOutOfRange:
            let smallest = "1e-\(StrictJSON.smallestExponent)"
            let limit = "1e\(StrictJSON.largestExponent + 1)"
            return "the number is out of range (magnitudes from \(smallest) to below \(limit), or 0)"
        case .controlCharacter: return "a control character in a string must be escaped"
        case .invalidEscape: return "not a JSON escape sequence"
        case .unpairedSurrogate: return "a \\u escape of half a surrogate pair without its other half"
        case .invalidUTF8: return "the body is not valid UTF-8"
        case .tooDeep: return "nested deeper than \(StrictJSON.maximumDepth) arrays and objects"
        case .trailingContent: return "there is more after the JSON value"
        }
    }
}
