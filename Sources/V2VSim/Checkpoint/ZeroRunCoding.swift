/// The checkpoint blob's outer layer: runs of zero bytes written as a zero and the run's length.
///
/// The canonical encoding is mostly fixed-width little-endian integers, whose high bytes are zero,
/// and the run's latency histograms are arrays of mostly empty buckets: collapsing zero runs makes a
/// checkpoint about ten times smaller at the cost of one pass over its bytes, with nothing to
/// configure and no library (none of the allowed packages compresses).
///
/// Format: a non-zero byte stands for itself; `0x00` is followed by the length of the run of zeros it
/// stands for, as a LEB128 varint (at least 1).
enum ZeroRunCoding {
    /// The largest blob a checkpoint may expand to: far above any real run's state, low enough that a
    /// hostile length cannot exhaust memory.
    static let maximumExpandedBytes = 1 << 30

    static func compress(_ bytes: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count / 4)
        var i = 0
        while i < bytes.count {
            let byte = bytes[i]
            guard byte == 0 else {
                out.append(byte)
                i += 1
                continue
            }
            var run = 0
            while i < bytes.count && bytes[i] == 0 {
                run += 1
                i += 1
            }
            out.append(0)
            while run >= 0x80 {
                out.append(UInt8(truncatingIfNeeded: run) | 0x80)
                run >>= 7
            }
            out.append(UInt8(run))
        }
        return out
    }

    /// - Throws: ``CheckpointDecodingError`` (offset into the compressed bytes) for a run without a
    ///   length, a zero or overlong length, or an expansion beyond ``maximumExpandedBytes``.
    static func expand(_ bytes: [UInt8]) throws -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(min(bytes.count * 4, Self.maximumExpandedBytes))
        var i = 0
        func fail(_ problem: String) -> CheckpointDecodingError {
            CheckpointDecodingError(offset: i, field: "", problem: problem)
        }
        while i < bytes.count {
            let byte = bytes[i]
            i += 1
            guard byte == 0 else {
                out.append(byte)
                continue
            }
            var run = 0
            var shift = 0
            while true {
                guard i < bytes.count else { throw fail("zero run without its length (truncated)") }
                guard shift <= 28 else { throw fail("zero run length longer than 5 bytes") }
                let part = bytes[i]
                i += 1
                run |= Int(part & 0x7F) << shift
                shift += 7
                if part & 0x80 == 0 { break }
            }
            guard run > 0 else { throw fail("zero run of length 0") }
            guard out.count + run <= Self.maximumExpandedBytes else {
                throw fail("expands beyond \(Self.maximumExpandedBytes) bytes")
            }
            out.append(contentsOf: repeatElement(0, count: run))
        }
        guard out.count <= Self.maximumExpandedBytes else { throw fail("expands beyond \(Self.maximumExpandedBytes) bytes") }
        return out
    }
}
