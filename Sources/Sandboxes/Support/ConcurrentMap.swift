import Dispatch
import Foundation
import Synchronization

extension Array where Element: Sendable {
    /// `transform` of every element, in order, computed on all cores.
    ///
    /// A list page decodes, renders and writes a hundred invoices at tens of microseconds each while the
    /// client waits; spreading them over the cores divides the page's time. `transform` must not change
    /// shared state.
    public func concurrentMap<T: Sendable, Failure: Error>(
        _ transform: @Sendable (Element) throws(Failure) -> T
    ) throws(Failure) -> [T] {
        let workers = Swift.min(count, ProcessInfo.processInfo.activeProcessorCount)
        guard workers > 1 else { return try map(transform) }
        var results = [T?](repeating: nil, count: count)
        let failure = Mutex<Failure?>(nil)
        results.withUnsafeMutableBufferPointer { buffer in
            // Each slot is written by one worker only and read after all have finished.
            nonisolated(unsafe) let slots = buffer
            DispatchQueue.concurrentPerform(iterations: workers) { worker in
                // Worker w takes elements w, w + workers, …: neighbours cost about the same.
                for index in stride(from: worker, to: count, by: workers) {
                    do throws(Failure) {
                        slots[index] = try transform(self[index])
                    } catch {
                        failure.withLock { $0 = $0 ?? error }
                        return
                    }
                }
            }
        }
        if let error = failure.withLock({ $0 }) { throw error }
        return results.map { $0! }
    }
}
