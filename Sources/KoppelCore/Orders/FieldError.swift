/// A refused value in a pushed document, with the exact place it was found, for example
/// `orders[3].totals[2].value`. It never quotes the value back: values can be anything.
public struct FieldError: Error, Equatable, Sendable {
    public var field: String
    public var message: String

    public init(field: String, message: String) {
        self.field = field
        self.message = message
    }
}

/// A path into a JSON document, built while validating, printed as `orders[3].totals[2].value`.
/// Validation makes a path for every field it checks and prints almost none, so a step only links
/// to the path before it; the text is joined when an error is made.
public struct FieldPath: Sendable, CustomStringConvertible {
    private enum Step: Sendable {
        case key(String)
        case index(Int)
    }

    /// The path up to the last step, shared by every path that goes on from it.
    private final class Before: Sendable {
        let path: FieldPath

        init(_ path: FieldPath) {
            self.path = path
        }
    }

    private let before: Before?
    private let last: Step?

    public init(_ root: String = "") {
        self.init(before: nil, last: root.isEmpty ? nil : .key(root))
    }

    private init(before: Before?, last: Step?) {
        self.before = before
        self.last = last
    }

    public func key(_ name: String) -> FieldPath {
        FieldPath(before: last == nil ? nil : Before(self), last: .key(name))
    }

    public func index(_ position: Int) -> FieldPath {
        FieldPath(before: last == nil ? nil : Before(self), last: .index(position))
    }

    public var description: String {
        var steps: [Step] = []
        var path: FieldPath? = self
        while let current = path {
            if let last = current.last { steps.append(last) }
            path = current.before?.path
        }
        var text = ""
        for step in steps.reversed() {
            switch step {
            case .key(let name): text = text.isEmpty ? name : text + "." + name
            case .index(let position): text += "[\(position)]"
            }
        }
        return text
    }

    public func error(_ message: String) -> FieldError {
        FieldError(field: description, message: message)
    }
}
