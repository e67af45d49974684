import V2X

/// One part of a checkpoint and its size: canonical bytes, and bytes after zero-run coding.
struct CheckpointPartSize: Equatable {
    var name: String
    var bytes: Int
    var compressed: Int
}

extension Simulation {
    /// What a checkpoint of the current state spends its bytes on, by part: every field of
    /// ``SimulationState``, the vehicle stations split into their parts (summed over all vehicles),
    /// and the certificate table they share. Each part is encoded and compressed on its own, so
    /// the sum is close to, not exactly, the blob's size. For measurement (tests and issue 11's
    /// table); a checkpoint itself never calls it.
    func checkpointBreakdown() throws -> [CheckpointPartSize] {
        let table = CertificateTable()
        let blocks = CheckpointBlockTable()
        var parts: [CheckpointPartSize] = []
        func measure(_ name: String, _ value: any Encodable) throws {
            let sink = CheckpointByteSink(certificates: table, blocks: blocks)
            try sink.encodeValue(value)
            let compressed = ZeroRunCoding.compress(sink.bytes).count
            if let k = parts.firstIndex(where: { $0.name == name }) {
                parts[k].bytes += sink.bytes.count
                parts[k].compressed += compressed
            } else {
                parts.append(CheckpointPartSize(name: name, bytes: sink.bytes.count, compressed: compressed))
            }
        }
        for child in Mirror(reflecting: self.currentState()).children {
            let name = child.label ?? "?"
            if name == "agents" {
                for agent in self.agents.compactMap({ $0 }) {
                    for part in agent.station.checkpointParts() { try measure(part.name, part.value) }
                    try measure("station: false-hazard labels", agent.falseHazards)
                }
                try measure("agents: slots", self.agents.map { $0 == nil ? 0 as UInt8 : 1 })
            } else if let value = child.value as? any Encodable {
                try measure(name, value)
            }
        }
        let tableBytes = table.encoded()
        parts.append(CheckpointPartSize(
            name: "certificate table (\(table.count) certificates)", bytes: tableBytes.count,
            compressed: ZeroRunCoding.compress(tableBytes).count))
        let blockBytes = blocks.encoded()
        parts.append(CheckpointPartSize(
            name: "block table (\(blocks.count) blocks)", bytes: blockBytes.count,
            compressed: ZeroRunCoding.compress(blockBytes).count))
        return parts
    }
}
