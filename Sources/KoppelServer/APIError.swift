import Foundation
import KoppelCore

/// An error answer of the push API: its HTTP status and the JSON body docs/protocol.md promises,
/// `{"error": {"code": …, "message": …, "field": …}}`.
public struct APIError: Error, Equatable, Sendable {
    public let status: HTTPStatus
    public let code: String
    public let message: String
    public let field: String?
    public var allow: String? = nil

    public static let unauthorized = APIError(
        status: .unauthorized, code: "unauthorized",
        message: "the request is not authenticated: check the license key, the API key and the clock", field: nil)
    public static let notFound = APIError(status: .notFound, code: "not_found", message: "no such endpoint", field: nil)
    public static let lengthRequired = APIError(
        status: .lengthRequired, code: "length_required", message: "a request body needs a Content-Length", field: nil)
    /// The stored API keys do not open with the master key: the operator must restore it. The
    /// caller learns no more than that; the log says which file and what to do.
    public static let masterKeyUnavailable = APIError(
        status: .serviceUnavailable, code: "master_key_unavailable",
        message: "koppel cannot check requests until its operator restores its master key; nothing was stored, try again later",
        field: nil)
    public static let internalError = APIError(
        status: .internalServerError, code: "internal", message: "koppel could not handle the request; nothing was stored, try again later", field: nil)

    public static func methodNotAllowed(allow: String) -> APIError {
        APIError(status: .methodNotAllowed, code: "method_not_allowed", message: "this endpoint takes \(allow)", field: nil, allow: allow)
    }

    public static func bodyTooLarge(limit: Int) -> APIError {
        APIError(status: .payloadTooLarge, code: "body_too_large", message: "the body is larger than \(limit) bytes", field: nil)
    }

    public static let unsupportedMediaType = APIError(
        status: .unsupportedMediaType, code: "unsupported_media_type", message: "the body must be application/json", field: nil)

    public static func malformedJSON(_ message: String, field: String? = nil) -> APIError {
        APIError(status: .badRequest, code: "malformed_json", message: message, field: field)
    }

    public static func invalidField(_ error: FieldError) -> APIError {
        APIError(status: .unprocessableContent, code: "invalid_field", message: error.message, field: error.field)
    }

    public var response: APIResponse {
        var error: [String: String] = ["code": code, "message": message]
        if let field { error["field"] = field }
        var response = APIResponse(status: status, json: ["error": error])
        if let allow { response.headers.append(("Allow", allow)) }
        return response
    }
}

/// The statuses the API answers with, with the reason phrases FastCGI's `Status:` line needs.
public enum HTTPStatus: Int, Sendable {
    case ok = 200
    case badRequest = 400
    case unauthorized = 401
    case notFound = 404
    case methodNotAllowed = 405
    case lengthRequired = 411
    case payloadTooLarge = 413
    case unsupportedMediaType = 415
    case unprocessableContent = 422
    case internalServerError = 500
    case serviceUnavailable = 503

    public var reason: String {
        switch self {
        case .ok: return "OK"
        case .badRequest: return "Bad Request"
        case .unauthorized: return "Unauthorized"
        case .notFound: return "Not Found"
        case .methodNotAllowed: return "Method Not Allowed"
        case .lengthRequired: return "Length Required"
        case .payloadTooLarge: return "Content Too Large"
        case .unsupportedMediaType: return "Unsupported Media Type"
        case .unprocessableContent: return "Unprocessable Content"
        case .internalServerError: return "Internal Server Error"
        case .serviceUnavailable: return "Service Unavailable"
        }
    }
}

/// An answer: status, extra headers and a JSON body.
public struct APIResponse: Sendable {
    public var status: HTTPStatus
    public var headers: [(String, String)] = []
    public var body: Data

    public init(status: HTTPStatus, body: Data) {
        self.status = status
        self.body = body
    }

    public init(status: HTTPStatus, json: some Encodable) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        self.init(status: status, body: (try? encoder.encode(json)) ?? Data("{}".utf8))
    }
}
