import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// HTTP over a plain TCP socket, for requests a client library would refuse to send (a NUL in a
/// header, a bad Content-Length, a request line of 9 KB) and for clients that stall on purpose.
enum RawHTTP {
    struct Answer: CustomStringConvertible {
        let status: Int
        let headers: [(name: String, value: String)]
        let body: Data

        func header(_ name: String) -> String? {
            headers.first { $0.name.lowercased() == name.lowercased() }?.value
        }

        /// The API's JSON error body, `{"error": {"code": …, "message": …}}`.
        func jsonError() throws -> (code: String, message: String) {
            let object = try JSONSerialization.jsonObject(with: body) as? [String: [String: String]]
            guard let code = object?["error"]?["code"], let message = object?["error"]?["message"] else {
                throw Failure(description: "not the API's error shape: \(self)")
            }
            return (code, message)
        }

        var description: String { "\(status) \(String(decoding: body, as: UTF8.self))" }
    }

    enum Outcome {
        case answered(Answer)
        /// The server closed (or reset) the connection without sending a byte.
        case closedWithoutAnswer(after: TimeInterval)
    }

    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// A connected socket to 127.0.0.1:`port`.
    final class Connection {
        let descriptor: Int32

        init(port: Int) throws {
            descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            guard descriptor >= 0 else { throw Failure(description: "socket: errno \(errno)") }
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            address.sin_port = UInt16(port).bigEndian
            let connected = withUnsafePointer(to: &address) { pointer in
                pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
                }
            }
            guard connected else {
                close(descriptor)
                throw Failure(description: "connect to port \(port): errno \(errno)")
            }
        }

        /// A connected socket to the unix socket at `path` (koppel-web's, without nginx before it).
        init(unixSocket path: String) throws {
            descriptor = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
            guard descriptor >= 0 else { throw Failure(description: "socket: errno \(errno)") }
            var address = sockaddr_un()
            address.sun_family = sa_family_t(AF_UNIX)
            let bytes = Array(path.utf8)
            guard bytes.count < MemoryLayout.size(ofValue: address.sun_path) else {
                close(descriptor)
                throw Failure(description: "socket path too long: \(path)")
            }
            withUnsafeMutableBytes(of: &address.sun_path) { buffer in
                buffer.copyBytes(from: bytes)
                buffer[bytes.count] = 0
            }
            let connected = withUnsafePointer(to: &address) { pointer in
                pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) == 0
                }
            }
            guard connected else {
                close(descriptor)
                throw Failure(description: "connect to \(path): errno \(errno)")
            }
        }

        deinit { close(descriptor) }

        func write(_ bytes: Data) throws {
            var offset = 0
            while offset < bytes.count {
                let written = bytes.withUnsafeBytes { buffer in
                    Glibc.send(descriptor, buffer.baseAddress! + offset, buffer.count - offset, Int32(MSG_NOSIGNAL))
                }
                guard written > 0 else { throw Failure(description: "send: errno \(errno)") }
                offset += written
            }
        }

        /// Reads one answer (its head and the Content-Length of body), or notes that the server
        /// closed the connection without one. Fails when nothing happens within `timeout`.
        func read(timeout: TimeInterval) throws -> Outcome {
            var limit = timeval(tv_sec: Int(timeout), tv_usec: Int((timeout - timeout.rounded(.down)) * 1_000_000))
            setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
            let started = Date()
            var received = Data()
            var chunk = [UInt8](repeating: 0, count: 65_536)
            while true {
                if let answer = try RawHTTP.parse(received) { return .answered(answer) }
                let count = recv(descriptor, &chunk, chunk.count, 0)
                if count > 0 {
                    received.append(contentsOf: chunk[0..<count])
                    continue
                }
                if count == 0 || errno == ECONNRESET {
                    guard received.isEmpty else {
                        throw Failure(description: "closed in the middle of an answer: \(String(decoding: received, as: UTF8.self))")
                    }
                    return .closedWithoutAnswer(after: Date().timeIntervalSince(started))
                }
                if errno == EINTR { continue }
                throw Failure(description: "no answer within \(timeout) s (errno \(errno))")
            }
        }
    }

    /// Sends `request` and reads the answer.
    static func exchange(_ request: Data, port: Int, timeout: TimeInterval = 10) throws -> Outcome {
        let connection = try Connection(port: port)
        try connection.write(request)
        return try connection.read(timeout: timeout)
    }

    /// Sends `request` and expects an answer.
    static func answer(_ request: Data, port: Int) throws -> Answer {
        switch try exchange(request, port: port) {
        case .answered(let answer): return answer
        case .closedWithoutAnswer: throw Failure(description: "closed without an answer")
        }
    }

    /// Sends `request` to a unix socket and expects an answer.
    static func answer(_ request: Data, unixSocket path: String) throws -> Answer {
        let connection = try Connection(unixSocket: path)
        try connection.write(request)
        switch try connection.read(timeout: 10) {
        case .answered(let answer): return answer
        case .closedWithoutAnswer: throw Failure(description: "closed without an answer")
        }
    }

    /// An answer once its head and Content-Length bytes of body are in `bytes`.
    static func parse(_ bytes: Data) throws -> Answer? {
        guard let end = bytes.firstRange(of: Data("\r\n\r\n".utf8)) else { return nil }
        let lines = String(decoding: bytes[..<end.lowerBound], as: UTF8.self).components(separatedBy: "\r\n")
        let statusParts = lines[0].split(separator: " ")
        guard statusParts.count >= 2, statusParts[0].hasPrefix("HTTP/1."), let status = Int(statusParts[1]) else {
            throw Failure(description: "not an HTTP status line: \(lines[0])")
        }
        let headers = lines.dropFirst().map { line -> (name: String, value: String) in
            let colon = line.firstIndex(of: ":") ?? line.endIndex
            let value = colon < line.endIndex ? line[line.index(after: colon)...] : ""
            return (String(line[..<colon]), value.trimmingCharacters(in: .whitespaces))
        }
        let length = headers.first { $0.name.lowercased() == "content-length" }.flatMap { Int($0.value) } ?? 0
        let body = bytes[end.upperBound...]
        guard body.count >= length else { return nil }
        return Answer(status: status, headers: headers, body: Data(body.prefix(length)))
    }
}
