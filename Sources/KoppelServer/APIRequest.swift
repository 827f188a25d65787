import Foundation

/// A request as the API sees it, free of FastCGI: what the shell read from the parameters and
/// the body. Tests build these directly.
public struct APIRequest: Sendable {
    public var method: String
    /// The request URI as sent (path and query): what the signature covers.
    public var uri: String
    public var contentType: String?
    public var license: String?
    public var timestamp: String?
    public var signature: String?
    public var body: Data

    public init(
        method: String, uri: String, contentType: String? = nil, license: String? = nil, timestamp: String? = nil,
        signature: String? = nil, body: Data = Data()
    ) {
        self.method = method
        self.uri = uri
        self.contentType = contentType
        self.license = license
        self.timestamp = timestamp
        self.signature = signature
        self.body = body
    }

    /// The path without the query string, for routing.
    public var path: Substring {
        uri.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
    }
}

/// The parts of a request known before its body is read: enough to refuse it cheaply.
public struct APIRequestHead: Sendable {
    public var method: String
    public var uri: String
    public var contentType: String?
    /// nil when the request has no Content-Length.
    public var contentLength: Int?

    public init(method: String, uri: String, contentType: String?, contentLength: Int?) {
        self.method = method
        self.uri = uri
        self.contentType = contentType
        self.contentLength = contentLength
    }
}
