import Foundation

/// Reading and writing the safetensors format (Hugging Face): an 8-byte little-endian header
/// length N, N bytes of JSON mapping tensor names to `{dtype, shape, data_offsets}` plus an
/// optional `__metadata__` string map, then the raw little-endian tensor bytes.
///
/// The reader treats every byte as untrusted: header size, JSON shape, dtypes, shapes, offsets,
/// overlap and coverage of the data section are all checked, and problems come back as
/// `WeightsFileError` naming the file and the tensor.
public enum Safetensors {
    /// Files larger than this are refused before they are read in full. A policy of a million
    /// parameters in F32 is 4 MB; `Policies/idm-clone.safetensors` is 5.6 kB.
    public static let maximumFileBytes = 16 << 20
    /// Headers larger than this are refused before the JSON is parsed (the format's reference
    /// reader allows 100 MB; a v2vsim header is a few hundred bytes per tensor).
    public static let maximumHeaderBytes = 1 << 20
    /// Most tensors one file may hold (a policy has two per layer).
    public static let maximumTensors = 1_024
    /// Most dimensions of one tensor's shape.
    public static let maximumRank = 8
    /// Deepest nesting of JSON arrays and objects in the header (a valid header has 3).
    public static let maximumHeaderDepth = 8
    /// Largest size of one dimension of a shape (2²⁴); the byte size is bounded by the file anyway.
    public static let maximumDimension = 1 << 24

    /// `value` as an integer in `0...limit`, or nil when it is not a whole number in that range
    /// (JSON numbers arrive as `NSNumber`; 1.5, -1 and 1e300 are refused, and strings are not numbers).
    static func integer(_ value: Any, upTo limit: Int) -> Int? {
        guard let number = value as? NSNumber else { return nil }
        let double = number.doubleValue
        guard double.isFinite, double >= 0, double <= Double(limit), double == double.rounded(.towardZero) else {
            return nil
        }
        return Int(double)
    }

