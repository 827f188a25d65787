import Foundation

/// One ledger request sent on its own thread while the caller works on the answer before it, so
/// that the ledger's time and koppel's overlap when reading page after page.
///
/// Only one request is ever in flight: the caller does not use the ledger's connection again
/// until `response()` or `discard()` has returned, and the semaphore orders the two threads'
/// use of it. That hand-over is why the class may cross threads (`@unchecked Sendable`).
public final class RequestAhead<Value>: @unchecked Sendable {
    private let work: () throws(LedgerError) -> Value
    private var result: Result<Value, LedgerError>?
    private let finished = DispatchSemaphore(value: 0)
    private var waited = false

    public init(_ work: @escaping () throws(LedgerError) -> Value) {
        self.work = work
        // A thread of the shared pool: a new thread per page cost about 0.1 ms of system time.
        DispatchQueue.global().async { [self] in
            result = Result { () throws(LedgerError) in try self.work() }
            finished.signal()
        }
    }

    /// The answer, or the error the request ended in; waits for it.
    public func response() throws(LedgerError) -> Value {
        wait()
        return try result!.get()
    }

    /// Waits for the request to end and drops its answer: the caller stopped reading.
    public func discard() {
        wait()
    }

    private func wait() {
        guard !waited else { return }
        finished.wait()
        waited = true
    }
}
