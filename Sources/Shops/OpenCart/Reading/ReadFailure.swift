import Foundation
import KoppelCore

/// A value of the wrong kind found while reading a push body, and where: the faults
/// `JSONDecoder` reports for the Codable types, so that both readings refuse a body alike.
struct ReadFailure: Error {
    /// What the field holds, in the words of the 422 messages.
    enum Expected {
        case string, wholeNumber, array, object, customFieldValue

        var description: String {
            switch self {
            case .string: return "a string"
            case .wholeNumber: return "a whole number"
            case .array: return "an array"
            case .object: return "an object"
            case .customFieldValue: return "a string or an array of strings"
            }
        }
    }

    enum Fault {
        case missing
        case null(Expected)
        case mismatch(Expected)
        /// A number where a whole number within Int64 belongs, but not one: `JSONDecoder` reports
        /// it without a place, so the body is searched for it as `PushDecoding` does.
        case notWhole
    }

    enum Step {
        case key(String)
        case index(Int)
    }

    let fault: Fault
    /// Gathered on the way out of the containers, the innermost first; nothing is built on the way in.
    private var stepsInnermostFirst: [Step] = []

    init(_ fault: Fault) {
        self.fault = fault
    }

    /// A required member that is not there.
    static func missing(_ name: String) -> ReadFailure {
        ReadFailure(.missing).within(.key(name))
    }

    func within(_ step: Step) -> ReadFailure {
        var failure = self
        failure.stepsInnermostFirst.append(step)
        return failure
    }

    var field: String {
        var path = FieldPath()
        for step in stepsInnermostFirst.reversed() {
            switch step {
            case .key(let name): path = path.key(name)
            case .index(let position): path = path.index(position)
            }
        }
        return path.description.isEmpty ? "body" : path.description
    }

    /// The refusal `PushDecoding` makes of the same fault found by `JSONDecoder`.
    func rejection(body: Data) -> PushRejection {
        switch fault {
        case .missing: return .invalidField(FieldError(field: field, message: "is required"))
        case .null(let expected):
            return .invalidField(FieldError(field: field, message: "must be \(expected.description), not null"))
        case .mismatch(let expected):
            return .invalidField(FieldError(field: field, message: "must be \(expected.description)"))
        case .notWhole:
            guard let field = PushDecoding.firstNonWholeNumber(in: body) else {
                return .malformedJSON("the body is not valid JSON")
            }
            return .invalidField(FieldError(field: field, message: "must be a whole number"))
        }
    }
}