    /// Parses `bytes` (the whole file); `path` only labels errors.
    public static func read(_ bytes: [UInt8], path: String) throws(WeightsFileError) -> (tensors: [String: Tensor], metadata: [String: String]) {
        func fail(_ problem: String) -> WeightsFileError { WeightsFileError(path: path, problem: problem) }
        guard bytes.count <= Self.maximumFileBytes else {
            throw fail("\(bytes.count) bytes, larger than the \(Self.maximumFileBytes >> 20) MiB a weights file may have")
        }
        guard bytes.count >= 8 else { throw fail("not a safetensors file: \(bytes.count) bytes, shorter than the 8-byte header length") }
        var n: UInt64 = 0
        for i in 0..<8 { n |= UInt64(bytes[i]) << (8 * UInt64(i)) }
        guard n <= UInt64(Self.maximumHeaderBytes) else {
            throw fail("header length \(n) is more than the \(Self.maximumHeaderBytes >> 20) MiB a header may have")
        }
        guard 8 + Int(n) <= bytes.count else {
            throw fail("not a safetensors file: header length \(n) does not fit in a \(bytes.count)-byte file")
        }
        let headerEnd = 8 + Int(n)
        guard Self.nestingDepth(bytes[8..<headerEnd]) <= Self.maximumHeaderDepth else {
            throw fail("header nests JSON deeper than \(Self.maximumHeaderDepth) levels")
        }
        let json: Any
        do { json = try JSONSerialization.jsonObject(with: Data(bytes[8..<headerEnd])) } catch {
            throw fail("header is not valid JSON")
        }
        guard let header = json as? [String: Any] else { throw fail("header is not a JSON object") }
        let tensorCount = header.keys.filter { $0 != "__metadata__" }.count
        guard tensorCount <= Self.maximumTensors else {
            throw fail("header lists \(tensorCount) tensors, more than \(Self.maximumTensors)")
        }
        let dataCount = bytes.count - headerEnd
        var metadata: [String: String] = [:]
        var tensors: [String: Tensor] = [:]
        var ranges: [(Int, Int, String)] = []
        for name in header.keys.sorted() {
            let entry = header[name]!
            if name == "__metadata__" {
                guard let m = entry as? [String: Any] else { throw fail("__metadata__ is not an object") }
                for (k, v) in m {
                    guard let s = v as? String else { throw fail("__metadata__.\(k) is not a string") }
                    metadata[k] = s
                }
                continue
            }
            guard let info = entry as? [String: Any], let dtype = info["dtype"] as? String,
                  let shapeAny = info["shape"] as? [Any], let offsetsAny = info["data_offsets"] as? [Any]
            else { throw fail("tensor '\(name)': needs dtype, shape and data_offsets") }
            let shape = shapeAny.compactMap { Self.integer($0, upTo: Self.maximumDimension) }
            let offsets = offsetsAny.compactMap { Self.integer($0, upTo: Self.maximumFileBytes) }
            guard shape.count == shapeAny.count else {
                throw fail("tensor '\(name)': shape must be integers from 0 to \(Self.maximumDimension), got \(shapeAny)")
            }
            guard shape.count <= Self.maximumRank else {
                throw fail("tensor '\(name)': shape has \(shape.count) dimensions, more than \(Self.maximumRank)")
            }
            guard offsets.count == 2, offsets.count == offsetsAny.count, 0 <= offsets[0], offsets[0] <= offsets[1],
                  offsets[1] <= dataCount
            else { throw fail("tensor '\(name)': data_offsets \(offsetsAny) outside the \(dataCount)-byte data section") }
            let width: Int
            switch dtype {
            case "F32": width = 4
            case "F64": width = 8
            default: throw fail("tensor '\(name)': dtype \(dtype) is not supported (F32 or F64)")
            }
            // Sizes are compared with overflow checks: a shape like [2²⁴, 2²⁴, 2¹³] overflows Int
            // once multiplied by the element width.
            let elements = shape.reduce(1) { $0.multipliedReportingOverflow(by: $1).overflow ? Int.max : $0 * $1 }
            let size = elements.multipliedReportingOverflow(by: width)
            guard elements != Int.max, !size.overflow, size.partialValue == offsets[1] - offsets[0] else {
                throw fail("tensor '\(name)': shape \(shape) needs \(elements) × \(width) bytes, offsets give \(offsets[1] - offsets[0])")
            }
            ranges.append((offsets[0], offsets[1], name))
            let base = headerEnd + offsets[0]
            var values = [Double]()
            values.reserveCapacity(elements)
            for e in 0..<elements {
                var raw: UInt64 = 0
                for b in 0..<width { raw |= UInt64(bytes[base + e * width + b]) << (8 * UInt64(b)) }
                let v = width == 4 ? Double(Float(bitPattern: UInt32(raw))) : Double(bitPattern: raw)
                guard v.isFinite else { throw fail("tensor '\(name)': element \(e) is not finite") }
                values.append(v)
            }
            tensors[name] = Tensor(shape: shape, values: values)
        }
        // The data section must be covered exactly, without overlaps or holes.
        var cursor = 0
        for (begin, end, name) in ranges.sorted(by: { ($0.0, $0.1) < ($1.0, $1.1) }) {
            guard begin == cursor else { throw fail("tensor '\(name)': data overlaps another tensor or leaves a gap at byte \(cursor)") }
            cursor = end
        }
        guard cursor == dataCount else { throw fail("\(dataCount - cursor) bytes after the last tensor belong to none") }
        return (tensors, metadata)
    }

    /// The deepest nesting of JSON arrays and objects in `json`, brackets inside strings skipped;
    /// checked before `JSONSerialization`, which recurses once per level.
    static func nestingDepth(_ json: ArraySlice<UInt8>) -> Int {
        json.withUnsafeBufferPointer { Self.nestingDepth($0) }
    }

    private static func nestingDepth(_ json: UnsafeBufferPointer<UInt8>) -> Int {
        var depth = 0
        var deepest = 0
        var inString = false
        var escaped = false
        for byte in json {
            if inString {
                if escaped { escaped = false } else if byte == UInt8(ascii: "\\") { escaped = true } else if byte == UInt8(ascii: "\"") { inString = false }
                continue
            }
            switch byte {
            case UInt8(ascii: "\""): inString = true
            case UInt8(ascii: "["), UInt8(ascii: "{"):
                depth += 1
                deepest = max(deepest, depth)
            case UInt8(ascii: "]"), UInt8(ascii: "}"): depth -= 1
            default: break
            }
        }
        return deepest
    }
}
