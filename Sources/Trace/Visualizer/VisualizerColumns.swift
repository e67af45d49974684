import SimKernel
import V2X

/// Message rows as columns while the index loads; claims are decoded from the envelope (NaN when the
/// bytes do not decode, which a receiver would have rejected as `decode_error`).
struct MessageColumns {
    var id: [UInt64] = []
    var sender: [UInt32] = []
    var type: [UInt8] = []
    var pseudonym: [Int32] = []
    var signerKind: [UInt8] = []
    var generated: [Int64] = [], signed: [Int64] = [], txStart: [Int64] = [], txEnd: [Int64] = []
    var size: [Int32] = []
    var attacker: [Int16] = []
    var claimX: [Float] = [], claimY: [Float] = [], claimSpeed: [Float] = [], claimHeading: [Float] = []

    mutating func append(_ row: MessageRow, type: Int, pseudonym: Int, attacker: Int) {
        self.id.append(row.messageID)
        self.sender.append(row.sender)
        self.type.append(UInt8(clamping: type))
        self.pseudonym.append(Int32(clamping: pseudonym))
        self.generated.append(row.tGenerated.nanoseconds)
        self.signed.append(row.tSigned.nanoseconds)
        self.txStart.append(row.tTransmitStart.nanoseconds)
        self.txEnd.append(row.tTransmitEnd.nanoseconds)
        self.size.append(Int32(clamping: row.sizeBytes))
        self.attacker.append(Int16(clamping: attacker))
        var claim: (x: Double, y: Double, speed: Double, heading: Double) = (.nan, .nan, .nan, .nan)
        var signer: UInt8 = 255
        if let envelope = try? SignedEnvelope.decode(row.envelope) {
            if case .certificate = envelope.signer { signer = 1 } else { signer = 0 }
            switch envelope.type {
            case .cam:
                if let cam = try? SensorBroadcast.decode(envelope.payload) {
                    claim = (cam.x, cam.y, cam.speed, cam.heading)
                }
            case .denm:
                if let denm = try? HazardWarning.decode(envelope.payload) { claim = (denm.x, denm.y, .nan, .nan) }
            case .uplink, .uplinkAck:
                break
            }
        }
        self.signerKind.append(signer)
        self.claimX.append(Float(claim.x)); self.claimY.append(Float(claim.y))
        self.claimSpeed.append(Float(claim.speed)); self.claimHeading.append(Float(claim.heading))
    }

    /// Puts the columns in generation-time order (stable), if they are not already.
    mutating func sortByGeneration() {
        var sorted = true
        for i in self.generated.indices.dropFirst() where self.generated[i] < self.generated[i - 1] {
            sorted = false
            break
        }
        guard !sorted else { return }
        let order = self.generated.indices.sorted { (self.generated[$0], $0) < (self.generated[$1], $1) }
        func apply<T>(_ column: inout [T]) { column = order.map { column[$0] } }
        apply(&self.id); apply(&self.sender); apply(&self.type); apply(&self.pseudonym); apply(&self.signerKind)
        apply(&self.generated); apply(&self.signed); apply(&self.txStart); apply(&self.txEnd)
        apply(&self.size); apply(&self.attacker)
        apply(&self.claimX); apply(&self.claimY); apply(&self.claimSpeed); apply(&self.claimHeading)
    }
}

/// Reception rows as columns while the index loads, then grouped by message.
struct ReceptionColumns {
    var message: [Int32] = []
    var kind: [UInt8] = []
    var receiver: [UInt32] = []
    var delay: [Int32] = []
    var distance: [Float] = []
    var outcome: [UInt16] = []
    var latency: [Int32] = []
    var acted: [Bool] = []

    mutating func append(_ row: ReceptionRow, message: Int32, generated: Int64, outcome: UInt16) {
        self.message.append(message)
        self.kind.append(row.receiverKind == "vehicle" ? 0 : 1)
        self.receiver.append(row.receiverID)
        self.delay.append(Int32(clamping: (row.tReceived.nanoseconds - generated) / 1_000))
        self.distance.append(Float(row.distance))
        self.outcome.append(outcome)
        self.latency.append(row.latency.map { Int32(clamping: $0.nanoseconds / 1_000) } ?? -1)
        self.acted.append(row.actedOn)
    }

    /// Reorders the columns by message (a stable counting sort) and returns the offsets: message i's
    /// receptions are offsets[i] ..< offsets[i + 1].
    mutating func groupByMessage(messageCount: Int) -> [Int] {
        var offsets = [Int](repeating: 0, count: messageCount + 1)
        for m in self.message { offsets[Int(m) + 1] += 1 }
        for i in 0..<messageCount { offsets[i + 1] += offsets[i] }
        var next = offsets
        var order = [Int](repeating: 0, count: self.message.count)
        for (row, m) in self.message.enumerated() {
            order[next[Int(m)]] = row
            next[Int(m)] += 1
        }
        func apply<T>(_ column: inout [T]) { column = order.map { column[$0] } }
        apply(&self.kind); apply(&self.receiver); apply(&self.delay); apply(&self.distance)
        apply(&self.outcome); apply(&self.latency); apply(&self.acted)
        self.message = []
        return offsets
    }
}
