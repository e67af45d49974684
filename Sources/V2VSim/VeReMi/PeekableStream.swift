import Trace

/// A sorted trace stream with one row of look-ahead, for merging streams by key.
final class PeekableStream<Element> {
    private let stream: SortedRowStream<Element>
    private var buffered: Element?
    private var isBuffered = false

    init(_ stream: SortedRowStream<Element>) {
        self.stream = stream
    }

    /// The next row without consuming it.
    func peek() throws -> Element? {
        if !self.isBuffered {
            self.buffered = try self.stream.next()
            self.isBuffered = true
        }
        return self.buffered
    }

    /// The next row, consumed.
    func next() throws -> Element? {
        let value = try self.peek()
        self.isBuffered = false
        self.buffered = nil
        return value
    }
}
