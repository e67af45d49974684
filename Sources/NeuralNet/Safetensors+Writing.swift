import Foundation

extension Safetensors {
    /// Encodes `tensors` in name order with the given metadata.
    ///
    /// Deterministic: the same tensors, metadata and dtype give the same bytes (keys sorted, header
    /// padded with spaces to a multiple of 8 bytes as the reference writer does). F32 rounds each
    /// value to the nearest binary32; F64 keeps it exactly.
    /// - Parameters:
    ///   - tensors: the tensors; names must be distinct.
    ///   - metadata: the `__metadata__` string map.
    ///   - dtype: the element type every tensor is stored as (F32 by default).
    /// - Returns: the file's bytes.
    public static func write(
        tensors: [(name: String, tensor: Tensor)], metadata: [String: String], dtype: TensorDType = .f32
    ) -> [UInt8] {
        let ordered = tensors.sorted { $0.name < $1.name }
        var header = "{\"__metadata__\":{"
        header += metadata.keys.sorted().map { "\(jsonString($0)):\(jsonString(metadata[$0]!))" }.joined(separator: ",")
        header += "}"
        var offset = 0
        var data: [UInt8] = []
        for (name, tensor) in ordered {
            let size = tensor.values.count * dtype.width
            let shape = tensor.shape.map(String.init).joined(separator: ",")
            header += ",\(jsonString(name)):{\"dtype\":\"\(dtype.rawValue)\",\"shape\":[\(shape)],"
                + "\"data_offsets\":[\(offset),\(offset + size)]}"
            for v in tensor.values {
                let bits = dtype == .f32 ? UInt64(Float(v).bitPattern) : v.bitPattern
                for b in 0..<dtype.width { data.append(UInt8(truncatingIfNeeded: bits >> (8 * UInt64(b)))) }
            }
            offset += size
        }
        header += "}"
        while header.utf8.count % 8 != 0 { header += " " }
        var out: [UInt8] = []
        let n = UInt64(header.utf8.count)
        for i in 0..<8 { out.append(UInt8(truncatingIfNeeded: n >> (8 * UInt64(i)))) }
        out += Array(header.utf8)
        out += data
        return out
    }

    /// `s` as a JSON string literal (quotes, backslashes and control characters escaped). The rest of the
    /// program uses `Trace.JSONString`; this target depends on nothing, so that the detector and the
    /// policies can share it without pulling in the trace.
    static func jsonString(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case _ where scalar.value < 0x20: out += String(format: "\\u%04x", scalar.value)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
