import Foundation

/// A request for `CurlHTTPClient`.
public struct HTTPRequest: Sendable {
    public var method: String
    public var url: String
    public var headers: [(name: String, value: String)]
    public var body: Data?
    /// Whole transfer, in seconds.
    public var timeout: Int
    /// Send on a new connection. libcurl resends a request by itself when a reused connection
    /// turns out closed before an answer came; for a request that creates something, that resend
    /// could create it twice (the server may have acted before the connection closed).
    public var freshConnection: Bool

    public init(
        method: String = "GET", url: String, headers: [(name: String, value: String)] = [], body: Data? = nil, timeout: Int = 30,
        freshConnection: Bool = false
    ) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.timeout = timeout
        self.freshConnection = freshConnection
    }
}

public struct HTTPResponse: Sendable {
    public var status: Int
    /// Header names in lower case, in the order received.
    public var headers: [(name: String, value: String)]
    public var body: Data

    public func header(_ name: String) -> String? {
        let wanted = name.lowercased()
        return headers.last { $0.name == wanted }?.value
    }

    public var text: String { String(decoding: body, as: UTF8.self) }
}

/// A transfer that did not produce an HTTP response: the network, TLS or a timeout.
public struct HTTPClientError: Error, CustomStringConvertible, Sendable {
    private enum Code: Sendable { case transfer(Int32), setup(String) }
    private let code: Code
    public let message: String

    static func transfer(_ code: Int32, _ message: String) -> HTTPClientError {
        HTTPClientError(code: .transfer(code), message: message)
    }

    static func setup(_ message: String) -> HTTPClientError {
        HTTPClientError(code: .setup(message), message: message)
    }

    /// Timeouts are worth retrying; so are refused connections.
    public var isTimeout: Bool {
        if case .transfer(let code) = code { return code == 28 }
        return false
    }

    /// No connection was made (host unknown, connection refused): the request reached nobody.
    public var isConnectionFailure: Bool {
        if case .transfer(let code) = code { return code == 6 || code == 7 }
        return false
    }

    public var description: String { message }
}
