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
public struct FieldPath: Sendable, CustomStringConvertible {
    private var text: String

    public init(_ root: String = "") {
        self.text = root
    }

    public func key(_ name: String) -> FieldPath {
        FieldPath(text.isEmpty ? name : text + "." + name)
    }

    public func index(_ position: Int) -> FieldPath {
        FieldPath(text + "[\(position)]")
    }

    public var description: String { text }

    public func error(_ message: String) -> FieldError {
        FieldError(field: text, message: message)
    }
}
