import Foundation
internal import GRDB

/// The canonical bytes of a stored row, which seals hash: defined over the values SQLite returns (not
/// over what the recorder meant to insert), so that the recorder and `verify` hash exactly the same thing.
///
/// A row is its rowid (8 bytes, little-endian two's complement), then each column in schema order as a
/// type byte and a payload:
///
/// | type byte | value | payload |
/// |---|---|---|
/// | `0x00` | NULL | none |
/// | `0x01` | INTEGER | 8 bytes, little-endian two's complement |
/// | `0x02` | REAL | 8 bytes, the IEEE 754 bits, little-endian |
/// | `0x03` | TEXT | 8-byte little-endian length, then the UTF-8 bytes |
/// | `0x04` | BLOB | 8-byte little-endian length, then the bytes |
///
/// The length prefixes make the encoding unambiguous: no two different rows give the same bytes.
enum SealEncoding {
    /// Domain separation for segment digests, so a seal digest is never mistaken for another SHA-256 here.
    static let domain = Array("v2vsim.seal.v1".utf8) + [0]

    /// Appends row `row` (rowid in column 0, then `columnCount` columns) to `out`.
    static func appendRow(_ row: Row, columnCount: Int, to out: inout [UInt8]) {
        var ends: [Int]? = nil
        Self.appendRow(row, columnCount: columnCount, to: &out, columnEnds: &ends)
    }

    /// Appends row `row` to `out` as ``appendRow(_:columnCount:to:)`` does and, when `columnEnds` is not
    /// nil, sets it to where each column's bytes end in `out` (the rowid's 8 bytes come first).
    static func appendRow(_ row: Row, columnCount: Int, to out: inout [UInt8], columnEnds: inout [Int]?) {
        Self.appendInteger(row[0] as Int64, to: &out)
        columnEnds?.removeAll(keepingCapacity: true)
        for index in 1...columnCount {
            defer { columnEnds?.append(out.count) }
            let value: DatabaseValue = row[index]
            switch value.storage {
            case .null:
                out.append(0x00)
            case .int64(let integer):
                out.append(0x01)
                Self.appendInteger(integer, to: &out)
            case .double(let double):
                out.append(0x02)
                Self.appendInteger(Int64(bitPattern: double.bitPattern), to: &out)
            case .string(let text):
                out.append(0x03)
                var copy = text
                copy.withUTF8 { utf8 in
                    Self.appendInteger(Int64(utf8.count), to: &out)
                    out.append(contentsOf: utf8)
                }
            case .blob(let data):
                out.append(0x04)
                Self.appendInteger(Int64(data.count), to: &out)
                out.append(contentsOf: data)
            }
        }
    }

    /// Appends `value` as 8 little-endian bytes.
    static func appendInteger(_ value: Int64, to out: inout [UInt8]) {
        withUnsafeBytes(of: value.littleEndian) { out.append(contentsOf: $0) }
    }

    /// Appends `text` as an 8-byte length and its UTF-8 bytes.
    static func appendText(_ text: String, to out: inout [UInt8]) {
        let utf8 = Array(text.utf8)
        Self.appendInteger(Int64(utf8.count), to: &out)
        out.append(contentsOf: utf8)
    }

    /// Folds each column's bytes of one row (`bytes`, cut at `columnEnds`) into that column's running
    /// check (FNV-1a, 32 bit, over the column's cells in row order). Stored per segment after the row
    /// checks (schema version 7), so that `verify` can name the column of an edited cell: a cell edit
    /// changes its row's check and its column's, and no other column's.
    static func foldColumns(_ bytes: [UInt8], columnEnds: [Int], into checks: inout [UInt32]) {
        bytes.withUnsafeBufferPointer { buffer in
            var start = 8
            for (column, end) in columnEnds.enumerated() {
                var hash = checks[column]
                for k in start..<end {
                    hash ^= UInt32(buffer[k])
                    hash = hash &* 0x0100_0193
                }
                checks[column] = hash
                start = end
            }
        }
    }

    /// The starting value of every running check.
    static let checkBasis: UInt32 = 0x811C_9DC5

    /// The 4-byte check of one row's canonical bytes (FNV-1a, 32 bit), stored per row to find which row
    /// of a broken segment changed. It only locates; the segment's SHA-256 is what proves.
    static func rowCheck(_ bytes: [UInt8]) -> UInt32 {
        bytes.withUnsafeBufferPointer { buffer in
            var hash: UInt32 = 0x811C_9DC5
            for byte in buffer {
                hash ^= UInt32(byte)
                hash = hash &* 0x0100_0193
            }
            return hash
        }
    }
}
