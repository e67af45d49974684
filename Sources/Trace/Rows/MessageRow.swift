import SimKernel

/// One signed message that a vehicle (or attacker) sent.
///
/// Stored in the `messages` table; exported as `messages.csv`.
public struct MessageRow: Sendable, Equatable {
    /// Run-wide message id.
    public var messageID: UInt64
    /// Id of the sending vehicle.
    public var sender: UInt32
    /// The signing pseudonym certificate's 8-byte digest, as lowercase hex.
    public var pseudonym: String
    /// Message type name (`sensor_broadcast`, `hazard`, …).
    public var messageType: String
    /// When the payload was generated.
    public var tGenerated: SimTime
    /// When signing finished.
    public var tSigned: SimTime
    /// When the first bit went on air.
    public var tTransmitStart: SimTime
    /// When the last bit went on air.
    public var tTransmitEnd: SimTime
    /// Size on air [bytes].
    public var sizeBytes: Int
    /// The complete `SignedEnvelope` wire bytes.
    public var envelope: [UInt8]
    /// The signer's Ed25519 public key (32 bytes).
    public var signerPublicKey: [UInt8]
    /// The attacker behaviour that shaped this message, or `nil` for an honest one.
    public var attacker: String?

    /// Creates a message row; see the properties for units.
    public init(
        messageID: UInt64, sender: UInt32, pseudonym: String, messageType: String,
        tGenerated: SimTime, tSigned: SimTime, tTransmitStart: SimTime, tTransmitEnd: SimTime,
        sizeBytes: Int, envelope: [UInt8], signerPublicKey: [UInt8], attacker: String?
    ) {
        self.messageID = messageID
        self.sender = sender
        self.pseudonym = pseudonym
        self.messageType = messageType
        self.tGenerated = tGenerated
        self.tSigned = tSigned
        self.tTransmitStart = tTransmitStart
        self.tTransmitEnd = tTransmitEnd
        self.sizeBytes = sizeBytes
        self.envelope = envelope
        self.signerPublicKey = signerPublicKey
        self.attacker = attacker
    }
}
