import CCurl
import Foundation

/// An HTTP client over one libcurl easy handle. Not shared between threads: each thread makes its
/// own (a handle keeps connections alive between requests, which is the point of reusing it).
/// Call `CurlHTTPClient.globalInit()` once in `main` before any thread starts.
public final class CurlHTTPClient {
    private let handle: UnsafeMutableRawPointer

    public static func globalInit() {
        curl_global_init(Int(CURL_GLOBAL_DEFAULT))
    }

    public init() throws(HTTPClientError) {
        guard let handle = curl_easy_init() else { throw .setup("curl_easy_init failed") }
        self.handle = handle
    }

    deinit {
        curl_easy_cleanup(handle)
    }

    public func perform(_ request: HTTPRequest) throws(HTTPClientError) -> HTTPResponse {
        curl_easy_reset(handle)
        let sink = ResponseSink()
        let sinkPointer = Unmanaged.passUnretained(sink).toOpaque()
        var headerList: UnsafeMutablePointer<curl_slist>?
        defer { curl_slist_free_all(headerList) }

        try set(CURLOPT_URL, request.url)
        // Signals must not be used for timeouts in a threaded program.
        try set(CURLOPT_NOSIGNAL, 1)
        try set(CURLOPT_PROTOCOLS_STR, "http,https")
        try set(CURLOPT_REDIR_PROTOCOLS_STR, "https")
        try set(CURLOPT_CONNECTTIMEOUT, 10)
        try set(CURLOPT_TIMEOUT, request.timeout)
        try set(CURLOPT_SSL_VERIFYPEER, 1)
        try set(CURLOPT_SSL_VERIFYHOST, 2)
        if request.freshConnection { try set(CURLOPT_FRESH_CONNECT, 1) }

        let method = request.method.uppercased()
        if let body = request.body {
            // The size first, so that bodies with NUL bytes are copied whole.
            try set(CURLOPT_POSTFIELDSIZE, body.count)
            let copied = [UInt8](body) + [0]
            let code = copied.withUnsafeBufferPointer { bytes in
                koppel_curl_setopt_pointer(handle, CURLOPT_COPYPOSTFIELDS, UnsafeMutableRawPointer(mutating: bytes.baseAddress!))
            }
            try check(code)
            if method != "POST" { try set(CURLOPT_CUSTOMREQUEST, method) }
        } else if method == "HEAD" {
            try set(CURLOPT_NOBODY, 1)
        } else if method != "GET" {
            try set(CURLOPT_CUSTOMREQUEST, method)
        }

        // curl adds "Expect: 100-continue" to larger bodies; an empty value turns that off.
        for (name, value) in request.headers + [("Expect", "")] {
            headerList = curl_slist_append(headerList, "\(name): \(value)")
        }
        try check(koppel_curl_setopt_slist(handle, CURLOPT_HTTPHEADER, headerList))

        try check(koppel_curl_setopt_data_callback(handle, CURLOPT_WRITEFUNCTION) { data, size, count, user in
            let sink = Unmanaged<ResponseSink>.fromOpaque(user!).takeUnretainedValue()
            sink.body.append(UnsafeRawPointer(data!).assumingMemoryBound(to: UInt8.self), count: size * count)
            return size * count
        })
        try check(koppel_curl_setopt_pointer(handle, CURLOPT_WRITEDATA, sinkPointer))
        try check(koppel_curl_setopt_data_callback(handle, CURLOPT_HEADERFUNCTION) { data, size, count, user in
            let sink = Unmanaged<ResponseSink>.fromOpaque(user!).takeUnretainedValue()
            let line = String(decoding: UnsafeRawBufferPointer(start: data, count: size * count), as: UTF8.self)
            sink.takeHeaderLine(line)
            return size * count
        })
        try check(koppel_curl_setopt_pointer(handle, CURLOPT_HEADERDATA, sinkPointer))

        let code = curl_easy_perform(handle)
        guard code == CURLE_OK else {
            throw .transfer(Int32(code.rawValue), String(cString: curl_easy_strerror(code)))
        }
        var status = 0
        _ = koppel_curl_getinfo_long(handle, CURLINFO_RESPONSE_CODE, &status)
        return HTTPResponse(status: status, headers: sink.headers, body: sink.body)
    }

    private func set(_ option: CURLoption, _ value: String) throws(HTTPClientError) {
        try check(koppel_curl_setopt_string(handle, option, value))
    }

    private func set(_ option: CURLoption, _ value: Int) throws(HTTPClientError) {
        try check(koppel_curl_setopt_long(handle, option, value))
    }

    /// The one place a libcurl status becomes a Swift error.
    private func check(_ code: CURLcode) throws(HTTPClientError) {
        guard code == CURLE_OK else { throw .setup(String(cString: curl_easy_strerror(code))) }
    }
}

/// Collects a response while libcurl delivers it.
private final class ResponseSink {
    var body = Data()
    var headers: [(name: String, value: String)] = []

    func takeHeaderLine(_ line: String) {
        if line.hasPrefix("HTTP/") {
            headers.removeAll()  // a new response (after a 100 Continue or a redirect)
            return
        }
        guard let colon = line.firstIndex(of: ":") else { return }
        let name = line[..<colon].trimmingCharacters(in: .whitespaces).lowercased()
        let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespacesAndNewlines)
        headers.append((name, value))
        // The body's room made once: grown by appends, a 450 KB page of invoices was copied
        // over and over (docs/benchmarks.md, "Reconcile"). A length past 64 MiB grows as it comes.
        if name == "content-length", let length = Int(value), length > 0, length <= 64 << 20 {
            body.reserveCapacity(length)
        }
    }
}
