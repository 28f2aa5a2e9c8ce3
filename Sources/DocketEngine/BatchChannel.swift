import Foundation
import Synchronization

/// A bounded queue between one producer and one consumer thread.
final class BatchChannel<Element: Sendable>: Sendable {
    private let buffer = Mutex<(items: [Element], closed: Bool)>(([], false))
    private let filled = DispatchSemaphore(value: 0)
    private let room: DispatchSemaphore

    init(capacity: Int) { room = DispatchSemaphore(value: capacity) }

    /// Waits for room, then adds.
    func put(_ element: sending Element) {
        room.wait()
        buffer.withLock { $0.items.append(element) }
        filled.signal()
    }

    /// No more elements will come; ``take()`` returns `nil` once the queue is empty.
    func close() {
        buffer.withLock { $0.closed = true }
        filled.signal()
    }

    /// Waits for the next element; `nil` when the queue is closed and empty.
    func take() -> Element? {
        filled.wait()
        let next = buffer.withLock { state -> Element? in
            if state.items.isEmpty { return nil }
            return state.items.removeFirst()
        }
        if next == nil {
            filled.signal() // closed: every later take returns nil too
        } else {
            room.signal()
        }
        return next
    }
}
