import CFastCGI
import Foundation
import Logging
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// The FastCGI shell: one listening socket, a fixed number of threads, each with its own
/// `FCGX_Request`, looping on `FCGX_Accept_r`. Requests are handled synchronously on their thread;
/// the database serialises the writes.
///
/// nginx keeps its connections to koppel-fcgi open between requests (`fastcgi_keep_conn on` and
/// `keepalive` in etc/nginx/koppel.conf.in): a connect and an accept per request capped the push
/// API at about 12,000 requests a second (docs/benchmarks.md). libfcgi serves a kept connection on
/// the thread that accepted it, so each idle connection in nginx's cache holds a thread: there
/// must be more threads than nginx can keep idle (its workers × `keepalive`), or a new connection
/// waits until a kept one times out.
public final class FastCGIServer: Sendable {
    public enum Address: Sendable, CustomStringConvertible {
        /// `127.0.0.1:9000`, when an operator asks for it: every process on the host may connect,
        /// and each idle connection holds a thread.
        case tcp(host: String, port: Int)
        /// A unix socket path (the default); its mode is set so that nginx's user may connect,
        /// and no one else.
        case unix(path: String, mode: mode_t)

        public var description: String {
            switch self {
            case .tcp(let host, let port): return "\(host):\(port)"
            case .unix(let path, _): return path
            }
        }
    }

    public struct StartError: Error, CustomStringConvertible {
        public let description: String
    }

    private let api: PushAPI
    private let logger: Logger
    private let listenSocket: Int32
    private let threadCount: Int
    private let stopping = Atomic<Bool>(false)
    /// Written once on stop: wakes the threads that wait for the next request on a kept connection.
    private let wakePipe: (read: Int32, write: Int32)

    /// Opens the listening socket; nothing is accepted until `run()`.
    public init(address: Address, threads: Int, api: PushAPI, logger: Logger) throws {
        self.api = api
        self.logger = logger
        self.threadCount = max(1, threads)
        guard FCGX_Init() == 0 else { throw StartError(description: "FCGX_Init failed") }
        if case .unix(let path, _) = address { unlink(path) }
        let socket = FCGX_OpenSocket(address.description, 1024)
        guard socket >= 0 else { throw StartError(description: "cannot listen on \(address)") }
        if case .unix(let path, let mode) = address, chmod(path, mode) != 0 {
            throw StartError(description: "cannot set the mode of \(path)")
        }
        self.listenSocket = socket
        var ends: [Int32] = [-1, -1]
        guard pipe(&ends) == 0 else { throw StartError(description: "cannot make the stop pipe") }
        self.wakePipe = (ends[0], ends[1])
    }

    /// Serves until SIGTERM or SIGINT, then lets the requests in progress finish and returns.
    public func run() {
        // Block the termination signals in every thread; this one waits for them below.
        // SIGPIPE stays blocked: a client that went away must not kill the process.
        _ = koppel_block_signals()
        let finished = DispatchGroup()
        for index in 0..<threadCount {
            finished.enter()
            let thread = Thread { [self] in
                serve()
                finished.leave()
            }
            thread.name = "fcgi-\(index)"
            thread.stackSize = 1 << 20
            thread.start()
        }
        logger.info("koppel-fcgi listening", metadata: ["threads": "\(threadCount)"])
        let signal = koppel_wait_for_termination()
        logger.info("shutting down", metadata: ["signal": "\(signal)"])
        stop()
        finished.wait()
        close(listenSocket)
        close(wakePipe.read)
        close(wakePipe.write)
        logger.info("stopped")
    }

    /// Wakes the threads blocked in accept(): shutting the listening socket down makes accept fail,
    /// and libfcgi then returns instead of retrying because shutdown is pending. The threads that
    /// wait on a kept connection wake on the pipe and close it.
    public func stop() {
        guard !stopping.exchange(true, ordering: .sequentiallyConsistent) else { return }
        FCGX_ShutdownPending()
        _ = koppel_shutdown_listener(listenSocket)
        var byte: UInt8 = 1
        _ = Glibc.write(wakePipe.write, &byte, 1)
    }

