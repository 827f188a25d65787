import Foundation
import KoppelCore
import StrictJSON

/// Why a push body was refused before anything was stored.
public enum PushRejection: Error, Equatable, Sendable {
    /// Not strict JSON (RFC 8259 in UTF-8, nothing ambiguous; see `StrictJSON`): HTTP 400.
    /// `field` names the value the fault is in, when it is inside one.
    case malformedJSON(String, field: String? = nil)
    /// JSON, but a field is missing, of the wrong type or out of range: HTTP 422.
    case invalidField(FieldError)
}

/// Checks, decodes and validates push bodies, turning decoder errors into the field paths the
/// protocol promises (`orders[3].totals[2].value`).
public enum PushDecoding {
    /// The orders body read by `JSONDecoder` through the Codable types: the reference the one-pass
    /// reader (`orderBatch(from:)`) is tested against.
    public static func referenceOrderBatch(from body: Data) throws(PushRejection) -> OrderBatch {
        let batch = try decode(OrderBatch.self, from: body)
        do { try batch.validate() } catch { throw .invalidField(error) }
        return batch
    }

    public static func settings(from body: Data) throws(PushRejection) -> ShopSettings {
        let settings = try decode(ShopSettings.self, from: body)
        do { try settings.validate() } catch { throw .invalidField(error) }
        return settings
    }

    static func decode<T: Decodable>(_ type: T.Type, from body: Data) throws(PushRejection) -> T {
        try checkStrictly(body)
        do {
            return try JSONDecoder().decode(type, from: body)
        } catch let error as DecodingError {
            throw rejection(for: error, body: body)
        } catch {
            throw .malformedJSON("the body is not valid JSON")
        }
    }

    /// Foundation's decoder takes more than RFC 8259 (a trailing comma, a key twice: the first
    /// wins where PHP and Python take the last), so nothing reaches it, or the reader, unchecked.
    static func checkStrictly(_ body: Data) throws(PushRejection) {
        do {
            try StrictJSON.validate(body)
        } catch {
            throw .malformedJSON(error.message, field: error.path.isEmpty ? nil : error.path)
        }
    }

    static func rejection(for error: DecodingError, body: Data) -> PushRejection {
        switch error {
        case .keyNotFound(let key, let context):
            return .invalidField(FieldError(field: path(context.codingPath + [key]), message: "is required"))
        case .valueNotFound(let expected, let context):
            return .invalidField(FieldError(field: path(context.codingPath), message: "must be \(describe(expected)), not null"))
        case .typeMismatch(let expected, let context):
            return .invalidField(FieldError(field: path(context.codingPath), message: "must be \(describe(expected))"))
        case .dataCorrupted(let context):
            if context.codingPath.isEmpty {
                // Foundation reports a number that does not fit its field (1.5 or 1e30 for an id)
                // as corrupt data without a path. Every number of the protocol is a whole number,
                // so the first one that is not names the field.
                if let field = firstNonWholeNumber(in: body) {
                    return .invalidField(FieldError(field: field, message: "must be a whole number"))
                }
                return .malformedJSON("the body is not valid JSON")
            }
            return .invalidField(FieldError(field: path(context.codingPath), message: "has a value that cannot be read as the expected type"))
        @unknown default:
            return .malformedJSON("the body is not valid JSON")
        }
    }

    static func path(_ codingPath: [any CodingKey]) -> String {
        var path = FieldPath()
        for key in codingPath {
            // Array positions come as "Index 3"; an object key that looks like a number ("1" of a
            // custom field) also has an intValue but is still a key.
            if let index = key.intValue, key.stringValue.hasPrefix("Index ") {
                path = path.index(index)
            } else {
                path = path.key(key.stringValue)
            }
        }
        return path.description.isEmpty ? "body" : path.description
    }

    static func describe(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: return "a string"
        case is Int64.Type, is Int.Type: return "a whole number"
        case is Bool.Type: return "true or false"
        case is [Any].Type: return "an array"
        default:
            let name = String(describing: type)
            if name.hasPrefix("Array") { return "an array" }
            if name.hasPrefix("Dictionary") { return "an object" }
            return name == "CustomFieldValue" ? "a string or an array of strings" : "an object"
        }
    }

    /// The path of the first number in `body` that is not a whole number within Int64, if the body
    /// is valid JSON at all.
    static func firstNonWholeNumber(in body: Data) -> String? {
        guard let tree = try? JSONSerialization.jsonObject(with: body, options: [.fragmentsAllowed]) else { return nil }
        func search(_ node: Any, _ path: FieldPath) -> String? {
            switch node {
            case let object as [String: Any]:
                for key in object.keys.sorted() {
                    if let found = search(object[key]!, path.key(key)) { return found }
                }
            case let array as [Any]:
                for (position, element) in array.enumerated() {
                    if let found = search(element, path.index(position)) { return found }
                }
            case let number as NSNumber where !(node is Bool):
                let value = number.doubleValue
                if value != value.rounded() || abs(value) >= 9.2e18 { return path.description.isEmpty ? "body" : path.description }
            default:
                break
            }
            return nil
        }
        return search(tree, FieldPath())
    }
}