    private func serve() {
        let request = UnsafeMutablePointer<FCGX_Request>.allocate(capacity: 1)
        defer { request.deallocate() }
        guard koppel_fcgx_init_request(request, listenSocket) == 0 else {
            logger.error("FCGX_InitRequest failed")
            return
        }
        while !stopping.load(ordering: .relaxed), FCGX_Accept_r(request) >= 0 {
            let response = handle(request)
            write(response, to: request.pointee.out)
            FCGX_Finish_r(request)
            // A kept connection: its next request may come in a second or in a minute. Without
            // this wait a stop would hang until nginx drops the connection.
            let connection = koppel_fcgx_connection(request)
            if connection >= 0, koppel_wait_for_next_request(connection, wakePipe.read) != 1 { break }
        }
        FCGX_Free(request, 1)
    }

    private func handle(_ request: UnsafeMutablePointer<FCGX_Request>) -> APIResponse {
        let environment = request.pointee.envp
        func parameter(_ name: String) -> String? {
            guard let value = FCGX_GetParam(name, environment) else { return nil }
            return String(cString: value)
        }
        let method = parameter("REQUEST_METHOD") ?? "GET"
        let uri = parameter("REQUEST_URI") ?? "/"
        let lengthText = parameter("CONTENT_LENGTH").flatMap { $0.isEmpty ? nil : $0 }
        // A length that is not a plain count is treated as too large: refused before reading.
        let contentLength = lengthText.map { text in Int(text).flatMap { $0 >= 0 ? $0 : nil } ?? Int.max }
        let head = APIRequestHead(
            method: method, uri: uri, contentType: parameter("CONTENT_TYPE"), contentLength: contentLength)
        if let refusal = api.refusal(for: head) { return refusal.response }

        guard let body = readBody(count: contentLength ?? 0, from: request.pointee.in) else {
            return APIError.malformedJSON("the body ended before its Content-Length").response
        }
        return api.respond(to: APIRequest(
            method: method, uri: uri, contentType: head.contentType,
            license: parameter("HTTP_X_KOPPEL_LICENSE"), timestamp: parameter("HTTP_X_KOPPEL_TIMESTAMP"),
            signature: parameter("HTTP_X_KOPPEL_SIGNATURE"), body: body))
    }

    private func readBody(count: Int, from stream: UnsafeMutablePointer<FCGX_Stream>?) -> Data? {
        guard count > 0 else { return Data() }
        var body = Data(count: count)
        let read = body.withUnsafeMutableBytes { buffer in
            FCGX_GetStr(buffer.baseAddress!.assumingMemoryBound(to: CChar.self), Int32(count), stream)
        }
        return read == count ? body : nil
    }

    private func write(_ response: APIResponse, to stream: UnsafeMutablePointer<FCGX_Stream>?) {
        // libfcgi's printf is variadic; the head and the body go out with FCGX_PutStr, into the
        // stream's buffer, without joining them first.
        var head = "Status: \(response.status.rawValue) \(response.status.reason)\r\n"
        head += "Content-Type: application/json\r\nContent-Length: \(response.body.count)\r\nCache-Control: no-store\r\n"
        for (name, value) in response.headers { head += "\(name): \(value)\r\n" }
        head += "\r\n"
        head.withUTF8 { bytes in
            _ = FCGX_PutStr(UnsafeRawPointer(bytes.baseAddress!).assumingMemoryBound(to: CChar.self), Int32(bytes.count), stream)
        }
        response.body.withUnsafeBytes { buffer in
            guard let base = buffer.baseAddress, buffer.count > 0 else { return }
            _ = FCGX_PutStr(base.assumingMemoryBound(to: CChar.self), Int32(buffer.count), stream)
        }
    }
}
